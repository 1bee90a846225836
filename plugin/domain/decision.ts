// The decision for one call, composed from the pure rules in the mission's order:
// invalid number → gates (DNC, agent, consent, window) → callee frequency → number selection.
// Pure: call-flow runs it on the callee's state as the store reads it (under the callee's lock when
// reserving); tests and simulations run it on facts in memory (decideCall).
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

/**
 * The rules after the number, in the README's order: DNC → agent → consent → window (the gates,
 * C5–C7, C1–C3) → callee frequency (C4) → caller-ID selection (S1–S5). Each step adds its trace
 * step and returns the blocking decision, or null to let the next step run.
 */
export function decideForCallee(input: CalleeDecisionInput): Decision {
  const steps = [numberStep(input.callee)];
  return checkGates(input, steps) ?? checkCalleeFrequency(input, steps) ?? chooseCallerId(input, steps);
}

type Blocked = Decision & { kind: 'blocked' };

function checkGates(input: CalleeDecisionInput, steps: TraceStep[]): Blocked | null {
  const gates = runGates({ ...input, facts: input.state.facts });
  steps.push(...gates.steps);
  if (gates.ok) return null;
  return { kind: 'blocked', reason: gates.reason, message: gates.message, trace: { steps } };
}

function checkCalleeFrequency(input: CalleeDecisionInput, steps: TraceStep[]): Blocked | null {
  const { previousCalls } = input.state;
  const limits = input.rules.frequency[input.request.purpose];
  const frequency = checkFrequency(input.now, previousCalls, limits);
  if (frequency.ok) {
    steps.push(step('frequency', 'pass', { previousCalls: previousCalls.length, limits: limits.length }));
    return null;
  }
  const detail = { count: frequency.count, limit: frequency.limit, nextAllowedAt: frequency.nextAllowedAt };
  steps.push(step('frequency', 'block', detail));
  return { kind: 'blocked', reason: frequency.code, message: frequency.message, trace: { steps } };
}

function chooseCallerId(input: CalleeDecisionInput, steps: TraceStep[]): Decision {
  const { request, rules } = input;
  const numberPurpose = rules.numberPurposeFor[request.purpose];
  const query = {
    purpose: numberPurpose,
    area: input.area,
    route: request.route,
    stickyNumberId: rules.stickyNumber ? input.state.stickyNumberId : null,
    preferTrusted: rules.preferTrustedForService,
    unknownAnswerRate: rules.unknownAnswerRate,
  };
  const selection = selectCallerId(input.index, query, input.usage, input.exclude, input.learner ?? null);
  if (selection.kind === 'none') {
    steps.push(step('selection', 'block', { purpose: numberPurpose }));
    const route = request.route ? ` on route ${request.route}` : '';
    const message = `no ${numberPurpose} number${route} is eligible and under its daily cap`;
    const trace = { steps, selection: { tiers: selection.tiers } };
    return { kind: 'blocked', reason: 'NO_NUMBER_AVAILABLE', message, trace };
  }
  const { number, tier, tiers, chosenBy } = selection;
  steps.push(step('selection', 'pass', { callerId: number.e164, tier, chosenBy }));
  return { kind: 'allowed', number, tier, trace: { steps, selection: { tiers, chosenBy } } };
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
