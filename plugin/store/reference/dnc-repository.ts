// The do-not-call list (C5): single additions from agents, the CRM, the panel and the CLI, removals
// with a reason, look-ups and the full list for the export. Used by actions/reference, the call flow.
import type { Knex } from 'knex';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { fromDbTime, toDbTime } from '../connection/db-time.ts';

export type DncSource = 'agent' | 'api' | 'panel' | 'import' | 'cli';

export interface DncAddition {
  calleeE164: string;
  reason: string | null;
  source: DncSource;
  actor: Actor;
  at: Date;
}

/** One entry of the list as stored. */
export interface DncEntry {
  calleeE164: string;
  reason: string | null;
  source: string;
  addedBy: string;
  addedAt: Date;
}

interface DncRow {
  callee_e164: string;
  reason: string | null;
  source: string;
  added_by: string;
  added_at: string | Date;
}

const COLUMNS = ['callee_e164', 'reason', 'source', 'added_by', 'added_at'];

function toEntry(r: DncRow): DncEntry {
  return {
    calleeE164: r.callee_e164,
    reason: r.reason,
    source: r.source,
    addedBy: r.added_by,
    addedAt: fromDbTime(r.added_at),
  };
}

/** Adds the callee unless already listed (the first refusal is kept); true when it was added. */
export async function addToDnc(knex: Knex, entry: DncAddition): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const existing = await findDnc(trx, entry.calleeE164);
    if (existing) return false;
    await trx('dnc')
      .insert({
        callee_e164: entry.calleeE164,
        reason: entry.reason,
        source: entry.source,
        added_by: entry.actor.name,
        added_at: toDbTime(entry.at),
      })
      .onConflict('callee_e164')
      .ignore();
    await appendAudit(trx, {
      actor: entry.actor,
      action: 'add',
      entity: 'dnc',
      entityId: entry.calleeE164,
      after: { reason: entry.reason, source: entry.source },
      at: entry.at,
    });
    return true;
  });
}

/** The callee's entry, or null when the callee is not on the list. */
export async function findDnc(q: Knex, calleeE164: string): Promise<DncEntry | null> {
  const row = (await q('dnc').where({ callee_e164: calleeE164 }).first(COLUMNS)) as DncRow | undefined;
  return row ? toEntry(row) : null;
}

/** Deletes the callee's entry; true when there was one. */
export async function deleteDnc(q: Knex, calleeE164: string): Promise<boolean> {
  const deleted = await q('dnc').where({ callee_e164: calleeE164 }).del();
  return deleted > 0;
}

/** The whole list, in E.164 order. */
export async function listDnc(q: Knex): Promise<DncEntry[]> {
  const rows = (await q('dnc').orderBy('callee_e164').select(COLUMNS)) as DncRow[];
  return rows.map(toEntry);
}
