// The per-call decision rules in the mission's order, table-driven over pure facts (no database).
import { describe, expect, it } from 'vitest';
import { decideCall, type Decision } from '../../plugin/domain/decision.ts';
import type { PoolNumber } from '../../plugin/domain/pool/pool-number.ts';
import { DEFAULT_RULES, parseRules } from '../../plugin/domain/rules/rules.ts';
import {
  at,
  BEIJING,
  GUANGZHOU,
  hoursBefore,
  numberIn,
  poolNumber,
  scenario,
  SHANGHAI,
  SHENZHEN,
  TIANJIN,
  UNTRAINED,
  type Scenario,
} from '../support/pool-fixtures.ts';

const WEEKDAY_10 = at('2026-03-02 10:00'); // Monday

function decide(s: Scenario): Decision {
  return decideCall(scenario(s));
}

function outcome(d: Decision): string {
  return d.kind === 'allowed' ? `allowed ${d.number.e164}` : `blocked ${d.reason}`;
}

function rulesWith(patch: Record<string, unknown>) {
  const parsed = parseRules(patch);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.rules;
}

describe('calendar and time windows (C1–C3)', () => {
  it.each([
    ['2026-02-28 10:00', 'marketing', 'allowed', 'a Saturday make-up workday (调休) counts as a workday'],
    ['2026-10-01 10:00', 'marketing', 'blocked HOLIDAY', 'National Day is a statutory holiday'],
    ['2026-03-02 21:30', 'marketing', 'blocked OUTSIDE_WINDOW', 'quiet hours 21:00–08:00'],
    ['2026-03-02 08:59', 'service', 'blocked OUTSIDE_WINDOW', 'before the morning window'],
    ['2026-03-02 09:00', 'service', 'allowed', 'the morning window opens at 09:00'],
    ['2026-03-02 12:30', 'service', 'blocked OUTSIDE_WINDOW', 'the lunch break'],
    ['2026-03-02 14:00', 'service', 'allowed', 'the afternoon window'],
    ['2026-03-02 18:00', 'service', 'blocked OUTSIDE_WINDOW', 'the afternoon window closes at 18:00'],
    ['2026-03-07 10:00', 'marketing', 'blocked OUTSIDE_WINDOW', 'an ordinary Saturday'],
    ['2026-03-02 21:30', 'urgent', 'allowed', 'an urgent notification is exempt'],
    ['2026-10-01 10:00', 'urgent', 'allowed', 'an urgent notification is exempt on holidays too'],
  ])('when a call is placed at %s for %s, then it is %s (%s)', (local, purpose, expected) => {
    const numbers = [
      numberIn(BEIJING, '+861088880001', { purpose: 'marketing' }),
      numberIn(BEIJING, '+861088880002', { purpose: 'service' }),
    ];
    const d = decide({ now: at(local), request: { purpose: purpose as 'service' }, numbers });
    expect(outcome(d).startsWith(expected)).toBe(true);
  });

  it('when an urgent notification goes to a DNC callee at 21:30, then DNC still blocks it', () => {
    const d = decide({
      now: at('2026-03-02 21:30'),
      request: { purpose: 'urgent' },
      facts: {
        dnc: { reason: '不需要，别打了', source: 'agent', addedAt: new Date('2026-01-01T00:00:00Z') },
      },
      numbers: [numberIn(BEIJING, '+861088880002', { purpose: 'service' })],
    });
    expect(outcome(d)).toBe('blocked DNC');
  });

  it('when the urgent exemption is turned off, then urgent calls keep the windows', () => {
    const d = decide({
      now: at('2026-03-02 21:30'),
      request: { purpose: 'urgent' },
      rules: rulesWith({ urgentBypassesWindows: false }),
      numbers: [numberIn(BEIJING, '+861088880002', { purpose: 'service' })],
    });
    expect(outcome(d)).toBe('blocked OUTSIDE_WINDOW');
  });

  it('when the callee province has stricter windows, then they apply to that callee only', () => {
    const rules = rulesWith({
      provinceWindows: { 北京: { workdayWindows: [{ from: '10:00', to: '11:00' }] } },
    });
    const beijing = decide({ now: at('2026-03-02 09:30'), rules });
    const shanghai = decide({ now: at('2026-03-02 09:30'), rules, area: SHANGHAI });
    expect(outcome(beijing)).toBe('blocked OUTSIDE_WINDOW');
    expect(outcome(shanghai)).toBe('allowed +861088880001');
  });
});

describe('callee frequency, pool-wide (C4)', () => {
  const now = WEEKDAY_10;
  it.each([
    [[], 'allowed'],
    [[hoursBefore(now, 23)], 'blocked CALLEE_INTERVAL'],
    [[hoursBefore(now, 24)], 'allowed'],
    [[hoursBefore(now, 24 * 10), hoursBefore(now, 24 * 20)], 'allowed'],
    [
      [hoursBefore(now, 24 * 5), hoursBefore(now, 24 * 10), hoursBefore(now, 24 * 20)],
      'blocked CALLEE_30D_LIMIT',
    ],
    [[hoursBefore(now, 24 * 5), hoursBefore(now, 24 * 10), hoursBefore(now, 24 * 31)], 'allowed'],
  ])('when the callee was called at %j, then the next call is %s', (previousCalls, expected) => {
    expect(outcome(decide({ now, previousCalls })).startsWith(expected)).toBe(true);
  });

  it('when the limits are reconfigured (≤3 per 5 min, ≤5 per 24 h), then those limits apply', () => {
    const rules = rulesWith({
      frequency: {
        marketing: [
          { windowMinutes: 5, max: 3 },
          { windowMinutes: 1440, max: 5 },
        ],
      },
    });
    const three = [1, 2, 3].map((m) => new Date(now.getTime() - m * 60_000));
    expect(outcome(decide({ now, rules, previousCalls: three.slice(0, 2) }))).toMatch(/^allowed/);
    expect(outcome(decide({ now, rules, previousCalls: three }))).toBe('blocked CALLEE_FREQUENCY');
  });

  it('when an urgent notification goes to a callee called 23 h ago, then the default rules block it: C3 exempts urgent calls from windows, not from C4', () => {
    const d = decide({ now, request: { purpose: 'urgent' }, previousCalls: [hoursBefore(now, 23)] });
    expect(outcome(d)).toBe('blocked CALLEE_INTERVAL');
    expect(DEFAULT_RULES.frequency.urgent).toEqual(DEFAULT_RULES.frequency.service);
  });

  it('when the administrator empties the urgent limits, then urgent calls are not limited', () => {
    const rules = rulesWith({ frequency: { urgent: [] } });
    const numbers = [numberIn(BEIJING, '+861088880002', { purpose: 'service' })];
    const d = decide({
      now,
      rules,
      numbers,
      request: { purpose: 'urgent' },
      previousCalls: [hoursBefore(now, 1)],
    });
    expect(outcome(d)).toBe('allowed +861088880002');
  });

  it('when a call is blocked by frequency, then the message tells when the next call is allowed', () => {
    const d = decide({ now, previousCalls: [hoursBefore(now, 23)] });
    expect(d.kind === 'blocked' && d.message).toContain(new Date(now.getTime() + 3_600_000).toISOString());
  });
});

describe('DNC, agent permission and consent (C5–C7), in order', () => {
  const dnc = { reason: 'refused', source: 'agent', addedAt: new Date('2026-01-01T00:00:00Z') };
  it.each([
    ['a DNC callee', { facts: { dnc } }, 'blocked DNC'],
    [
      'a DNC callee and an untrained agent (DNC is checked first)',
      { facts: { dnc }, agent: UNTRAINED },
      'blocked DNC',
    ],
    ['an untrained agent for marketing', { agent: UNTRAINED }, 'blocked AGENT_NOT_ALLOWED'],
    ['an unregistered agent for marketing', { agent: null }, 'blocked AGENT_NOT_ALLOWED'],
    [
      'a deactivated agent',
      { agent: { id: '8003', marketingTrained: true, active: false } },
      'blocked AGENT_NOT_ALLOWED',
    ],
    [
      'an untrained agent without consent (agent first)',
      { agent: UNTRAINED, facts: { consent: null } },
      'blocked AGENT_NOT_ALLOWED',
    ],
    ['no consent for marketing', { facts: { consent: null } }, 'blocked NO_CONSENT'],
    [
      'a revoked consent',
      {
        facts: {
          consent: { grantedAt: new Date('2025-01-01'), expiresAt: null, revokedAt: new Date('2026-01-01') },
        },
      },
      'blocked NO_CONSENT',
    ],
    [
      'an expired consent',
      {
        facts: {
          consent: { grantedAt: new Date('2025-01-01'), expiresAt: new Date('2026-01-01'), revokedAt: null },
        },
      },
      'blocked NO_CONSENT',
    ],
    [
      'no consent but consent not required',
      { facts: { consent: null }, rules: rulesWith({ requireMarketingConsent: false }) },
      'allowed',
    ],
    ['a trained agent with consent', {}, 'allowed'],
  ])('when %s, then the call is %s', (_, s, expected) => {
    expect(outcome(decide({ now: WEEKDAY_10, ...(s as Partial<Scenario>) })).startsWith(expected)).toBe(true);
  });

  it('when an untrained agent places a service call without consent, then it is allowed', () => {
    const d = decide({
      now: WEEKDAY_10,
      agent: UNTRAINED,
      request: { purpose: 'service' },
      facts: { consent: null },
      numbers: [numberIn(BEIJING, '+861088880002', { purpose: 'service' })],
    });
    expect(outcome(d)).toBe('allowed +861088880002');
  });

  it('when unknown agents are refused by the rules, then an unregistered agent cannot place service calls', () => {
    const d = decide({
      now: WEEKDAY_10,
      agent: null,
      request: { purpose: 'service' },
      rules: rulesWith({ requireKnownAgent: true }),
    });
    expect(outcome(d)).toBe('blocked AGENT_NOT_ALLOWED');
  });
});

describe('invalid numbers', () => {
  it.each([
    '',
    '   ',
    'abc',
    '1380013800O',
    '12345678901234567890123',
    '+1 212 555 0100',
    "1' OR 1=1 --",
    '😀',
  ])('when the callee is %j, then the call is blocked INVALID_NUMBER with a message', (callee) => {
    const d = decide({ now: WEEKDAY_10, request: { callee } });
    expect(outcome(d)).toBe('blocked INVALID_NUMBER');
    expect(d.kind === 'blocked' && d.message.length).toBeGreaterThan(10);
  });
});

describe('number selection (S1–S5, P2, G1)', () => {
  const now = WEEKDAY_10;
  it('when a Beijing callee is called and a 010 number is eligible, then the 010 number is chosen', () => {
    const numbers = [
      numberIn(SHANGHAI, '+862166660001'),
      numberIn(TIANJIN, '+862266660001'),
      numberIn(BEIJING, '+861088880001'),
    ];
    const d = decide({ now, numbers });
    expect(outcome(d)).toBe('allowed +861088880001');
    expect(d.kind === 'allowed' && d.tier).toBe('city');
  });

  it('when the Beijing number is full, then a 华北 number is chosen', () => {
    const bj = numberIn(BEIJING, '+861088880001');
    const numbers = [numberIn(SHANGHAI, '+862166660001'), numberIn(TIANJIN, '+862266660001'), bj];
    const d = decide({ now, numbers, used: { [bj.id]: 20 } });
    expect(outcome(d)).toBe('allowed +862266660001');
    expect(d.kind === 'allowed' && d.tier).toBe('region');
  });

  it('when no 华北 number is eligible, then any number is chosen', () => {
    const numbers = [
      numberIn(SHANGHAI, '+862166660001'),
      numberIn(TIANJIN, '+862266660001', { state: 'suspended' }),
    ];
    const d = decide({ now, numbers });
    expect(outcome(d)).toBe('allowed +862166660001');
    expect(d.kind === 'allowed' && d.tier).toBe('any');
  });

  it('when the callee is in Shenzhen and only a Guangzhou number is local, then the same-province number wins', () => {
    const numbers = [numberIn(SHANGHAI, '+862166660001'), numberIn(GUANGZHOU, '+862088880001')];
    const d = decide({ now, numbers, area: SHENZHEN });
    expect(d.kind === 'allowed' && d.tier).toBe('province');
  });

  it('when only service numbers exist, then a marketing call is blocked NO_NUMBER_AVAILABLE (never a service number)', () => {
    const numbers = [
      numberIn(BEIJING, '+861088880002', { purpose: 'service' }),
      numberIn(SHANGHAI, '+862166660002', { purpose: 'service' }),
    ];
    expect(outcome(decide({ now, numbers }))).toBe('blocked NO_NUMBER_AVAILABLE');
  });

  it('when a local service number and a remote marketing number exist, then marketing gets the remote marketing number', () => {
    const numbers = [
      numberIn(BEIJING, '+861088880002', { purpose: 'service' }),
      numberIn(SHANGHAI, '+862166660001'),
    ];
    expect(outcome(decide({ now, numbers }))).toBe('allowed +862166660001');
  });

  it.each([
    ['every number is at its daily cap', 20, {}],
    ['the number is suspended', 0, { state: 'suspended' as const }],
    ['the number is a reserve', 0, { tier: 'reserve' as const }],
    ['the number is new (not yet warming)', 0, { state: 'new' as const }],
    ['a warming number reached its warm-up cap', 5, { state: 'warming' as const }],
  ])(
    'when %s, then the call is blocked NO_NUMBER_AVAILABLE',
    (_, used: number, overrides: Partial<PoolNumber>) => {
      const n = numberIn(BEIJING, '+861088880001', overrides);
      expect(outcome(decide({ now, numbers: [n], used: { [n.id]: used } }))).toBe(
        'blocked NO_NUMBER_AVAILABLE',
      );
    },
  );

  it('when a warming number is under its warm-up cap, then it may be chosen', () => {
    const n = numberIn(BEIJING, '+861088880001', { state: 'warming' });
    expect(outcome(decide({ now, numbers: [n], used: { [n.id]: 4 } }))).toBe('allowed +861088880001');
  });

  it('when several local numbers are eligible, then the least used today wins, then the healthiest', () => {
    const a = numberIn(BEIJING, '+861088880001', { answerRate: 0.9 });
    const b = numberIn(BEIJING, '+861088880002', { answerRate: 0.5 });
    const c = numberIn(BEIJING, '+861088880003', { answerRate: 0.7 });
    expect(outcome(decide({ now, numbers: [a, b, c], used: { [a.id]: 3, [b.id]: 1, [c.id]: 1 } }))).toBe(
      'allowed +861088880003',
    );
  });

  it('when the callee was called before from a still-eligible number, then the same number is used (sticky)', () => {
    const local = numberIn(BEIJING, '+861088880001');
    const remote = numberIn(SHANGHAI, '+862166660001');
    const d = decide({ now, numbers: [local, remote], stickyNumberId: remote.id, used: { [remote.id]: 7 } });
    expect(outcome(d)).toBe('allowed +862166660001');
    expect(d.kind === 'allowed' && d.tier).toBe('sticky');
  });

  it('when the sticky number is full, then selection falls back to locality', () => {
    const local = numberIn(BEIJING, '+861088880001');
    const remote = numberIn(SHANGHAI, '+862166660001');
    const d = decide({ now, numbers: [local, remote], stickyNumberId: remote.id, used: { [remote.id]: 20 } });
    expect(outcome(d)).toBe('allowed +861088880001');
  });

  it('when sticky numbers are turned off, then locality wins over the previous number', () => {
    const local = numberIn(BEIJING, '+861088880001');
    const remote = numberIn(SHANGHAI, '+862166660001');
    const d = decide({
      now,
      numbers: [local, remote],
      stickyNumberId: remote.id,
      rules: rulesWith({ stickyNumber: false }),
    });
    expect(outcome(d)).toBe('allowed +861088880001');
  });

  it('when the call fixes a route, then numbers bound to another route are not presented on it', () => {
    const other = numberIn(BEIJING, '+861088880001', { route: 'trunk-b' });
    const any = numberIn(SHANGHAI, '+862166660001');
    expect(outcome(decide({ now, numbers: [other, any], request: { route: 'trunk-a' } }))).toBe(
      'allowed +862166660001',
    );
    expect(outcome(decide({ now, numbers: [other, any], request: { route: 'trunk-b' } }))).toBe(
      'allowed +861088880001',
    );
  });

  it('when a service call has a local virtual number and a local landline, then the trusted landline is used first (P2)', () => {
    const virtual = numberIn(BEIJING, '+8617012345678', { type: 'virtual', purpose: 'service' });
    const landline = numberIn(BEIJING, '+861088880002', { purpose: 'service' });
    const d = decide({
      now,
      request: { purpose: 'service' },
      numbers: [virtual, landline],
      used: { [landline.id]: 10 },
    });
    expect(outcome(d)).toBe('allowed +861088880002');
  });

  it('when an urgent notification is placed, then it draws from the service sub-pool', () => {
    const numbers = [
      numberIn(BEIJING, '+861088880001'),
      numberIn(SHANGHAI, '+862166660002', { purpose: 'service' }),
    ];
    expect(outcome(decide({ now, request: { purpose: 'urgent' }, numbers }))).toBe('allowed +862166660002');
  });

  it('when the callee area is unknown, then any eligible number is chosen', () => {
    const d = decide({
      now,
      numbers: [poolNumber({ e164: '+862166660001' })],
      area: { province: null, city: null, region: null, areaCode: null, source: 'unknown' },
    });
    expect(d.kind === 'allowed' && d.tier).toBe('any');
  });
});

describe('the decision trace', () => {
  it('when a call is allowed, then the trace lists every rule in order and the tiers considered', () => {
    const d = decide({ now: WEEKDAY_10 });
    expect(d.trace.steps.map((s) => `${s.rule}:${s.outcome}`)).toEqual([
      'number:pass',
      'dnc:pass',
      'agent:pass',
      'consent:pass',
      'window:pass',
      'frequency:pass',
      'selection:pass',
    ]);
    expect(d.trace.selection?.tiers[0]).toMatchObject({ tier: 'city', numbers: 1 });
    expect(JSON.parse(JSON.stringify(d.trace))).toBeTruthy();
  });

  it('when a call is blocked, then the trace stops at the blocking rule', () => {
    const d = decide({ now: at('2026-10-01 10:00') });
    expect(d.trace.steps.at(-1)).toMatchObject({ rule: 'window', outcome: 'block' });
  });
});

describe('rules validation', () => {
  it.each([
    [{ frequency: { marketing: [{ windowMinutes: 0, max: 1 }] } }],
    [{ numberPurposeFor: { marketing: 'service' } }],
    [{ unknownKey: true }],
    [
      {
        windows: {
          marketing: {
            timeZone: 'Mars/Base',
            workdayWindows: [],
            weekendWindows: [],
            holidayWindows: [],
            quietHours: { from: '21:00', to: '08:00' },
          },
        },
      },
    ],
  ])('when rules %j are submitted, then they are refused with a reason', (input) => {
    const parsed = parseRules(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.length).toBeGreaterThan(0);
  });

  it('when nothing is configured, then the seed defaults apply', () => {
    expect(DEFAULT_RULES.frequency.marketing).toEqual([
      { windowMinutes: 1440, max: 1, code: 'CALLEE_INTERVAL' },
      { windowMinutes: 43200, max: 3, code: 'CALLEE_30D_LIMIT' },
    ]);
    expect(DEFAULT_RULES.windows.marketing.workdayWindows).toEqual([
      { from: '09:00', to: '12:00' },
      { from: '14:00', to: '18:00' },
    ]);
  });
});
