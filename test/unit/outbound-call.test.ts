// The per-call handler with a fake ARI port and a fake engine: deadline, late decisions, load
// shedding and hang-ups, in isolation (the component tests run the real thing end to end).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionEngine, DecisionResult } from '../../plugin/call-flow/decide-call.ts';
import { handleOutboundCall, type OutboundCallDeps } from '../../plugin/call-flow/outbound-call.ts';
import { createLogger } from '../../plugin/logger.ts';
import { ChannelGoneError, type AriPort, type StasisCall } from '../../plugin/pbx/ari-port.ts';
import { AriRequestError } from '../../plugin/pbx/ari-rest-failure.ts';
import { Writable } from 'node:stream';
import { BEIJING, numberIn } from '../support/pool-fixtures.ts';

class FakePort {
  readonly sent: string[] = [];
  gone = false;
  broken = false;
  failure: Error | null = null;
  setVariable = (): Promise<void> => Promise.resolve();
  setVariables = (_id: string, vars: readonly (readonly [string, string])[]): Promise<void> => {
    if (this.gone) return Promise.reject(new ChannelGoneError('1.1', 404));
    if (this.broken) return Promise.reject(new Error('socket hang up'));
    if (this.failure) return Promise.reject(this.failure);
    this.sent.push(...vars.map(([n, v]) => `${n}=${v}`));
    return Promise.resolve();
  };
  continueInDialplan = (_id: string, label?: string): Promise<void> => {
    this.sent.push(`continue:${label ?? ''}`);
    return Promise.resolve();
  };
}

const CALL: StasisCall = {
  serverId: 'pbx-a',
  channelId: '1.1',
  args: ['13800138000', '8001', 'service', ''],
  callerNumber: '8001',
  startedAt: null,
};
const WALL_CLOCK = Date.parse('2026-03-02T02:00:00Z');
const ALLOWED: DecisionResult = {
  callId: 9,
  decision: {
    kind: 'allowed',
    number: numberIn(BEIJING, '+861088880001'),
    tier: 'city',
    trace: { steps: [] },
  },
  calleeE164: '+8613800138000',
  area: BEIJING,
  route: 'default',
  dryRun: false,
  elapsedMs: 1,
};

function deps(engine: Partial<DecisionEngine>, extra: Partial<OutboundCallDeps> = {}): OutboundCallDeps {
  return {
    engine: {
      decide: () => Promise.resolve(ALLOWED),
      release: () => Promise.resolve(true),
      withdraw: () => Promise.resolve(true),
      ...engine,
    },
    logger: createLogger('silent'),
    now: () => new Date('2026-03-02T02:00:00Z'),
    deadlineMs: 100,
    dryRun: false,
    rules: () => ({ routes: {}, callerIdName: '' }),
    wallClockMs: () => WALL_CLOCK,
    ...extra,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the outbound call handler', () => {
  it('when too many calls are in flight, then the call fails over at once at the overload label and nothing is decided', async () => {
    const port = new FakePort();
    const decide = vi.fn(() => Promise.resolve(ALLOWED));
    await handleOutboundCall(port as unknown as AriPort, CALL, deps({ decide }, { admit: () => false }));
    expect(port.sent).toEqual(['continue:overload']);
    expect(decide).not.toHaveBeenCalled();
  });

  it('when the decision misses the deadline, then the call takes the timeout label and the late decision is withdrawn', async () => {
    const port = new FakePort();
    let finish: (r: DecisionResult) => void = () => undefined;
    const withdraw = vi.fn(() => Promise.resolve(true));
    const handled = handleOutboundCall(
      port as unknown as AriPort,
      CALL,
      deps({ decide: () => new Promise<DecisionResult>((resolve) => (finish = resolve)), withdraw }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(port.sent).toEqual(['continue:timeout']);
    finish({ ...ALLOWED, decision: { kind: 'blocked', reason: 'DNC', message: '', trace: { steps: [] } } });
    await handled;
    expect(withdraw).toHaveBeenCalledWith(9);
  });

  it('when a blocked decision finds its channel gone (the watchdog sent it on), then the decision is withdrawn', async () => {
    const port = new FakePort();
    port.gone = true;
    const withdraw = vi.fn(() => Promise.resolve(true));
    const release = vi.fn(() => Promise.resolve(true));
    const blocked: DecisionResult = {
      ...ALLOWED,
      decision: { kind: 'blocked', reason: 'DNC', message: '', trace: { steps: [] } },
    };
    await handleOutboundCall(
      port as unknown as AriPort,
      CALL,
      deps({ decide: () => Promise.resolve(blocked), withdraw, release }),
    );
    expect(withdraw).toHaveBeenCalledWith(9);
    expect(release).not.toHaveBeenCalled();
  });

  it('when the agent hung up before the variables were set, then the reservation is released', async () => {
    const port = new FakePort();
    port.gone = true;
    const release = vi.fn(() => Promise.resolve(true));
    await handleOutboundCall(port as unknown as AriPort, CALL, deps({ release }));
    expect(release).toHaveBeenCalledWith(9);
  });

  it('when the request to Asterisk fails for another reason, then the decision is withdrawn (it may never have reached the channel)', async () => {
    const port = new FakePort();
    port.broken = true;
    const release = vi.fn(() => Promise.resolve(true));
    const withdraw = vi.fn(() => Promise.resolve(true));
    await handleOutboundCall(port as unknown as AriPort, CALL, deps({ release, withdraw }));
    expect(withdraw).toHaveBeenCalledWith(9);
    expect(release).not.toHaveBeenCalled();
  });

  it.each([
    [
      'times out (no answer: a warning, the call follows the watchdog)',
      'NUMPOOL_ARI_REQUEST_TIMEOUT',
      null,
      40,
    ],
    ['is refused by Asterisk (a broken deployment: an error)', 'NUMPOOL_ARI_REQUEST_REFUSED', 400, 50],
  ] as const)(
    'when the request to Asterisk %s, then it is logged at the catalogue level',
    async (_what, code, status, level) => {
      const port = new FakePort();
      port.failure = new AriRequestError(code, 'ARI POST /channels/1.1/variables failed', status, 'x');
      const lines: { level: number; msg: string }[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
          done();
        },
      });
      await handleOutboundCall(
        port as unknown as AriPort,
        CALL,
        deps({}, { logger: createLogger('info', sink) }),
      );
      expect(lines.find((l) => l.msg === 'could not instruct the channel')?.level).toBe(level);
    },
  );

  it('when the StasisStart is older than the deadline (numpool was frozen), then nothing is decided and the call takes the late label (fail policy, no variables set)', async () => {
    const port = new FakePort();
    const decide = vi.fn(() => Promise.resolve(ALLOWED));
    const late = { ...CALL, startedAt: new Date(WALL_CLOCK - 6000) };
    await handleOutboundCall(port as unknown as AriPort, late, deps({ decide }));
    expect(decide).not.toHaveBeenCalled();
    expect(port.sent).toEqual(['continue:late']);
  });

  it('when the StasisStart waited part of the deadline, then the decision gets only the rest of it', async () => {
    const port = new FakePort();
    const waited = { ...CALL, startedAt: new Date(WALL_CLOCK - 70) };
    const handled = handleOutboundCall(
      port as unknown as AriPort,
      waited,
      deps({ decide: () => new Promise<DecisionResult>(() => undefined) }),
    );
    await vi.advanceTimersByTimeAsync(29);
    expect(port.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.sent).toEqual(['continue:timeout']);
    void handled;
  });

  it('when the decision fails, then the call takes the error label (fail policy, no variables set)', async () => {
    const port = new FakePort();
    await handleOutboundCall(
      port as unknown as AriPort,
      CALL,
      deps({ decide: () => Promise.reject(new Error('db down')) }),
    );
    expect(port.sent).toEqual(['continue:error']);
  });

  it.each([
    [['13800138000', '8001', 'sales']],
    [['13800138000', '8001', 'x', 'service', '']],
    [['13800138000', '8001;rm', 'service', '']],
  ])(
    'when the Stasis arguments are %j, then the call is refused (blocked label, BAD_ARGS), not failed over',
    async (args) => {
      const port = new FakePort();
      const decide = vi.fn(() => Promise.resolve(ALLOWED));
      await handleOutboundCall(port as unknown as AriPort, { ...CALL, args }, deps({ decide }));
      expect(port.sent).toEqual(['NUMPOOL_RESULT=BLOCKED', 'NUMPOOL_REASON=BAD_ARGS', 'continue:blocked']);
      expect(decide).not.toHaveBeenCalled();
    },
  );
});
