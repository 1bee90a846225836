// One call being decided: its request, clock and options, the reference snapshot it is decided on,
// and how its decision becomes a call row and a DecisionResult. Opened first by decide-call.ts.
import type { Area } from '../../domain/areas/area.ts';
import type { CallRequest } from '../../domain/call-request.ts';
import type { Decision } from '../../domain/decision.ts';
import type { CallRowInput } from '../../store/calls/call-log.ts';
import type { ReferenceCache, ReferenceSnapshot } from '../../store/reference/reference-cache.ts';

export interface DecideOptions {
  now: Date;
  /** Decide without reserving anything (X3, `numpool decide --dry-run`). */
  dryRun?: boolean;
  /** Write the call row; a dry run from the CLI leaves no trace. Default true. */
  record?: boolean;
  serverId?: string | null;
  channelId?: string | null;
}

export interface DecisionResult {
  callId: number | null;
  decision: Decision;
  calleeE164: string | null;
  area: Area | null;
  /** The route to dial for an allowed call. */
  route: string | null;
  dryRun: boolean;
  elapsedMs: number;
}

/** The callee as far as the call row needs it: its E.164 form and area, once known. */
export interface CalleeOnRow {
  e164: string;
  area: Area;
}

export interface DecisionCall {
  request: CallRequest;
  now: Date;
  dryRun: boolean;
  /** Whether the decision is written to the calls table (not for `numpool decide --dry-run`). */
  record: boolean;
  snapshot: ReferenceSnapshot;
  /** The call row's columns that do not depend on the decision. */
  row: Omit<CallRowInput, 'decision' | 'calleeE164' | 'area' | 'route' | 'usageDay'>;
  /** The route to dial: the dialplan's, else the number's, else the rules' default. */
  routeFor: (decision: Decision) => string | null;
  result: (decision: Decision, callId: number | null, callee: CalleeOnRow | null) => DecisionResult;
}

/** Starts the clock (the call row's decision_ms) before the snapshot is read, as callers see it. */
export async function openDecisionCall(
  cache: ReferenceCache,
  request: CallRequest,
  options: DecideOptions,
): Promise<DecisionCall> {
  const started = performance.now();
  const elapsedMs = (): number => performance.now() - started;
  const dryRun = options.dryRun ?? false;
  const snapshot = await cache.current();
  const routeFor = (d: Decision): string | null =>
    d.kind === 'allowed' ? (request.route ?? d.number.route ?? snapshot.rules.defaultRoute) : null;
  return {
    request,
    now: options.now,
    dryRun,
    record: options.record !== false,
    snapshot,
    routeFor,
    row: {
      request,
      dryRun,
      decidedAt: options.now,
      elapsedMs,
      serverId: options.serverId ?? null,
      channelId: options.channelId ?? null,
    },
    result: (decision, callId, callee) => ({
      callId,
      decision,
      calleeE164: callee?.e164 ?? null,
      area: callee?.area ?? null,
      route: routeFor(decision),
      dryRun,
      elapsedMs: elapsedMs(),
    }),
  };
}
