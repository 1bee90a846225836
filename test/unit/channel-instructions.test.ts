// What the call flow tells a channel: Stasis argument parsing and the variables per decision.
import { describe, expect, it } from 'vitest';
import {
  dialString,
  failureInstructions,
  instructionsFor,
  presentedNumber,
} from '../../plugin/call-flow/channel-instructions.ts';
import { parseStasisArgs } from '../../plugin/call-flow/stasis-args.ts';
import type { Decision } from '../../plugin/domain/decision.ts';
import { BEIJING, numberIn } from '../support/pool-fixtures.ts';

const allowed: Decision = {
  kind: 'allowed',
  number: numberIn(BEIJING, '+861088880001'),
  tier: 'city',
  trace: { steps: [] },
};
const blocked: Decision = { kind: 'blocked', reason: 'DNC', message: 'x', trace: { steps: [] } };
const rules = {
  routes: { 'trunk-a': 'PJSIP/{EXTEN}@trunk-a', local: 'Local/{EXTEN}@out-ctx/n' },
  callerIdName: '',
};

describe('Stasis arguments', () => {
  it.each([
    [
      ['13800138000', '8001', 'marketing'],
      { callee: '13800138000', agent: '8001', purpose: 'marketing', route: null },
    ],
    [['13800138000', '8001', ''], { callee: '13800138000', agent: '8001', purpose: 'service', route: null }],
    [
      ['13800138000', '8001', 'URGENT', 'trunk-a'],
      { callee: '13800138000', agent: '8001', purpose: 'urgent', route: 'trunk-a' },
    ],
  ])('when the args are %j, then the request is %j', (args, request) => {
    expect(parseStasisArgs(args)).toEqual({ ok: true, request });
  });

  it.each([
    [['13800138000'], /no agent/],
    [['13800138000', '8001', 'sales'], /unknown purpose 'sales'/],
    [['13800138000', '8001', 'service', 'trunk a;rm'], /invalid route name/],
  ])('when the args are %j, then they are refused with a reason', (args, problem) => {
    const parsed = parseStasisArgs(args);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});

describe('channel instructions', () => {
  it('when a call is allowed, then call id, caller ID, route, dial string and result are set in that order and the call continues', () => {
    const i = instructionsFor(allowed, {
      callId: 42,
      route: 'trunk-a',
      dialed: '13800138000',
      calleeE164: '+8613800138000',
      dryRun: false,
      rules,
    });
    expect(i).toEqual({
      variables: [
        ['NUMPOOL_CALL_ID', '42'],
        ['CALLERID(num)', '01088880001'],
        ['CALLERID(name)', '01088880001'],
        ['NUMPOOL_ROUTE', 'trunk-a'],
        ['NUMPOOL_DIAL', 'PJSIP/13800138000@trunk-a'],
        ['NUMPOOL_RESULT', 'ALLOWED'],
      ],
      label: undefined,
    });
  });

  it('when a call is blocked, then the reason is set and the call continues at the blocked label', () => {
    expect(
      instructionsFor(blocked, {
        callId: 7,
        route: null,
        dialed: '1',
        dryRun: false,
        rules,
        calleeE164: '+8613800138000',
      }),
    ).toEqual({
      variables: [
        ['NUMPOOL_CALL_ID', '7'],
        ['NUMPOOL_RESULT', 'BLOCKED'],
        ['NUMPOOL_REASON', 'DNC'],
      ],
      label: 'blocked',
    });
  });

  it('when numpool runs in shadow mode, then the caller ID is left alone and even a block lets the call through', () => {
    const i = instructionsFor(blocked, {
      callId: 7,
      route: null,
      dialed: '1',
      dryRun: true,
      rules,
      calleeE164: '+8613800138000',
    });
    expect(i.label).toBeUndefined();
    expect(i.variables.map(([n]) => n)).toEqual(['NUMPOOL_CALL_ID', 'NUMPOOL_SHADOW', 'NUMPOOL_RESULT']);
    expect(i.variables).toContainEqual(['NUMPOOL_SHADOW', 'BLOCKED DNC']);
  });

  it("when numpool itself fails, then the fail policy takes over at the reason's label with no variable set (so the dialplan can still write its AstDB record)", () => {
    expect(failureInstructions('TIMEOUT')).toEqual({ variables: [], label: 'timeout' });
    expect(failureInstructions('LATE')).toEqual({ variables: [], label: 'late' });
  });

  it.each([
    ['trunk-a', '138-0013-8000', '+8613800138000', 'PJSIP/13800138000@trunk-a'],
    ['local', '13800138000', '+8613800138000', 'Local/13800138000@out-ctx/n'],
    ['trunk-a', '010 8888 6666', '+861088886666', 'PJSIP/01088886666@trunk-a'],
    ['trunk-a', '95588', '+8695588', 'PJSIP/95588@trunk-a'],
    ['unmapped', '13800138000', '+8613800138000', ''],
    [null, '13800138000', '+8613800138000', ''],
  ])(
    'when the route is %s and %s was dialed (checked as %s), then the dial string is %j',
    (route, dialed, calleeE164, expected) => {
      expect(dialString({ route, dialed, calleeE164, rules })).toBe(expected);
    },
  );

  it.each([
    ['913800138000', '+8613800138000', 'PJSIP/13800138000@trunk-a'],
    ['96123456', '+8696123456', 'PJSIP/96123456@trunk-a'],
    ['01088886666', '+861088886666', 'PJSIP/01088886666@trunk-a'],
  ])(
    'when %s was dialed and checked as %s, then exactly the checked number is dialed: %s',
    (dialed, calleeE164, expected) => {
      expect(dialString({ route: 'trunk-a', dialed, calleeE164, rules })).toBe(expected);
    },
  );

  it.each([
    ['+861088880001', 'landline', '01088880001'],
    ['+8613800138000', 'mobile', '13800138000'],
    ['+864008123456', 'tollfree', '4008123456'],
  ])('when %s (%s) is presented, then the trunk sees %s', (e164, type, presented) => {
    expect(presentedNumber(e164, type)).toBe(presented);
  });
});
