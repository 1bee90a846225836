// Decides one call outside the live path: `numpool decide` and the API's preview. A real decision
// reserves exactly as a live call would (cap unit, frequency slot, call row); a dry run only decides
// and leaves no trace. The outcome, allowed or blocked, is a value: a blocked call is no error.
import type { DecisionResult } from '../../call-flow/decide-call.ts';
import type { CallPurpose } from '../../domain/call-request.ts';
import { AppError } from '../../errors/index.ts';
import type { ActionContext } from '../action-context.ts';
import { isRouteName } from './decide-input.ts';

export interface DecideCallInput {
  /** As the agent dialled it; the engine parses it (an invalid one is blocked INVALID_NUMBER). */
  callee: string;
  agent: string;
  purpose: CallPurpose;
  route: string | null;
  /** Decide as if at this instant; null is now. */
  at: Date | null;
  /** Decide only: reserve nothing, record nothing. */
  dryRun: boolean;
}

export async function decideCall(ctx: ActionContext, input: DecideCallInput): Promise<DecisionResult> {
  if (input.route !== null && !isRouteName(input.route)) {
    throw new AppError('NUMPOOL_INVALID_INPUT', 'route must be a route name (letters, digits, _ . -)');
  }
  const request = { callee: input.callee, agent: input.agent, purpose: input.purpose, route: input.route };
  const now = input.at ?? ctx.now();
  return ctx.engine.decide(request, { now, dryRun: input.dryRun, record: !input.dryRun });
}

/** The decision a call would get, without reserving or recording anything (X3). */
export function previewDecision(
  ctx: ActionContext,
  input: Omit<DecideCallInput, 'dryRun'>,
): Promise<DecisionResult> {
  return decideCall(ctx, { ...input, dryRun: true });
}
