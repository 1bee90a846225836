// The real ari-client, unchanged, against the simulated Asterisk running dialplan/numpool.conf:
// every dialplan path numpool relies on (allowed, blocked, fail-open/closed, watchdog, hang-up
// during the decision, reconnect after a dropped WebSocket).

import { afterEach, describe, expect, it } from 'vitest';
import { connectTestConsumer, type TestConsumer } from '../../plugin/simulator/ari-test-consumer.ts';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk', 'trunk-a': 'PJSIP/${EXTEN}@trunk-a' };
const ALLOW = {
  kind: 'allow',
  callerIdNum: '01088886666',
  callerIdName: 'numpool',
  route: 'trunk-a',
  dial: 'PJSIP/13800138000@trunk-a',
  callId: 'call-1',
} as const;

let sim: SimulatedAsterisk | null = null;
let consumer: TestConsumer | null = null;

async function startSim(
  options: Parameters<typeof SimulatedAsterisk.start>[0] = {},
): Promise<SimulatedAsterisk> {
  sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: ROUTES, ...options });
  return sim;
}

afterEach(async () => {
  await consumer?.stop();
  consumer = null;
  expect(sim?.faults() ?? []).toEqual([]);
  await sim?.stop();
  sim = null;
});

describe('simulated Asterisk with the real ari-client', () => {
  it('when the app allows the call, then the trunk sees the chosen caller ID and dial string', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, () => ALLOW);
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(consumer.started[0]?.args).toEqual(['13800138000', '8001', 'service', '']);
    expect(outcome).toMatchObject({
      path: 'dialed',
      trunk: { dialString: 'PJSIP/13800138000@trunk-a', callerIdNum: '01088886666', callerIdName: 'numpool' },
      dialStatus: 'ANSWER',
      hangupCause: 16,
    });
    // A 1 s conversation; 20×-scaled timers may round up by a second on a loaded machine.
    expect(['1', '2']).toContain(outcome.answeredTime);
    expect(outcome.variables.NUMPOOL_CALL_ID).toBe('call-1');
  });

  it('when the app blocks the call, then the agent gets the reason and cause 21 and no trunk is seized', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, () => ({
      kind: 'block',
      reason: 'OUTSIDE_WINDOW',
      callId: 'c2',
    }));
    const outcome = await s.originate({ callee: '13800138000', agent: '8001', purpose: 'marketing' }).ended;
    expect(consumer.started[0]?.args).toEqual(['13800138000', '8001', 'marketing', '']);
    expect(outcome).toMatchObject({
      path: 'blocked',
      reason: 'OUTSIDE_WINDOW',
      hangupCause: 21,
      trunk: null,
    });
  });

  it('when the callee is busy, then DIALSTATUS is BUSY and the outcome event says so', async () => {
    const s = await startSim();
    const results: Array<Record<string, string>> = [];
    s.onAmiEvent((h) => {
      if (h.UserEvent === 'NumpoolResult') results.push(h);
    });
    s.setTrunkBehaviour('13800138000', 'busy');
    consumer = await connectTestConsumer(s.ariUrl, () => ALLOW);
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    // The agent's phone is told busy (cause 17), as an outbound route would.
    expect(outcome).toMatchObject({ path: 'dialed', dialStatus: 'BUSY', answeredTime: '', hangupCause: 17 });
    expect(results).toEqual([
      expect.objectContaining({
        NumpoolCallId: 'call-1',
        DialStatus: 'BUSY',
        Result: 'ALLOWED',
        HangupCause: '17',
      }),
    ]);
  });

  it('when no app is connected and the policy is open, then the call goes out on the default route unchanged', async () => {
    const s = await startSim();
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome).toMatchObject({
      path: 'failed-open',
      stasisStatus: 'FAILED',
      reason: 'APP_UNAVAILABLE',
      trunk: { dialString: 'PJSIP/13800138000@default-trunk', callerIdNum: '8001' },
    });
  });

  it('when no app is connected and the policy is closed, then the call is rejected with cause 21', async () => {
    const s = await startSim({ failPolicy: 'closed' });
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome).toMatchObject({
      path: 'failed-closed',
      reason: 'APP_UNAVAILABLE',
      hangupCause: 21,
      trunk: null,
    });
  });

  it('when the app never answers, then the watchdog undoes its partial decision and dials the default route', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, async (start) => {
      const channel = (await consumer?.client.channels.list())?.find((c) => c.id === start.channelId);
      // numpool's first variable is always NUMPOOL_CALL_ID: the dialplan then knows the channel was
      // written over ARI (Asterisk blocks its DB() writes) and leaves AstDB alone.
      await channel?.setChannelVar({ variable: 'NUMPOOL_CALL_ID', value: 'call-9' });
      await channel?.setChannelVar({ variable: 'CALLERID(num)', value: '01099990000' });
      return { kind: 'ignore' };
    });
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome).toMatchObject({
      path: 'watchdog-open',
      reason: 'WATCHDOG',
      stasisStatus: 'SUCCESS',
      trunk: { dialString: 'PJSIP/13800138000@default-trunk', callerIdNum: '8001' },
    });
  });

  it('when the decision comes after the watchdog, then every request gets 409 and the call is unaffected', async () => {
    const s = await startSim();
    let release: () => void = () => undefined;
    const late = new Promise<void>((resolve) => (release = resolve));
    consumer = await connectTestConsumer(s.ariUrl, async () => {
      await late;
      return ALLOW;
    });
    const call = s.originate({ callee: '13800138000', agent: '8001' });
    const trunkSeized = new Promise<void>((resolve) =>
      s.onAmiEvent((h) => {
        if (h.Event === 'DialBegin' && h.Channel !== undefined) resolve();
      }),
    );
    await trunkSeized;
    release();
    const outcome = await call.ended;
    expect(outcome.path).toBe('watchdog-open');
    await expect.poll(() => consumer?.errors.length).toBe(1);
    expect(consumer.errors[0]?.message).toContain('Channel not in Stasis application');
  });

  it('when the agent hangs up during the decision, then the app gets 404 Channel not found', async () => {
    const s = await startSim();
    let call: ReturnType<SimulatedAsterisk['originate']> | null = null;
    consumer = await connectTestConsumer(s.ariUrl, () => {
      call?.hangup();
      return ALLOW;
    });
    call = s.originate({ callee: '13800138000', agent: '8001' });
    const outcome = await call.ended;
    expect(outcome).toMatchObject({ path: 'abandoned', hangupCause: 16, trunk: null });
    await expect.poll(() => consumer?.errors.length).toBe(1);
    expect(consumer.errors[0]?.message).toContain('Channel not found');
  });

  it('when the events WebSocket is dropped, then ari-client reconnects and receives the next call', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, () => ALLOW);
    const reconnected = new Promise<void>((resolve) =>
      consumer?.client.once('WebSocketConnected', () => resolve()),
    );
    s.dropAriWebSockets();
    await reconnected;
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome.path).toBe('dialed');
  });

  it('when the app gives up and continues at "failed", then its partial decision is undone and the policy applies', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, async (start) => {
      const channel = (await consumer?.client.channels.list())?.find((c) => c.id === start.channelId);
      // numpool's first variable is always NUMPOOL_CALL_ID: the dialplan then knows the channel was
      // written over ARI (Asterisk blocks its DB() writes) and leaves AstDB alone.
      await channel?.setChannelVar({ variable: 'NUMPOOL_CALL_ID', value: 'call-9' });
      await channel?.setChannelVar({ variable: 'CALLERID(num)', value: '01099990000' });
      await channel?.setChannelVar({ variable: 'NUMPOOL_DIAL', value: 'PJSIP/13800138000@trunk-a' });
      await channel?.setChannelVar({ variable: 'NUMPOOL_REASON', value: 'TIMEOUT' });
      await channel?.continueInDialplan({ label: 'failed' });
      return { kind: 'ignore' };
    });
    const outcome = await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome).toMatchObject({
      path: 'failed-open',
      reason: 'TIMEOUT',
      trunk: { dialString: 'PJSIP/13800138000@default-trunk', callerIdNum: '8001' },
    });
  });

  it('when the agent dials with the marketing prefix *82, then the app sees the bare number and purpose marketing', async () => {
    const s = await startSim();
    consumer = await connectTestConsumer(s.ariUrl, () => ({
      kind: 'block',
      reason: 'NO_CONSENT',
      callId: 'c3',
    }));
    const outcome = await s.originate({ callee: '*8213800138000', agent: '8001' }).ended;
    expect(consumer.started[0]?.args).toEqual(['13800138000', '8001', 'marketing', '']);
    expect(outcome.path).toBe('blocked');
  });

  it('when a prompt is configured for the block reason but missing, then the stock prompt plays instead', async () => {
    const s = await startSim({ prompts: { 'custom/no-consent': 0.5 } });
    s.pbx.setGlobal('NUMPOOL_PROMPT_NO_CONSENT', 'custom/no-consent');
    s.pbx.setGlobal('NUMPOOL_PROMPT_DNC', 'custom/missing');
    const played: string[] = [];
    s.onAmiEvent((h) => {
      if (h.Event === 'Newexten' && h.Application === 'Playback') played.push(h.AppData ?? '');
    });
    consumer = await connectTestConsumer(s.ariUrl, (start) => ({
      kind: 'block',
      reason: consumer?.started.length === 1 ? 'NO_CONSENT' : 'DNC',
      callId: start.channelId,
    }));
    await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    await s.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(played).toEqual([
      'custom/no-consent,noanswer',
      'custom/missing,noanswer',
      'ss-noservice,noanswer',
    ]);
  });
});
