// Appeals (A1–A2): rows ↔ Appeal. Every write is audited in the caller's transaction; an answered
// appeal's effects are marked applied in the transaction that applies them, so they happen once.
import type { Knex } from 'knex';
import type { Appeal, AppealStatus } from '../../domain/appeals/appeal.ts';
import { AppError } from '../../errors/index.ts';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { fromDbDate, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';

export interface StoredAppeal extends Appeal {
  id: number;
  effectsAppliedAt: Date | null;
}

interface AppealDbRow {
  id: number;
  number_id: number;
  platform: string;
  status: AppealStatus;
  urgent: number | boolean;
  materials: string;
  submitted_at: string | null;
  due_on: string | null;
  answered_at: string | null;
  outcome_note: string | null;
  created_by: string;
  effects_applied_at: string | null;
}

export async function listAppeals(
  knex: Knex,
  filter: { numberId?: number; statuses?: readonly AppealStatus[]; effectsPending?: boolean } = {},
): Promise<StoredAppeal[]> {
  const query = knex('appeals').orderBy('id');
  if (filter.numberId !== undefined) query.where({ number_id: filter.numberId });
  if (filter.statuses) query.whereIn('status', [...filter.statuses]);
  if (filter.effectsPending) query.whereNull('effects_applied_at');
  return ((await query.select('*')) as AppealDbRow[]).map(toAppeal);
}

/** Inserts a new appeal (id null) or updates a stored one; returns the stored appeal. */
export async function saveAppeal(trx: Knex, appeal: Appeal, actor: Actor, now: Date): Promise<StoredAppeal> {
  const at = toDbTime(now);
  const columns = {
    number_id: appeal.numberId,
    platform: appeal.platform,
    status: appeal.status,
    urgent: appeal.urgent,
    materials: JSON.stringify(appeal.materials),
    submitted_at: appeal.submittedAt === null ? null : toDbTime(appeal.submittedAt),
    due_on: appeal.dueOn,
    answered_at: appeal.answeredAt === null ? null : toDbTime(appeal.answeredAt),
    outcome_note: appeal.outcomeNote,
    updated_at: at,
  };
  let id = appeal.id;
  let before: StoredAppeal | null = null;
  if (id === null) {
    const [inserted] = (await trx('appeals').insert({
      ...columns,
      created_by: appeal.createdBy.slice(0, 64),
      created_at: at,
    })) as number[];
    id = Number(inserted);
  } else {
    before = await findAppeal(trx, id);
    await trx('appeals')
      .where({ id })
      .update({ ...columns, version: trx.raw('?? + 1', ['appeals.version']) });
  }
  const after = await findAppeal(trx, id);
  await appendAudit(trx, {
    actor,
    action: before === null ? 'open' : `appeal-${appeal.status}`,
    entity: 'appeal',
    entityId: String(id),
    before,
    after,
    at: now,
  });
  return after;
}

export async function markEffectsApplied(trx: Knex, appealId: number, now: Date): Promise<boolean> {
  const changed = await trx('appeals')
    .where({ id: appealId })
    .whereNull('effects_applied_at')
    .update({ effects_applied_at: toDbTime(now) });
  return changed > 0;
}

async function findAppeal(knex: Knex, id: number): Promise<StoredAppeal> {
  const row = (await knex('appeals').where({ id }).first('*')) as AppealDbRow | undefined;
  if (!row) throw new AppError('NUMPOOL_APPEAL_UNKNOWN', `appeal ${id} does not exist`);
  return toAppeal(row);
}

function toAppeal(r: AppealDbRow): StoredAppeal {
  return {
    id: Number(r.id),
    numberId: Number(r.number_id),
    platform: r.platform,
    status: r.status,
    urgent: Boolean(r.urgent),
    materials: JSON.parse(r.materials) as Record<string, boolean>,
    submittedAt: fromDbTimeOrNull(r.submitted_at),
    dueOn: fromDbDate(r.due_on),
    answeredAt: fromDbTimeOrNull(r.answered_at),
    outcomeNote: r.outcome_note,
    createdBy: r.created_by,
    effectsAppliedAt: fromDbTimeOrNull(r.effects_applied_at),
  };
}
