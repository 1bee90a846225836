// `number state` and `number tier`: a supervisor moves one number through the lifecycle (L1, G3).
// The lifecycle domain checks the move; the change, its history, its audit entry and — when a
// main-pool number leaves service — the 'left-service' alert are written in one transaction.
import { fieldsOnEntering } from '../../domain/lifecycle/entering-state.ts';
import type { NumberState, NumberTier } from '../../domain/pool/pool-number.ts';
import { checkFreeText } from '../../domain/text/free-text.ts';
import { AppError } from '../../errors/index.ts';
import { inTransaction } from '../../store/connection/database.ts';
import type { ActionContext } from '../action-context.ts';
import { changeNumberIn, type ChangeResult, type PlannedChange } from './change-number.ts';
import { findPoolNumber } from './find-pool-number.ts';
import { startSupervisorRun } from './supervisor-run.ts';

export interface NumberMove {
  e164: string;
  before: { state: NumberState; tier: NumberTier };
  after: { state: NumberState; tier: NumberTier };
  reason: string;
}

export function changeNumberState(
  ctx: ActionContext,
  input: { number: string; state: NumberState; reason: string },
): Promise<NumberMove> {
  return moveNumber(ctx, input.number, { to: input.state, reason: input.reason });
}

export function changeNumberTier(
  ctx: ActionContext,
  input: { number: string; tier: NumberTier; reason: string },
): Promise<NumberMove> {
  return moveNumber(ctx, input.number, { tier: input.tier, reason: input.reason });
}

async function moveNumber(ctx: ActionContext, input: string, plan: PlannedChange): Promise<NumberMove> {
  const reason = checkReason(plan.reason);
  const number = await findPoolNumber(ctx, input);
  // The alerts it raises name who acted, as a job's name them after the job.
  const job = `${ctx.actor.kind}:${ctx.actor.name}`.slice(0, 64);
  const result = await inTransaction(ctx.db, async (tx) => {
    const run = await startSupervisorRun(ctx, tx, job);
    const fields =
      plan.to === undefined ? undefined : fieldsOnEntering(plan.to, number, run.settings, run.today);
    return refuseUnlessDone(await changeNumberIn(run, tx, number, { ...plan, fields, reason }));
  });
  const after = { state: result.state, tier: result.tier };
  return { e164: number.e164, before: { state: number.state, tier: number.tier }, after, reason };
}

function checkReason(reason: string): string {
  const checked = checkFreeText('reason', reason);
  if (!checked.ok) throw new AppError('NUMPOOL_INVALID_TEXT', checked.message);
  if (reason.trim() === '') throw new AppError('NUMPOOL_INVALID_INPUT', 'a lifecycle change needs a reason');
  return reason.trim();
}

function refuseUnlessDone(result: ChangeResult): Extract<ChangeResult, { ok: true }>['number'] {
  if (result.ok) return result.number;
  if (result.code === 'REASON_REQUIRED') throw new AppError('NUMPOOL_INVALID_INPUT', result.message);
  throw new AppError('NUMPOOL_ILLEGAL_TRANSITION', result.message);
}
