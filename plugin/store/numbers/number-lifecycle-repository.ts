// Numbers as the health jobs see them (rows ↔ HealthNumber) and the one way a job changes a number:
// applyNumberChange writes numbers + number_state_history + audit_log + the reference version together.
import type { Knex } from 'knex';
import type { StateChange, TierChange } from '../../domain/lifecycle/number-transition.ts';
import type { NumberState, NumberTier, PoolNumber } from '../../domain/pool/pool-number.ts';
import { AppError } from '../../errors/index.ts';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import type { Database } from '../connection/database.ts';
import { fromDbDate, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';
import { bumpReferenceVersion, toPoolNumber, type NumberRow } from '../reference/reference-repository.ts';

export interface HealthNumber extends PoolNumber {
  acquiredOn: string | null;
  activatedOn: string | null;
  reviewDueOn: string | null;
  releaseAfter: string | null;
  releasedOn: string | null;
  stateChangedAt: Date | null;
}

/** Columns a job may set besides state and tier. */
export interface NumberFields {
  dailyCap?: number;
  warmupCap?: number;
  activatedOn?: string | null;
  reviewDueOn?: string | null;
  releaseAfter?: string | null;
  releasedOn?: string | null;
}

export interface NumberChange {
  numberId: number;
  /** The state and tier the decision was made on; anything else means someone changed it meanwhile. */
  expect: { state: NumberState; tier: NumberTier };
  state?: StateChange;
  tier?: TierChange;
  fields?: NumberFields;
  actor: Actor;
  /** Why, for the audit log (a state or tier change carries its own reason for the history). */
  reason: string;
  at: Date;
}

interface NumberDbRow extends NumberRow {
  acquired_on: string | null;
  activated_on: string | null;
  review_due_on: string | null;
  release_after: string | null;
  released_on: string | null;
  state_changed_at: string | null;
}

const FIELD_COLUMNS: Record<keyof NumberFields, string> = {
  dailyCap: 'daily_cap',
  warmupCap: 'warmup_cap',
  activatedOn: 'activated_on',
  reviewDueOn: 'review_due_on',
  releaseAfter: 'release_after',
  releasedOn: 'released_on',
};

/** Every number not yet released, by id. */
export async function loadHealthNumbers(knex: Knex): Promise<HealthNumber[]> {
  const rows = (await knex('numbers').whereNull('released_on').orderBy('id').select('*')) as NumberDbRow[];
  return rows.map(toHealthNumber);
}

/** Applies one change atomically; throws NUMPOOL_NUMBER_CHANGED when the number moved since it was read. */
export async function applyNumberChange(
  db: Database,
  trx: Knex,
  change: NumberChange,
): Promise<HealthNumber> {
  const query = trx('numbers').where({ id: change.numberId }).first('*');
  const row = (await (db.dialect === 'mysql' ? query.forUpdate() : query)) as NumberDbRow | undefined;
  if (!row) throw new AppError('NUMPOOL_NUMBER_UNKNOWN', `number ${change.numberId} does not exist`);
  const before = toHealthNumber(row);
  if (before.state !== change.expect.state || before.tier !== change.expect.tier) {
    throw new AppError(
      'NUMPOOL_NUMBER_CHANGED',
      `number ${change.numberId} is ${before.state}/${before.tier}, not ${change.expect.state}/${change.expect.tier} as read; skipped until the next run`,
    );
  }
  const at = toDbTime(change.at);
  const update: Record<string, unknown> = { updated_at: at, version: trx.raw('?? + 1', ['numbers.version']) };
  for (const [field, value] of Object.entries(change.fields ?? {}))
    update[FIELD_COLUMNS[field as keyof NumberFields]] = value;
  if (change.state) Object.assign(update, { state: change.state.to, state_changed_at: at });
  if (change.tier) update.tier = change.tier.to;
  await trx('numbers').where({ id: change.numberId }).update(update);
  for (const c of [change.state, change.tier]) if (c) await insertHistory(trx, c, before.state);
  const after = toHealthNumber(
    (await trx('numbers').where({ id: change.numberId }).first('*')) as NumberDbRow,
  );
  await appendAudit(trx, {
    actor: change.actor,
    action: change.state ? 'transition' : change.tier ? 'change-tier' : 'update',
    entity: 'number',
    entityId: String(change.numberId),
    before: auditView(before),
    after: { ...auditView(after), reason: change.reason },
    at: change.at,
  });
  await bumpReferenceVersion(trx, change.actor.name, change.at);
  return after;
}

async function insertHistory(
  trx: Knex,
  c: StateChange | TierChange,
  stateBefore: NumberState,
): Promise<void> {
  await trx('number_state_history').insert({
    number_id: c.numberId,
    from_state: c.kind === 'state' ? c.from : stateBefore,
    to_state: c.kind === 'state' ? c.to : c.state,
    actor_kind: c.actor.kind,
    actor: c.actor.id.slice(0, 64),
    reason: c.kind === 'state' ? c.reason : `tier ${c.from} → ${c.to}: ${c.reason}`,
    at: toDbTime(c.at),
  });
}

function auditView(n: HealthNumber): Record<string, unknown> {
  return {
    state: n.state,
    tier: n.tier,
    dailyCap: n.dailyCap,
    warmupCap: n.warmupCap,
    activatedOn: n.activatedOn,
    reviewDueOn: n.reviewDueOn,
    releaseAfter: n.releaseAfter,
    releasedOn: n.releasedOn,
  };
}

function toHealthNumber(r: NumberDbRow): HealthNumber {
  return {
    ...toPoolNumber(r),
    acquiredOn: fromDbDate(r.acquired_on),
    activatedOn: fromDbDate(r.activated_on),
    reviewDueOn: fromDbDate(r.review_due_on),
    releaseAfter: fromDbDate(r.release_after),
    releasedOn: fromDbDate(r.released_on),
    stateChangedAt: fromDbTimeOrNull(r.state_changed_at),
  };
}
