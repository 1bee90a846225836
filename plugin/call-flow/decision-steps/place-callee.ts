// After rule 1 (a valid number): where the callee is, how its sub-pool chooses caller IDs, which
// day's caps it counts against and how far back its calls matter — all the remaining rules need
// but the callee's state, which is read later (under its lock when reserving). Called by decide-call.ts.
import { toLocalTime } from '../../domain/calendar/local-time.ts';
import type { CalleeDecisionInput } from '../../domain/decision.ts';
import type { PhoneNumber } from '../../domain/numbers/phone-number.ts';
import { lookbackStart } from '../../domain/rules/frequency.ts';
import type { CalleeAreaResolver } from '../../geo/callee-area-resolver.ts';
import type { UsageTracker } from '../../store/reservation/usage-tracker.ts';
import { learnerFor, type LearnerDeps } from './caller-id-learner.ts';
import type { CalleeOnRow, DecisionCall } from './decision-call.ts';

export interface PlacedCallee extends CalleeOnRow {
  /** The decision's input without the callee's state, usage view and refused numbers. */
  rules: Omit<CalleeDecisionInput, 'state' | 'usage' | 'exclude'>;
  /** Pool-local date whose caps this call counts against. */
  usageDay: string;
  /** The oldest of the callee's calls its frequency limits can count. */
  since: Date;
}

export interface PlaceCalleeDeps extends LearnerDeps {
  areas: CalleeAreaResolver;
  usage: UsageTracker;
}

export async function placeCallee(
  deps: PlaceCalleeDeps,
  call: DecisionCall,
  callee: PhoneNumber,
): Promise<PlacedCallee> {
  const { request, now, snapshot } = call;
  const { rules } = snapshot;
  const area = await deps.areas.resolve(callee);
  const learner = await learnerFor(deps, request, rules, area, now);
  const usageDay = toLocalTime(now, deps.poolTimeZone).date;
  await deps.usage.prepare(usageDay);
  return {
    e164: callee.e164,
    area,
    usageDay,
    since: lookbackStart(now, rules.frequency[request.purpose]),
    rules: {
      learner,
      now,
      request,
      rules,
      calendar: snapshot.calendar,
      agent: snapshot.agents.get(request.agent) ?? null,
      callee,
      area,
      index: snapshot.pool,
    },
  };
}
