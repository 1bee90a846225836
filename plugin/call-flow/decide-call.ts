// The per-call decision use case: validate the number, read the callee's facts, run the gates,
// then reserve atomically (or, in dry-run, only evaluate). Used by the ARI hook and the CLI.
import type { Area } from '../domain/areas/area.ts';
import { toLocalTime } from '../domain/calendar/local-time.ts';
import type { CallRequest } from '../domain/call-request.ts';
import { evaluateReservation, parseCallee, type Decision } from '../domain/decision.ts';
import { lookbackMinutes } from '../domain/rules/frequency.ts';
import { runGates } from '../domain/rules/gates.ts';
import type { TraceStep } from '../domain/trace.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import { insertCallRow, type CallRowInput } from '../store/call-log.ts';
import { readCalleeFacts, readCalleeHistory } from '../store/callee-repository.ts';
import type { Database } from '../store/database.ts';
import type { ReferenceCache } from '../store/reference-cache.ts';
import { releaseReservation, reserve } from '../store/reservation.ts';
import type { UsageTracker } from '../store/usage-tracker.ts';

export interface DecisionEngineDeps {
  db: Database;
  cache: ReferenceCache;
  usage: UsageTracker;
  areas: CalleeAreaResolver;
  /** The pool's time zone: the day that daily caps are counted in. */
  poolTimeZone: string;
}

export interface DecideOptions {
  now: Date;
  /** Evaluate without reserving anything (X3, `numpool decide --dry-run`). */
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
}

export function createDecisionEngine(deps: DecisionEngineDeps): DecisionEngine {
  const { db, cache, usage, areas } = deps;

  async function decide(request: CallRequest, options: DecideOptions): Promise<DecisionResult> {
    const started = performance.now();
    const elapsedMs = (): number => performance.now() - started;
    const { now } = options;
    const dryRun = options.dryRun ?? false;
    const record = options.record ?? true;
    const snapshot = await cache.current();
    const { rules } = snapshot;
    const row = (
      calleeE164: string | null,
      area: Area | null,
    ): Omit<CallRowInput, 'decision' | 'usageDay' | 'route'> => ({
      request,
      calleeE164,
      area,
      dryRun,
      decidedAt: now,
      elapsedMs,
      serverId: options.serverId ?? null,
      channelId: options.channelId ?? null,
    });
    const finish = async (
      decision: Decision,
      calleeE164: string | null,
      area: Area | null,
      usageDay: string | null = null,
    ) => {
      const route = routeFor(decision, request, rules.defaultRoute);
      const callId = record
        ? await insertCallRow(db.knex, { ...row(calleeE164, area), decision, route, usageDay })
        : null;
      return { callId, decision, calleeE164, area, route, dryRun, elapsedMs: elapsedMs() };
    };

    const parsed = parseCallee(request, rules);
    if (!parsed.ok) return finish(parsed.decision, null, null);
    const calleeE164 = parsed.number.e164;
    const [facts, area] = await Promise.all([
      readCalleeFacts(db.knex, calleeE164),
      areas.resolve(parsed.number),
    ]);
    const agent = snapshot.agents.get(request.agent) ?? null;
    const gates = runGates({ now, request, area, agent, facts, rules, calendar: snapshot.calendar });
    const steps: TraceStep[] = [parsed.step, ...gates.steps];
    if (!gates.ok) {
      return finish(
        { kind: 'blocked', reason: gates.reason, message: gates.message, trace: { steps } },
        calleeE164,
        area,
      );
    }

    const usageDay = toLocalTime(now, deps.poolTimeZone).date;
    await usage.prepare(usageDay);
    const base = { now, request, rules, area, index: snapshot.pool, usage };
    if (dryRun) {
      const since = new Date(now.getTime() - lookbackMinutes(rules.frequency[request.purpose]) * 60_000);
      const history = await readCalleeHistory(db.knex, calleeE164, since);
      return finish(evaluateReservation({ ...base, ...history }, steps), calleeE164, area);
    }
    const reserved = await reserve(db, {
      ...base,
      calleeE164,
      usageDay,
      steps,
      row: { ...row(calleeE164, area), route: null },
      routeFor: (decision) => routeFor(decision, request, rules.defaultRoute),
    });
    const route = routeFor(reserved.decision, request, rules.defaultRoute);
    return {
      callId: reserved.callId,
      decision: reserved.decision,
      calleeE164,
      area,
      route,
      dryRun,
      elapsedMs: elapsedMs(),
    };
  }

  async function release(callId: number): Promise<boolean> {
    const released = await releaseReservation(db, callId);
    if (released && released.numberId !== null) usage.noteReleased(released.numberId);
    return released !== false;
  }

  return { decide, release };
}

/** The call's own route when the dialplan fixed one, else the number's, else the default route. */
function routeFor(decision: Decision, request: CallRequest, defaultRoute: string): string | null {
  if (decision.kind !== 'allowed') return null;
  return request.route ?? decision.number.route ?? defaultRoute;
}
