// A job's change to one number: checked by the lifecycle domain (transition, changeTier), then
// stored with applyNumberChange; a main-pool number leaving service raises the 'left-service' alert
// that reserve promotion works from, in the same transaction.
import type { Knex } from 'knex';
import {
  changeTier,
  transition,
  type StateChange,
  type TierChange,
} from '../domain/lifecycle/number-transition.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import type { NumberState, NumberTier } from '../domain/pool/pool-number.ts';
import { raiseAlert } from '../store/health/alert-repository.ts';
import {
  applyNumberChange,
  type HealthNumber,
  type NumberFields,
} from '../store/numbers/number-lifecycle-repository.ts';
import type { HealthRun } from './health-run.ts';

export interface PlannedChange {
  to?: NumberState;
  tier?: NumberTier;
  fields?: NumberFields;
  reason: string;
}

export type ChangeResult = { ok: true; number: HealthNumber } | { ok: false; code: string; message: string };

const SERVING: ReadonlySet<NumberState> = new Set(['active', 'warming']);

export function leftServiceKey(numberId: number): string {
  return `left-service:${numberId}`;
}

/** Applies the change inside `trx`; a change the lifecycle refuses is returned, not thrown. */
export async function changeNumberIn(
  run: HealthRun,
  trx: Knex.Transaction,
  number: HealthNumber,
  plan: PlannedChange,
): Promise<ChangeResult> {
  // The history names whoever started the run: the job, or the supervisor at the command line.
  const kind = run.actor.kind === 'agent' ? 'system' : run.actor.kind;
  const tctx = { actor: { kind, id: run.actor.name }, reason: plan.reason, now: run.now };
  let state: StateChange | undefined;
  let tier: TierChange | undefined;
  if (plan.to !== undefined) {
    const checked = transition(number, plan.to, tctx);
    if (!checked.ok) return { ok: false, ...checked.error };
    state = checked.change;
  }
  if (plan.tier !== undefined) {
    const checked = changeTier({ ...number, state: plan.to ?? number.state }, plan.tier, tctx);
    if (!checked.ok) return { ok: false, ...checked.error };
    tier = checked.change;
  }
  const after = await applyNumberChange(run.deps.db, trx, {
    numberId: number.id,
    expect: { state: number.state, tier: number.tier },
    state,
    tier,
    fields: plan.fields,
    actor: run.actor,
    reason: plan.reason,
    at: run.now,
  });
  if (number.tier === 'main' && SERVING.has(number.state) && !SERVING.has(after.state)) {
    await raiseAlert(trx, {
      kind: 'left-service',
      severity: 'warning',
      key: leftServiceKey(number.id),
      numberId: number.id,
      subPool: subPoolKey(number),
      job: run.job,
      message: `number ${number.e164} left service (${number.state} → ${after.state}): ${plan.reason}`,
      at: run.now,
    });
  }
  return { ok: true, number: after };
}

/** The change in its own transaction, with `extra` writes that must commit with it. */
export async function changeNumber(
  run: HealthRun,
  number: HealthNumber,
  plan: PlannedChange,
  extra?: (trx: Knex.Transaction, after: HealthNumber) => Promise<void>,
): Promise<ChangeResult> {
  return run.deps.db.knex.transaction(async (trx) => {
    const result = await changeNumberIn(run, trx, number, plan);
    if (result.ok && extra) await extra(trx, result.number);
    return result;
  });
}
