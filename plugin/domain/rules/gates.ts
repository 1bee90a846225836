// The gates a call passes before any reservation, in the order the mission fixes:
// DNC (C5) → agent permission (C7) → marketing consent (C6) → time window and holiday (C1–C3).
import type { Area } from '../areas/area.ts';
import type { BlockReason } from '../block-reason.ts';
import type { CalendarOverride } from '../calendar/day-kind.ts';
import { checkCallWindow, stricterOf, type WindowPolicy } from '../calendar/call-window.ts';
import type { CallRequest } from '../call-request.ts';
import { step, type TraceStep } from '../trace.ts';
import { consentValidAt, type Agent, type CalleeFacts } from './callee-facts.ts';
import type { Rules } from './rules.ts';

export interface GateInput {
  now: Date;
  request: CallRequest;
  area: Area;
  agent: Agent | null;
  facts: CalleeFacts;
  rules: Rules;
  calendar: ReadonlyMap<string, CalendarOverride>;
}

export type GateResult =
  { ok: true; steps: TraceStep[] } | { ok: false; reason: BlockReason; message: string; steps: TraceStep[] };

type Gate = (input: GateInput) => TraceStep & { block?: { reason: BlockReason; message: string } };

const dncGate: Gate = ({ facts }) =>
  facts.dnc
    ? {
        ...step('dnc', 'block', {
          reason: facts.dnc.reason,
          source: facts.dnc.source,
          addedAt: facts.dnc.addedAt,
        }),
        block: {
          reason: 'DNC',
          message: `callee is on the do-not-call list since ${facts.dnc.addedAt.toISOString()}`,
        },
      }
    : step('dnc', 'pass');

const agentGate: Gate = ({ request, agent, rules }) => {
  const detail = { agent: request.agent, known: agent !== null, trained: agent?.marketingTrained ?? false };
  if (agent && !agent.active) {
    return {
      ...step('agent', 'block', detail),
      block: { reason: 'AGENT_NOT_ALLOWED', message: `agent ${request.agent} is deactivated` },
    };
  }
  if (!agent && rules.requireKnownAgent) {
    return {
      ...step('agent', 'block', detail),
      block: {
        reason: 'AGENT_NOT_ALLOWED',
        message: `agent ${request.agent} is not registered with numpool`,
      },
    };
  }
  if (request.purpose === 'marketing' && !agent?.marketingTrained) {
    return {
      ...step('agent', 'block', detail),
      block: {
        reason: 'AGENT_NOT_ALLOWED',
        message: `agent ${request.agent} is not trained for marketing calls`,
      },
    };
  }
  return step('agent', 'pass', detail);
};

const consentGate: Gate = ({ request, facts, rules, now }) => {
  if (request.purpose !== 'marketing' || !rules.requireMarketingConsent) return step('consent', 'skip');
  if (consentValidAt(facts.consent, now))
    return step('consent', 'pass', { grantedAt: facts.consent?.grantedAt });
  return {
    ...step('consent', 'block', { recorded: facts.consent !== null }),
    block: { reason: 'NO_CONSENT', message: 'no valid marketing consent recorded for this callee' },
  };
};

const windowGate: Gate = ({ request, area, rules, calendar, now }) => {
  if (request.purpose === 'urgent' && rules.urgentBypassesWindows) {
    return step('window', 'skip', { exemption: 'urgent notification' });
  }
  const policy = windowPolicyFor(rules, request.purpose, area.province);
  const verdict = checkCallWindow(now, policy, calendar);
  const detail = {
    localTime: `${verdict.local.date} ${verdict.local.hhmm}`,
    day: verdict.day.kind,
    holiday: verdict.day.name,
  };
  if (verdict.ok) return step('window', 'pass', detail);
  return { ...step('window', 'block', detail), block: { reason: verdict.code, message: verdict.message } };
};

const GATES: readonly Gate[] = [dncGate, agentGate, consentGate, windowGate];

export function runGates(input: GateInput): GateResult {
  const steps: TraceStep[] = [];
  for (const gate of GATES) {
    const { block, ...traceStep } = gate(input);
    steps.push(traceStep);
    if (block) return { ok: false, ...block, steps };
  }
  return { ok: true, steps };
}

export function windowPolicyFor(
  rules: Rules,
  purpose: CallRequest['purpose'],
  province: string | null,
): WindowPolicy {
  const base = rules.windows[purpose];
  const override = province ? rules.provinceWindows[province] : undefined;
  return override ? stricterOf(base, override) : base;
}
