// The per-call decision use case: validate the number, place the callee, then decide and reserve
// atomically (or, in a dry run, only decide). Used by the ARI hook and the CLI.
import type { Area } from '../domain/areas/area.ts';
import { toLocalTime } from '../domain/calendar/local-time.ts';
import type { CallRequest } from '../domain/call-request.ts';
import { decideForCallee, parseCallee, type Decision } from '../domain/decision.ts';
import { lookbackMinutes } from '../domain/rules/frequency.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { insertCallRow } from '../store/calls/call-log.ts';
import { readCalleeState } from '../store/calls/callee-repository.ts';
import type { Database } from '../store/connection/database.ts';
import type { ReferenceCache } from '../store/reference/reference-cache.ts';
import { releaseReservation, reserve } from '../store/reservation/reservation.ts';
import { ShadowUsage } from '../store/reservation/shadow-usage.ts';
import { withdrawDecision } from '../store/calls/unchecked-call-repository.ts';
import type { UsageTracker } from '../store/reservation/usage-tracker.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import type { Rules } from '../domain/rules/rules.ts';
import type { Rng } from '../domain/selection/learning-beta.ts';
import { chooseByThompson, learningContext, strategyFor } from '../domain/selection/learning-ranker.ts';
import type { CallerIdLearner } from '../domain/selection/select-caller-id.ts';
import type { LearningModelCache } from '../store/reservation/learning-model-cache.ts';

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

export interface DecisionEngine {
  decide(request: CallRequest, options: DecideOptions): Promise<DecisionResult>;
  release(callId: number): Promise<boolean>;
  /** A decision that may not have reached its channel: cap unit back, row marked not_applied. */
  withdraw(callId: number): Promise<boolean>;
}

export function createDecisionEngine(deps: DecisionEngineDeps): DecisionEngine {
  const { db, cache, usage, areas } = deps;
  const shadowUsage = new ShadowUsage(usage);

  async function decide(request: CallRequest, options: DecideOptions): Promise<DecisionResult> {
    const started = performance.now();
    const elapsedMs = (): number => performance.now() - started;
    const { now } = options;
    const dryRun = options.dryRun ?? false;
    const snapshot = await cache.current();
    const { rules } = snapshot;
    const routeFor = (d: Decision): string | null =>
      d.kind === 'allowed' ? (request.route ?? d.number.route ?? rules.defaultRoute) : null;
    const row = {
      request,
      dryRun,
      decidedAt: now,
      elapsedMs,
      serverId: options.serverId ?? null,
      channelId: options.channelId ?? null,
    };
    const result = (
      decision: Decision,
      callId: number | null,
      calleeE164: string | null,
      area: Area | null,
    ): DecisionResult => ({
      callId,
      decision,
      calleeE164,
      area,
      route: routeFor(decision),
      dryRun,
      elapsedMs: elapsedMs(),
    });

    const parsed = parseCallee(request, rules);
    if (!parsed.ok) {
      const callId =
        options.record === false
          ? null
          : await insertCallRow(db.knex, {
              ...row,
              decision: parsed.decision,
              calleeE164: null,
              area: null,
              route: null,
              usageDay: null,
            });
      return result(parsed.decision, callId, null, null);
    }
    const callee = parsed.number;
    const area = await areas.resolve(callee);
    const learner = await learnerFor(deps, request, rules, area, now);
    const input = {
      learner,
      now,
      request,
      rules,
      calendar: snapshot.calendar,
      agent: snapshot.agents.get(request.agent) ?? null,
      callee,
      area,
      index: snapshot.pool,
    };
    const usageDay = toLocalTime(now, deps.poolTimeZone).date;
    await usage.prepare(usageDay);

    if (dryRun) {
      // A recorded dry run (shadow mode) counts earlier shadow calls and their numbers, so it
      // reports what enforcing would do; an unrecorded one (`numpool decide --dry-run`) is a
      // preview that leaves no trace, not even in the shadow counters.
      const shadow = options.record !== false;
      const since = new Date(now.getTime() - lookbackMinutes(rules.frequency[request.purpose]) * 60_000);
      const state = await readCalleeState(db.knex, callee.e164, since, shadow);
      shadowUsage.prepare(usageDay);
      const decision = decideForCallee({ ...input, state, usage: shadowUsage });
      if (shadow && decision.kind === 'allowed') shadowUsage.noteShadowCall(decision.number.id);
      const callId =
        options.record === false
          ? null
          : await insertCallRow(db.knex, {
              ...row,
              decision,
              calleeE164: callee.e164,
              area,
              route: routeFor(decision),
              usageDay: null,
            });
      return result(decision, callId, callee.e164, area);
    }
    const reserved = await reserve(db, {
      ...input,
      usage,
      usageDay,
      row: { ...row, calleeE164: callee.e164, area },
      routeFor,
    });
    return result(reserved.decision, reserved.callId, callee.e164, area);
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

/** The sub-pool's learning strategy for this call, or null for least-used (the default). */
async function learnerFor(
  deps: DecisionEngineDeps,
  request: CallRequest,
  rules: Rules,
  area: Area,
  now: Date,
): Promise<CallerIdLearner | null> {
  if (!deps.learning) return null;
  let snapshot;
  try {
    snapshot = await deps.learning.current(now);
  } catch (err) {
    // Learning is an optimisation: without its model the call is decided by least-used.
    deps.onLearningError?.(err);
    return null;
  }
  const { settings, model } = snapshot;
  const purpose = rules.numberPurposeFor[request.purpose];
  if (!model || strategyFor(subPoolKey({ purpose, region: area.region }), settings.learning) !== 'thompson')
    return null;
  const ctx = learningContext(area, now, deps.poolTimeZone, settings.learning);
  const random = deps.random ?? Math.random;
  return {
    name: 'thompson',
    candidates: settings.learning.candidates,
    choose: (eligible) => chooseByThompson(eligible, ctx, model, random)?.chosen ?? null,
  };
}
