// numpool's ARI adapter as main.ts wires it (the real ari-client for the connection, events and
// pings; numpool's own REST client for the per-call requests) against the simulated Asterisk:
// stdout stays clean, the bulk endpoint is found in the api-docs, StasisStart is dated.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../plugin/logger.ts';
import { ariClientConnect } from '../../plugin/pbx/ari-client-connect.ts';
import { AriConnection } from '../../plugin/pbx/ari-connection.ts';
import type { StasisCall } from '../../plugin/pbx/ari-port.ts';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

let sim: SimulatedAsterisk | null = null;

afterEach(async () => {
  vi.restoreAllMocks();
  expect(sim?.faults() ?? []).toEqual([]);
  await sim?.stop();
  sim = null;
});

/** A logger at debug level whose JSON lines land in `lines`. */
function capturingLogger(lines: string[]): ReturnType<typeof createLogger> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return createLogger('debug', sink);
}

describe('ARI through the real ari-client', () => {
  it('when numpool connects through the real ari-client, then nothing is written to stdout or console.log', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05 });
    const lines: string[] = [];
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const stdout = vi.spyOn(process.stdout, 'write');
    const client = await ariClientConnect(capturingLogger(lines))(sim.ariUrl, 'numpool', 'numpool');
    await client.start('numpool');
    client.stop();
    expect(consoleLog).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
    expect(lines.join('')).toContain('deprecated version of Swagger');
  });

  it('when a call enters Stasis, then it is dated and its variables go out in one bulk request', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 1, routes: { default: 'PJSIP/${EXTEN}@trunk' } });
    const logger = createLogger('silent');
    const ari = new AriConnection(
      { serverId: 'pbx-a', url: sim.ariUrl, user: 'numpool', password: 'numpool', app: 'numpool' },
      ariClientConnect(logger),
      logger,
    );
    const started = new Promise<StasisCall>((resolve) => ari.onStasisStart(resolve));
    await ari.start();
    // The ping sent on connect is answered before the call: its timestamp dates the StasisStart.
    await expect
      .poll(() =>
        sim?.traffic().some((e) => e.dir === 'ari-http-res' && e.data.path === '/ari/asterisk/ping'),
      )
      .toBe(true);
    const call = sim.originate({ callee: '13800138000', agent: '8001' });
    const stasis = await started;
    const seenAt = Date.now();
    await ari.setVariables(stasis.channelId, [
      ['NUMPOOL_CALL_ID', '7'],
      ['NUMPOOL_RESULT', 'ALLOWED'],
    ]);
    await ari.continueInDialplan(stasis.channelId);
    const outcome = await call.ended;
    await ari.stop();

    expect(stasis.startedAt).toBeInstanceOf(Date);
    expect(Math.abs(seenAt - (stasis.startedAt?.getTime() ?? 0))).toBeLessThan(1000);
    expect(outcome).toMatchObject({ path: 'dialed', variables: { NUMPOOL_CALL_ID: '7' } });
    const posts = sim
      .traffic()
      .filter((e) => e.dir === 'ari-http-req' && (e.data as { method: string }).method === 'POST')
      .map((e) => (e.data as { path: string }).path);
    expect(posts).toEqual([
      `/ari/channels/${stasis.channelId}/variables`,
      `/ari/channels/${stasis.channelId}/continue`,
    ]);
  });
});
