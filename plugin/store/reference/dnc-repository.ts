// The do-not-call list (C5): single additions from agents, the CRM and the panel, audited.
import type { Knex } from 'knex';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { toDbTime } from '../connection/db-time.ts';

export interface DncAddition {
  calleeE164: string;
  reason: string | null;
  source: 'agent' | 'api' | 'panel' | 'import' | 'cli';
  actor: Actor;
  at: Date;
}

/** Adds the callee unless already listed (the first refusal is kept); true when it was added. */
export async function addToDnc(knex: Knex, entry: DncAddition): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const existing = (await trx('dnc')
      .where({ callee_e164: entry.calleeE164 })
      .first('callee_e164')) as unknown;
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
