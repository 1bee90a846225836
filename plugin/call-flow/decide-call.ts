// The per-call decision use case, in the README's rule order: number → DNC → agent → consent →
// window → frequency → selection → reserve (or, in a dry run, only decide). Used by the ARI hook
// and the CLI; the details are the named steps in decision-steps/.
import type { CallRequest } from '../domain/call-request.ts';
import { parseCallee } from '../domain/decision.ts';
import type { Rng } from '../domain/selection/learning-beta.ts';
import { ShadowUsage } from '../domain/selection/shadow-usage.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { withdrawDecision } from '../store/calls/unchecked-call-repository.ts';
import type { Database } from '../store/connection/database.ts';
import type { ReferenceCache } from '../store/reference/reference-cache.ts';
import type { LearningModelCache } from '../store/reservation/learning-model-cache.ts';
import { releaseReservation } from '../store/reservation/reservation.ts';
import type { UsageTracker } from '../store/reservation/usage-tracker.ts';
import { openDecisionCall, type DecideOptions, type DecisionResult } from './decision-steps/decision-call.ts';
import { placeCallee } from './decision-steps/place-callee.ts';
import { previewDecision } from './decision-steps/preview.ts';
import { recordUnreserved } from './decision-steps/record-unreserved.ts';
import { reserveCallerId } from './decision-steps/reserve.ts';

export type { DecideOptions, DecisionResult } from './decision-steps/decision-call.ts';

export interface DecisionEngineDeps {
  db: Database;
  cache: ReferenceCache;
  usage: UsageTracker;
  areas: CalleeAreaResolver;
  /** The pool's time zone: the day that daily caps are counted in. */
  poolTimeZone: string;
  /** The learning selection's settings and model (S3); without it every sub-pool is least-used. */
  learning?: LearningModelCache;
  /** Random source for Thompson sampling; injected so simulations can seed it. */
  random?: Rng;
  /** Told when the learning model cannot be had; the call then falls back to least-used. */
  onLearningError?: (err: unknown) => void;
}

export interface DecisionEngine {
  decide(request: CallRequest, options: DecideOptions): Promise<DecisionResult>;
  release(callId: number): Promise<boolean>;
  /** A decision that may not have reached its channel: cap unit back, row marked not_applied. */
  withdraw(callId: number): Promise<boolean>;
}

export function createDecisionEngine(deps: DecisionEngineDeps): DecisionEngine {
  const { db, usage } = deps;
  const shadowUsage = new ShadowUsage(usage);

  async function decide(request: CallRequest, options: DecideOptions): Promise<DecisionResult> {
    const call = await openDecisionCall(deps.cache, request, options);

    // 1. number: one that cannot be parsed is recorded as blocked, with no callee to place.
    const parsed = parseCallee(request, call.snapshot.rules);
    if (!parsed.ok) return recordUnreserved(db, call, parsed.decision, null);
    const callee = await placeCallee(deps, call, parsed.number);

    // 2–7. DNC → agent → consent → window → frequency → selection: decideForCallee in
    // domain/decision.ts, run by the step below on the callee's state.
    // 8. reserve: that state is read under the callee's lock and the chosen number's cap unit taken
    // in the same transaction; a dry run reads it without a lock and reserves nothing.
    if (call.dryRun) return previewDecision(db, shadowUsage, call, callee);
    return reserveCallerId(db, usage, call, callee);
  }

  async function release(callId: number): Promise<boolean> {
    const released = await releaseReservation(db, callId);
    if (released && released.numberId !== null) usage.noteReleased(released.numberId);
    return released !== false;
  }

  async function withdraw(callId: number): Promise<boolean> {
    const withdrawn = await withdrawDecision(db, callId);
    if (withdrawn && withdrawn.numberId !== null) usage.noteReleased(withdrawn.numberId);
    return withdrawn !== false;
  }

  return { decide, release, withdraw };
}
