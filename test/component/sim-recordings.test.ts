// Drives the simulator (running the recorded dialplan) through the client steps of each real
// recording and compares the traffic: event sequences per stream and channel role, key order and
// value formats (plugin/simulator/traffic-compare.ts). A difference fails with the two sequences shown.

import { describe, expect, it } from 'vitest';
import { ariRequest, RawAmiClient, RawEventsSocket } from '../../plugin/simulator/scenario-client.ts';
import { RECORDED_DIALPLAN, SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';
import { compareTraffic, loadRecording } from '../../plugin/simulator/traffic-compare.ts';
import { RECORDINGS_DIR } from '../../plugin/simulator/shared-asterisk-reference.ts';

const RECORDINGS = RECORDINGS_DIR;
const SCALE = 0.2;

interface Ctx {
  sim: SimulatedAsterisk;
  ami: RawAmiClient;
  ws: RawEventsSocket | null;
}

async function replay(
  name: string,
  steps: (ctx: Ctx) => Promise<void>,
  opts: { ws?: boolean; actionIdPrefix?: string } = {},
): Promise<string[]> {
  const sim = await SimulatedAsterisk.start({ dialplanFile: RECORDED_DIALPLAN, timeScale: SCALE });
  try {
    const ami = await RawAmiClient.open(sim.amiPort, opts.actionIdPrefix ?? name);
    await ami.send('Login', [
      ['Username', 'numpool'],
      ['Secret', 'numpool'],
    ]);
    const ctx: Ctx = { sim, ami, ws: opts.ws === false ? null : await RawEventsSocket.open(sim.ariUrl) };
    await steps(ctx);
    await ctx.ws?.close();
    await ami.send('Logoff');
    await ami.closed;
    expect(sim.faults()).toEqual([]);
    return compareTraffic(loadRecording(`${RECORDINGS}/${name}.jsonl`), sim.traffic());
  } finally {
    await sim.stop();
  }
}

function originate(ami: RawAmiClient, callee: string, variable?: string): Promise<unknown> {
  const fields: Array<[string, string]> = [
    ['Channel', `Local/${callee}@numpool-outbound`],
    ['CallerID', '"Agent 8001" <8001>'],
    ['Application', 'Wait'],
    ['Data', '30'],
    ['Async', 'true'],
  ];
  if (variable !== undefined) fields.push(['Variable', variable]);
  return ami.send('Originate', fields);
}

const setVar = (ctx: Ctx, id: string, variable: string, value: string): ReturnType<typeof ariRequest> =>
  ariRequest(
    ctx.sim.ariUrl,
    'POST',
    `/channels/${id}/variable?variable=${encodeURIComponent(variable)}&value=${encodeURIComponent(value)}`,
  );

async function allow(ctx: Ctx, id: string): Promise<void> {
  await setVar(ctx, id, 'NUMPOOL_CALL_ID', crypto.randomUUID());
  await setVar(ctx, id, 'CALLERID(num)', '01088886666');
  await setVar(ctx, id, 'CALLERID(name)', 'numpool');
  await setVar(ctx, id, 'NUMPOOL_ROUTE', 'fake-trunk');
  await setVar(ctx, id, 'NUMPOOL_RESULT', 'ALLOWED');
  await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${id}/continue`);
}

/** Both halves of the agent's Local pair have hung up. */
async function agentGone(ami: RawAmiClient, context = 'numpool-outbound'): Promise<void> {
  const gone = (half: string) => (h: Record<string, unknown>) =>
    h.Event === 'Hangup' &&
    typeof h.Channel === 'string' &&
    h.Channel.includes(`@${context}-`) &&
    h.Channel.endsWith(half);
  await Promise.all([ami.waitFor(gone(';1')), ami.waitFor(gone(';2'))]);
}

async function stasisStartId(ctx: Ctx): Promise<string> {
  const start = await ctx.ws?.next('StasisStart');
  return String((start?.channel as { id: string } | undefined)?.id);
}

async function allowedCall(ctx: Ctx, callee: string): Promise<void> {
  await originate(ctx.ami, callee);
  await allow(ctx, await stasisStartId(ctx));
  await agentGone(ctx.ami);
}

describe('simulated Asterisk compared with the recordings', () => {
  it('when an allowed call is answered, then the traffic matches allowed-answered', async () => {
    expect(await replay('allowed-answered', (ctx) => allowedCall(ctx, '13800138000'))).toEqual([]);
  });

  it('when the callee is busy, then the traffic matches allowed-busy', async () => {
    expect(await replay('allowed-busy', (ctx) => allowedCall(ctx, '13800138004'))).toEqual([]);
  });

  it('when the trunk is congested, then the traffic matches allowed-congestion', async () => {
    expect(await replay('allowed-congestion', (ctx) => allowedCall(ctx, '13800138003'))).toEqual([]);
  });

  it('when the callee never answers, then the traffic matches allowed-noanswer', async () => {
    const diffs = await replay('allowed-noanswer', async (ctx) => {
      await ctx.ami.send('Setvar', [
        ['Variable', 'NUMPOOL_DIAL_TIMEOUT'],
        ['Value', '3'],
      ]);
      await allowedCall(ctx, '13800138009');
      await ctx.ami.send('Setvar', [
        ['Variable', 'NUMPOOL_DIAL_TIMEOUT'],
        ['Value', '20'],
      ]);
    });
    expect(diffs).toEqual([]);
  });

  it('when the agent cancels while the callee rings, then the traffic matches allowed-caller-cancels', async () => {
    const diffs = await replay('allowed-caller-cancels', async (ctx) => {
      await originate(ctx.ami, '13800138009');
      await allow(ctx, await stasisStartId(ctx));
      const ringing = await ctx.ami.waitFor((h) => h.Event === 'UserEvent' && h.UserEvent === 'TrunkSaw');
      void ringing;
      const one = await ctx.ami.waitFor((h) => h.Event === 'Newchannel' && String(h.Channel).endsWith(';1'));
      await ctx.ami.send('Hangup', [
        ['Channel', String(one.Channel)],
        ['Cause', '16'],
      ]);
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });

  it('when the app blocks, then the traffic matches blocked', async () => {
    const diffs = await replay('blocked', async (ctx) => {
      await originate(ctx.ami, '13800138000', 'NUMPOOL_PURPOSE=marketing');
      const id = await stasisStartId(ctx);
      await setVar(ctx, id, 'NUMPOOL_CALL_ID', crypto.randomUUID());
      await setVar(ctx, id, 'NUMPOOL_RESULT', 'BLOCKED');
      await setVar(ctx, id, 'NUMPOOL_REASON', 'OUTSIDE_WINDOW');
      await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${id}/continue?label=blocked`);
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });

  it('when the app is not connected, then the traffic matches app-not-connected', async () => {
    const diffs = await replay('app-not-connected', async (ctx) => {
      await ctx.ws?.close();
      ctx.ws = null;
      await originate(ctx.ami, '13800138000');
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });

  it('when the app is not connected and the policy is closed, then the traffic matches app-not-connected-failclosed', async () => {
    const diffs = await replay(
      'app-not-connected-failclosed',
      async (ctx) => {
        await ctx.ami.send('Setvar', [
          ['Variable', 'NUMPOOL_FAIL_POLICY'],
          ['Value', 'closed'],
        ]);
        await ctx.ami.send('Getvar', [['Variable', 'NUMPOOL_FAIL_POLICY']]);
        await originate(ctx.ami, '13800138000');
        await agentGone(ctx.ami);
        await ctx.ami.send('Setvar', [
          ['Variable', 'NUMPOOL_FAIL_POLICY'],
          ['Value', 'open'],
        ]);
      },
      { ws: false },
    );
    expect(diffs).toEqual([]);
  });

  it('when the app ignores StasisStart, then the traffic matches watchdog', async () => {
    const diffs = await replay('watchdog', async (ctx) => {
      await originate(ctx.ami, '13800138000');
      await stasisStartId(ctx);
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });

  it('when the decision comes after the watchdog, then the traffic matches watchdog-late-decision', async () => {
    const diffs = await replay('watchdog-late-decision', async (ctx) => {
      await originate(ctx.ami, '13800138000');
      const id = await stasisStartId(ctx);
      await ctx.ws?.next('StasisEnd');
      await ctx.ami.waitFor((h) => h.Event === 'OriginateResponse');
      await allow(ctx, id);
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });

  it('when the agent hangs up during the decision, then the traffic matches caller-hangs-up-during-decision', async () => {
    const diffs = await replay('caller-hangs-up-during-decision', async (ctx) => {
      await originate(ctx.ami, '13800138000');
      const start = await ctx.ws?.next('StasisStart');
      const channel = start?.channel as { id: string; name: string };
      await ctx.ami.send('Hangup', [
        ['Channel', channel.name],
        ['Cause', '16'],
      ]);
      await setVar(ctx, channel.id, 'NUMPOOL_RESULT', 'ALLOWED');
      await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${channel.id}/continue`);
      await ctx.ws?.next('StasisEnd');
      await agentGone(ctx.ami);
      await setVar(ctx, channel.id, 'NUMPOOL_RESULT', 'ALLOWED');
      await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${channel.id}/continue`);
    });
    expect(diffs).toEqual([]);
  });

  it('when a request lands just after the AMI hangup, then the traffic matches the recorded race', async () => {
    const diffs = await replay(
      'caller-hangs-up-during-decision-race',
      async (ctx) => {
        ctx.sim.setRaceOrder('response-first');
        await originate(ctx.ami, '13800138000');
        const start = await ctx.ws?.next('StasisStart');
        const channel = start?.channel as { id: string; name: string };
        // The hangup reaches the channel only after the next request was served (the recorded race).
        const lingering = ctx.sim.lingerNextHangup(channel.id, 1);
        await ctx.ami.send('Hangup', [
          ['Channel', channel.name],
          ['Cause', '16'],
        ]);
        expect((await setVar(ctx, channel.id, 'NUMPOOL_RESULT', 'ALLOWED')).status).toBe(204);
        await lingering;
        expect((await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${channel.id}/continue`)).status).toBe(
          404,
        );
        await agentGone(ctx.ami);
        await setVar(ctx, channel.id, 'NUMPOOL_RESULT', 'ALLOWED');
        await ariRequest(ctx.sim.ariUrl, 'POST', `/channels/${channel.id}/continue`);
      },
      { actionIdPrefix: 'caller-hangs-up-during-decision' },
    );
    expect(diffs).toEqual([]);
  });

  it('when the AMI session runs the recorded actions, then the traffic matches ami-session', async () => {
    const sim = await SimulatedAsterisk.start({ dialplanFile: RECORDED_DIALPLAN, timeScale: SCALE });
    try {
      const ami1 = await RawAmiClient.open(sim.amiPort, 'ami-session');
      await ami1.send('Login', [
        ['Username', 'numpool'],
        ['Secret', 'numpool'],
      ]);
      const ami2 = await RawAmiClient.open(sim.amiPort, 'ami-session');
      (ami2 as unknown as { seq: number }).seq = 1;
      await ami2.send('Ping');
      await ami2.send('Login', [
        ['Username', 'numpool'],
        ['Secret', 'wrong-secret'],
      ]);
      await ami2.closed;
      const ami3 = await RawAmiClient.open(sim.amiPort, 'ami-session');
      (ami3 as unknown as { seq: number }).seq = 3;
      await ami3.send('Login', [
        ['Username', 'numpool'],
        ['Secret', 'numpool'],
      ]);
      await ami3.send('Ping');
      await ami3.send('Command', [['Command', 'core show version']]);
      await ami3.send('Setvar', [
        ['Variable', 'NUMPOOL_FAIL_POLICY'],
        ['Value', 'open'],
      ]);
      await ami3.send('Getvar', [['Variable', 'NUMPOOL_FAIL_POLICY']]);
      await ami3.send('Getvar', [['Variable', 'NUMPOOL_NEVER_SET']]);
      await ami3.send('Getvar', [
        ['Channel', 'Local/none@nowhere-00000000;2'],
        ['Variable', 'X'],
      ]);
      await ami3.send('Setvar', [
        ['Channel', 'Local/none@nowhere-00000000;2'],
        ['Variable', 'X'],
        ['Value', '1'],
      ]);
      await ami3.send('NoSuchAction');
      await ami3.send('Ping', [], false);
      await ami3.send('Logoff');
      await ami3.closed;
      (ami1 as unknown as { seq: number }).seq = 13;
      await ami1.send('Logoff');
      await ami1.closed;
      expect(compareTraffic(loadRecording(`${RECORDINGS}/ami-session.jsonl`), sim.traffic())).toEqual([]);
    } finally {
      await sim.stop();
    }
  });

  it('when the agent dials *77, then the traffic matches dnc-feature-code', async () => {
    const diffs = await replay(
      'dnc-feature-code',
      async (ctx) => {
        await ctx.ami.send('DBPut', [
          ['Family', 'numpool'],
          ['Key', 'last/8001'],
          ['Val', '13800138000'],
        ]);
        await ctx.ami.send('DBGet', [
          ['Family', 'numpool'],
          ['Key', 'last/8001'],
        ]);
        await ctx.ami.waitFor((h) => h.Event === 'DBGetComplete');
        await ctx.ami.send('Originate', [
          ['Channel', 'Local/*77@numpool-features'],
          ['CallerID', '"Agent 8001" <8001>'],
          ['Application', 'Wait'],
          ['Data', '30'],
          ['Async', 'true'],
        ]);
        await agentGone(ctx.ami, 'numpool-features');
        await ctx.ami.send('DBDel', [
          ['Family', 'numpool'],
          ['Key', 'last/8001'],
        ]);
      },
      { ws: false },
    );
    expect(diffs).toEqual([]);
  });

  it('when the app makes the recorded mistakes, then the traffic matches ari-errors', async () => {
    const diffs = await replay('ari-errors', async (ctx) => {
      const url = ctx.sim.ariUrl;
      await originate(ctx.ami, '13800138000');
      const id = await stasisStartId(ctx);
      const one = String(
        (await ctx.ami.waitFor((h) => h.Event === 'Newchannel' && String(h.Channel).endsWith(';1'))).Uniqueid,
      );
      await ariRequest(
        url,
        'POST',
        '/channels/no-such-channel-id/variable?variable=NUMPOOL_RESULT&value=ALLOWED',
      );
      await ariRequest(url, 'POST', `/channels/${one}/variable?variable=NUMPOOL_RESULT&value=ALLOWED`);
      await ariRequest(url, 'POST', `/channels/${id}/variable?value=x`);
      await ariRequest(url, 'POST', `/channels/${id}/variable?variable=NO_SUCH_FUNC%28x%29&value=1`);
      await ariRequest(url, 'GET', `/channels/${id}/variable?variable=NUMPOOL_NOT_SET`);
      await ariRequest(url, 'GET', `/channels/${id}/variable?variable=CALLERID%28num%29`);
      await ariRequest(url, 'GET', `/channels/${id}/variable?variable=NUMPOOL_DEST`);
      await ariRequest(url, 'GET', `/channels/${id}`, 'numpool:wrong');
      await ariRequest(url, 'POST', `/channels/${id}/continue`, null);
      await ariRequest(url, 'GET', '/applications/no-such-app');
      await ariRequest(url, 'GET', '/no-such-resource');
      await ariRequest(url, 'PUT', '/asterisk/ping');
      await ariRequest(url, 'POST', `/channels/${id}/continue?label=no-such-label`);
      await ariRequest(url, 'POST', `/channels/${id}/continue?label=0`);
      await ariRequest(url, 'POST', '/channels/no-such-channel-id/continue');
      await ariRequest(url, 'POST', `/channels/${one}/continue`);
      await ariRequest(url, 'DELETE', `/channels/${id}?reason=normal`);
      await ctx.ws?.next('StasisEnd');
      await agentGone(ctx.ami);
      await ariRequest(url, 'DELETE', `/channels/${id}`);
    });
    expect(diffs).toEqual([]);
  });

  it('when WebSockets are refused, replaced and closed, then the traffic matches ws-lifecycle', async () => {
    const diffs = await replay(
      'ws-lifecycle',
      async (ctx) => {
        const url = ctx.sim.ariUrl;
        expect(
          await RawEventsSocket.refused(url, 'app=numpool&api_key=numpool:wrong&subscribeAll=false'),
        ).toBe(401);
        expect(await RawEventsSocket.refused(url, 'api_key=numpool:numpool')).toBe(400);
        const ws1 = await RawEventsSocket.open(url);
        await ariRequest(url, 'GET', '/applications/numpool');
        const ws2 = await RawEventsSocket.open(url);
        await ws1.next('ApplicationReplaced');
        await ariRequest(url, 'GET', '/applications/numpool');
        ctx.ws = ws2;
        await allowedCall(ctx, '13800138000');
        await ws2.close(1000, 'bye');
        await ariRequest(url, 'GET', '/applications');
        await originate(ctx.ami, '13800138000');
        await agentGone(ctx.ami);
        await ws1.close();
        await ariRequest(url, 'GET', '/applications');
        const ws3 = await RawEventsSocket.open(url);
        await ws3.drop();
        await expect.poll(() => ctx.sim.openEventSockets()).toBe(0);
        await ariRequest(url, 'GET', '/applications');
        ctx.ws = null;
      },
      { ws: false },
    );
    expect(diffs).toEqual([]);
  });

  it('when the app reads state, then the traffic matches ari-reads', async () => {
    const diffs = await replay('ari-reads', async (ctx) => {
      const url = ctx.sim.ariUrl;
      await ariRequest(url, 'GET', '/asterisk/ping');
      await ariRequest(url, 'GET', '/asterisk/info');
      await ariRequest(url, 'GET', '/applications');
      await ariRequest(url, 'GET', '/applications/numpool');
      await ariRequest(url, 'GET', '/channels');
      await ariRequest(url, 'GET', '/asterisk/ping?api_key=numpool%3Anumpool', null);
      await ariRequest(url, 'GET', '/asterisk/variable?variable=NUMPOOL_FAIL_POLICY');
      await originate(ctx.ami, '13800138000', 'NUMPOOL_PURPOSE=marketing');
      const id = await stasisStartId(ctx);
      await ariRequest(url, 'GET', '/channels');
      await ariRequest(url, 'GET', `/channels/${id}`);
      await ariRequest(url, 'GET', `/channels/${id}/variable?variable=NUMPOOL_PURPOSE`);
      await ariRequest(url, 'GET', '/applications/numpool');
      await allow(ctx, id);
      await agentGone(ctx.ami);
    });
    expect(diffs).toEqual([]);
  });
});
