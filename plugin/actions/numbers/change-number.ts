// One number's state or tier change, for the jobs and the supervisor's actions alike: checked by
// the lifecycle domain (transition, changeTier), stored with applyNumberChange and, when a main-pool
// number leaves service, the 'left-service' alert that reserve promotion works from, in one transaction.
import { leftService, leftServiceKey } from '../../domain/lifecycle/left-service.ts';
import {
  changeTier,
  transition,
  type Actor as HistoryActor,
  type StateChange,
  type TierChange,
} from '../../domain/lifecycle/number-transition.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import type { NumberState, NumberTier } from '../../domain/pool/pool-number.ts';
import type { Actor } from '../../store/audit/audit-log.ts';
import { inTransaction, type Queryable } from '../../store/connection/database.ts';
import { raiseAlert } from '../../store/health/alert-repository.ts';
import {
  applyNumberChange,
  type HealthNumber,
  type NumberFields,
} from '../../store/numbers/number-lifecycle-repository.ts';
import type { HealthRun } from './health-run.ts';

export interface PlannedChange {
  to?: NumberState;
  tier?: NumberTier;
  fields?: NumberFields;
  reason: string;
}

export type ChangeResult =
  | { ok: true; number: HealthNumber }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED'; message: string };

/** Who number_state_history names: the job, or the person at the command line or panel. */
export function historyActor(actor: Actor): HistoryActor {
  return { kind: actor.kind === 'agent' ? 'user' : actor.kind, id: actor.name };
}

/** Applies the change inside `tx`; a change the lifecycle refuses is returned, not thrown. */
export async function changeNumberIn(
  run: HealthRun,
  tx: Queryable,
  number: HealthNumber,
  plan: PlannedChange,
): Promise<ChangeResult> {
  const tctx = { actor: historyActor(run.actor), reason: plan.reason, now: run.now };
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
  const after = await applyNumberChange(run.deps.db, tx, {
    numberId: number.id,
    expect: { state: number.state, tier: number.tier },
    ...{ state, tier, fields: plan.fields, actor: run.actor, reason: plan.reason, at: run.now },
  });
  if (leftService(number, after.state)) {
    await raiseAlert(tx, {
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
  extra?: (tx: Queryable, after: HealthNumber) => Promise<void>,
): Promise<ChangeResult> {
  return inTransaction(run.deps.db, async (tx) => {
    const result = await changeNumberIn(run, tx, number, plan);
    if (result.ok && extra) await extra(tx, result.number);
    return result;
  });
}
