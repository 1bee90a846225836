// The ARI supervisor: reconnects forever with backoff (also after minutes down), maps REST errors
// to ChannelGoneError, and reports health. ari-client is replaced by an in-memory fake here; the
// real client is exercised against the simulated Asterisk in test/component.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../plugin/logger.ts';
import { AriConnection } from '../../plugin/pbx/ari-connection.ts';
import { ChannelGoneError } from '../../plugin/pbx/ari-port.ts';
import type { AriClient } from '../../plugin/pbx/ari-types.ts';
import { Backoff } from '../../plugin/pbx/backoff.ts';

class FakeClient extends EventEmitter {
  stopped = false;
  setVarError: Error | null = null;
  readonly calls: string[] = [];
  start = (): Promise<void> => Promise.resolve();
  stop = (): void => {
    this.stopped = true;
  };
  channels = {
    setChannelVar: (p: { channelId: string; variable: string; value: string }): Promise<void> => {
      this.calls.push(`${p.variable}=${p.value}`);
      return this.setVarError ? Promise.reject(this.setVarError) : Promise.resolve();
    },
    continueInDialplan: (): Promise<void> => Promise.resolve(),
  };
  asterisk = { ping: (): Promise<unknown> => Promise.resolve({ ping: 'pong' }) };
}

const logger = createLogger('silent');

function connection(connect: () => Promise<AriClient>): AriConnection {
  return new AriConnection(
    {
      serverId: 'pbx-a',
      url: 'http://127.0.0.1:1',
      user: 'u',
      password: 'p',
      app: 'numpool',
      pingEveryMs: 60_000,
    },
    connect,
    logger,
    // Deterministic backoff: always the ceiling.
  );
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ARI supervisor', () => {
  it('when Asterisk stays unreachable for 5 minutes, then it keeps retrying and connects once Asterisk is back', async () => {
    let up = false;
    let attempts = 0;
    const client = new FakeClient();
    const ari = new AriConnection(
      {
        serverId: 'pbx-a',
        url: 'http://x',
        user: 'u',
        password: 'p',
        app: 'numpool',
        pingEveryMs: 60_000,
        backoff: new Backoff({ initialMs: 200, maxMs: 10_000, random: () => 1 }),
      },
      () => {
        attempts++;
        return up
          ? Promise.resolve(client as unknown as AriClient)
          : Promise.reject(new Error('connect ECONNREFUSED'));
      },
      logger,
    );
    await ari.start();
    expect(ari.health()).toMatchObject({ state: 'connecting', lastError: 'connect ECONNREFUSED' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(attempts).toBeGreaterThan(30); // 10 s ceiling: ~30 attempts in 5 minutes, never giving up
    up = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ari.health()).toMatchObject({ state: 'connected', lastError: null });
    await ari.stop();
  });

  it('when the events WebSocket drops, then the client is discarded and a new one is built', async () => {
    const clients: FakeClient[] = [];
    const ari = connection(() => {
      const c = new FakeClient();
      clients.push(c);
      return Promise.resolve(c as unknown as AriClient);
    });
    await ari.start();
    expect(ari.health().state).toBe('connected');
    clients[0]!.emit('WebSocketReconnecting', new Error('socket hang up'));
    expect(clients[0]!.stopped).toBe(true);
    expect(ari.health().state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clients).toHaveLength(2);
    expect(ari.health()).toMatchObject({ state: 'connected', reconnects: 1 });
    await ari.stop();
  });

  it('when another connection takes over the application, then health says replaced', async () => {
    const client = new FakeClient();
    const ari = connection(() => Promise.resolve(client as unknown as AriClient));
    await ari.start();
    client.emit('ApplicationReplaced');
    expect(ari.health().state).toBe('replaced');
    await ari.stop();
  });

  it.each([
    ['{"message": "Channel not found"}', 404],
    ['{"message": "Channel not in Stasis application"}', 409],
  ])('when ARI answers %s, then setVariable rejects with ChannelGoneError %i', async (body, status) => {
    const client = new FakeClient();
    client.setVarError = new Error(body);
    const ari = connection(() => Promise.resolve(client as unknown as AriClient));
    await ari.start();
    const err = await ari.setVariable('1.1', 'X', 'y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelGoneError);
    expect((err as ChannelGoneError).status).toBe(status);
    await ari.stop();
  });

  it('when ARI answers another error, then it is passed on unchanged', async () => {
    const client = new FakeClient();
    client.setVarError = new Error('{"message": "Provided variable was not found"}');
    const ari = connection(() => Promise.resolve(client as unknown as AriClient));
    await ari.start();
    await expect(ari.setVariable('1.1', 'X', 'y')).rejects.toThrow('Provided variable was not found');
    await ari.stop();
  });

  it('when the server has no bulk variables endpoint (Asterisk < 20.20), then variables are set one after another in order', async () => {
    const client = new FakeClient();
    const ari = connection(() => Promise.resolve(client as unknown as AriClient));
    await ari.start();
    let inFlight = 0;
    let maxInFlight = 0;
    const original = client.channels.setChannelVar;
    client.channels.setChannelVar = async (p) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      return original(p);
    };
    await ari.setVariables('1.1', [
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
    expect(client.calls).toEqual(['A=1', 'B=2', 'C=3']);
    expect(maxInFlight).toBe(1);
    await ari.stop();
  });

  it('when the server offers the bulk endpoint, then all variables go in one request', async () => {
    const client = new FakeClient();
    const bulk: Record<string, string>[] = [];
    Object.assign(client.channels, {
      setChannelVars: (p: { variables: Record<string, string> }) => {
        bulk.push(p.variables);
        return Promise.resolve();
      },
    });
    const ari = connection(() => Promise.resolve(client as unknown as AriClient));
    await ari.start();
    await ari.setVariables('1.1', [
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(bulk).toEqual([{ A: '1', B: '2' }]);
    expect(client.calls).toEqual([]);
    await ari.stop();
  });

  it('when no connection is up, then a request fails as channel gone (the dialplan watchdog takes over)', async () => {
    const ari = connection(() => Promise.reject(new Error('down')));
    await ari.start();
    await expect(ari.setVariable('1.1', 'X', 'y')).rejects.toBeInstanceOf(ChannelGoneError);
    await ari.stop();
  });
});
