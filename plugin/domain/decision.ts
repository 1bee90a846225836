// The decision for one call, composed from the pure rules in the mission's order:
// invalid number → gates (DNC, agent, consent, window) → callee frequency → number selection.
// The store runs the same functions; it only adds the facts it reads and the atomic reservation.
import type { Area } from './areas/area.ts';
import type { BlockReason } from './block-reason.ts';
import type { CalendarOverride } from './calendar/day-kind.ts';
import type { CallRequest } from './call-request.ts';
import { parsePhoneNumber, type PhoneNumber } from './numbers/phone-number.ts';
import type { PoolNumber } from './pool/pool-number.ts';
import type { Agent, CalleeFacts } from './rules/callee-facts.ts';
import { checkFrequency } from './rules/frequency.ts';
import { runGates } from './rules/gates.ts';
import type { Rules } from './rules/rules.ts';
import type { PoolIndex } from './selection/pool-index.ts';
import {
  selectCallerId,
  type CallerIdLearner,
  type SelectionTier,
  type UsageView,
} from './selection/select-caller-id.ts';
import { step, type DecisionTrace, type TraceStep } from './trace.ts';

function numberStep(callee: PhoneNumber): TraceStep {
  return step('number', 'pass', { e164: callee.e164, type: callee.type });
}

export type Decision =
  | { kind: 'allowed'; number: PoolNumber; tier: SelectionTier; trace: DecisionTrace }
  | { kind: 'blocked'; reason: BlockReason; message: string; trace: DecisionTrace };

export type ParsedCallee =
  { ok: true; number: PhoneNumber } | { ok: false; decision: Decision & { kind: 'blocked' } };

export function parseCallee(request: CallRequest, rules: Rules): ParsedCallee {
  const parsed = parsePhoneNumber(request.callee, { trunkPrefix: rules.trunkPrefix });
  if (parsed.ok) return { ok: true, number: parsed.number };
  const trace = { steps: [step('number', 'block', { input: request.callee.slice(0, 64) })] };
  return {
    ok: false,
    decision: { kind: 'blocked', reason: 'INVALID_NUMBER', message: parsed.error.message, trace },
  };
}

/** Everything known about one parsed callee when its call is decided. */
export interface CalleeState {
  facts: CalleeFacts;
  /** The callee's earlier allowed calls, at least as far back as the longest frequency window. */
  previousCalls: readonly Date[];
  stickyNumberId: number | null;
}

export interface CalleeDecisionInput {
  now: Date;
  request: CallRequest;
  rules: Rules;
  calendar: ReadonlyMap<string, CalendarOverride>;
  agent: Agent | null;
  callee: PhoneNumber;
  area: Area;
  state: CalleeState;
  index: PoolIndex;
  usage: UsageView;
  /** Numbers the database refused (cap reached by another process) during this decision. */
  exclude?: ReadonlySet<number>;
  /** The sub-pool's learning strategy (S3), when it is not least-used. */
  learner?: CallerIdLearner | null;
}

/** Gates (C5–C7, C1–C3), callee frequency (C4) and selection (S1–S5) for a parsed callee. */
export function decideForCallee(input: CalleeDecisionInput): Decision {
  const { now, request, rules, state } = input;
  const gates = runGates({ ...input, facts: state.facts });
  const steps = [numberStep(input.callee), ...gates.steps];
  if (!gates.ok) return { kind: 'blocked', reason: gates.reason, message: gates.message, trace: { steps } };

  const limits = rules.frequency[request.purpose];
  const frequency = checkFrequency(now, state.previousCalls, limits);
  if (!frequency.ok) {
    const blockedStep = step('frequency', 'block', {
      count: frequency.count,
      limit: frequency.limit,
      nextAllowedAt: frequency.nextAllowedAt,
    });
    return {
      kind: 'blocked',
      reason: frequency.code,
      message: frequency.message,
      trace: { steps: [...steps, blockedStep] },
    };
  }
  const passed = [
    ...steps,
    step('frequency', 'pass', { previousCalls: state.previousCalls.length, limits: limits.length }),
  ];

  const numberPurpose = rules.numberPurposeFor[request.purpose];
  const selection = selectCallerId(
    input.index,
    {
      purpose: numberPurpose,
      area: input.area,
      route: request.route,
      stickyNumberId: rules.stickyNumber ? state.stickyNumberId : null,
      preferTrusted: rules.preferTrustedForService,
      unknownAnswerRate: rules.unknownAnswerRate,
    },
    input.usage,
    input.exclude,
    input.learner ?? null,
  );
  if (selection.kind === 'none') {
    const trace = {
      steps: [...passed, step('selection', 'block', { purpose: numberPurpose })],
      selection: { tiers: selection.tiers },
    };
    const route = request.route ? ` on route ${request.route}` : '';
    const message = `no ${numberPurpose} number${route} is eligible and under its daily cap`;
    return { kind: 'blocked', reason: 'NO_NUMBER_AVAILABLE', message, trace };
  }
  const chosen = step('selection', 'pass', {
    callerId: selection.number.e164,
    tier: selection.tier,
    chosenBy: selection.chosenBy,
  });
  return {
    kind: 'allowed',
    number: selection.number,
    tier: selection.tier,
    trace: {
      steps: [...passed, chosen],
      selection: { tiers: selection.tiers, chosenBy: selection.chosenBy },
    },
  };
}

export interface DecisionFacts extends Omit<CalleeDecisionInput, 'callee' | 'area' | 'state'> {
  /** Looked up by the callee's E.164 form once parsed. */
  factsFor(callee: PhoneNumber): { area: Area } & CalleeState;
}

/** The whole decision from facts in memory: what tests and simulations use. */
export function decideCall(input: DecisionFacts): Decision {
  const parsed = parseCallee(input.request, input.rules);
  if (!parsed.ok) return parsed.decision;
  const { area, ...state } = input.factsFor(parsed.number);
  return decideForCallee({ ...input, callee: parsed.number, area, state });
}
