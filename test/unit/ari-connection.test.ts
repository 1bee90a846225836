// The ARI supervisor: reconnects forever with backoff (also after minutes down), reports health,
// learns Asterisk's clock from its pings, and sends the per-call requests through numpool's own
// REST client (bulk where the server offers it). ari-client is replaced by an in-memory fake and
// Asterisk's REST side by a tiny local HTTP server; the real client runs in test/component.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../plugin/errors/index.ts';
import { createLogger } from '../../plugin/logger.ts';
import { AriConnection, type AriConnectionOptions } from '../../plugin/pbx/ari-connection.ts';
import { ChannelGoneError, type StasisCall } from '../../plugin/pbx/ari-port.ts';
import type { AriClient } from '../../plugin/pbx/ari-types.ts';
import { Backoff } from '../../plugin/pbx/backoff.ts';
import { AriStub } from '../support/ari-stub.ts';

class FakeClient extends EventEmitter {
  stopped = false;
  /** What Asterisk's ping answers; `timestamp` is its clock. */
  pong: unknown = { ping: 'pong', timestamp: '2026-12-05T14:10:46.000+0000', asterisk_id: 'x' };
  start = (): Promise<void> => Promise.resolve();
  stop = (): void => {
    this.stopped = true;
  };
  channels: { setChannelVars?: () => Promise<void> } = {};
  asterisk = { ping: (): Promise<unknown> => Promise.resolve(this.pong) };

  /** As ari-client builds it from api-docs that list POST /channels/{id}/variables. */
  static withBulk(): FakeClient {
    const client = new FakeClient();
    client.channels.setChannelVars = () => Promise.reject(new Error('numpool must not use this'));
    return client;
  }
}

const logger = createLogger('silent');

function connection(
  connect: () => Promise<AriClient>,
  options: Partial<AriConnectionOptions> = {},
): AriConnection {
  return new AriConnection(
    {
      serverId: 'pbx-a',
      url: 'http://127.0.0.1:1',
      user: 'u',
      password: 'p',
      app: 'numpool',
      pingEveryMs: 60_000,
      ...options,
    },
    connect,
    logger,
  );
}

describe('ARI supervisor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

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

  it('when Asterisk refuses the password for 5 minutes, then each attempt logs one error naming the settings, no attempt waits past the 10 s cap, and health carries the code', async () => {
    const lines: { level: number; msg: string; code?: string; retryInMs?: number; err?: unknown }[] = [];
    const capture = createLogger('info', {
      write: (text: string) => lines.push(JSON.parse(text) as (typeof lines)[number]),
    } as unknown as NodeJS.WritableStream);
    let attempts = 0;
    const refused = new AppError(
      'NUMPOOL_ARI_AUTH_FAILED',
      'ARI at http://x: authentication failed for user u',
    );
    const ari = new AriConnection(
      { serverId: 'pbx-a', url: 'http://x', user: 'u', password: 'p', app: 'numpool', pingEveryMs: 60_000 },
      () => {
        attempts++;
        return Promise.reject(refused);
      },
      capture,
    );

    await ari.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    const retries = lines.filter((l) => l.code === 'NUMPOOL_ARI_AUTH_FAILED');
    expect(retries).toHaveLength(attempts);
    expect(retries.every((l) => l.level === 50 && l.err === undefined)).toBe(true);
    expect(Math.max(...retries.map((l) => l.retryInMs ?? Infinity))).toBeLessThanOrEqual(10_000);
    expect(retries[0]?.msg).toMatch(
      /^ARI at http:\/\/x: authentication failed for user u; retrying in \d+\.\d s$/,
    );
    expect(ari.health()).toMatchObject({
      state: 'connecting',
      problem: { code: 'NUMPOOL_ARI_AUTH_FAILED', message: refused.message },
    });
    await ari.stop();
  });

  it('when the events WebSocket is refused with 401 while starting, then the attempt ends at once with NUMPOOL_ARI_AUTH_FAILED instead of ari-client retrying silently for 43 s', async () => {
    const refusing = new FakeClient();
    // As ari-client does: the WebSocket upgrade is refused, it schedules a retry and says so.
    refusing.start = () => {
      refusing.emit('WebSocketReconnecting', new Error('Unexpected server response: 401'));
      return new Promise<void>(() => undefined);
    };
    const clients = [refusing, new FakeClient()];
    const ari = connection(() => Promise.resolve(clients.shift() as unknown as AriClient), {
      backoff: new Backoff({ initialMs: 200, maxMs: 10_000, random: () => 1 }),
    });

    await ari.start();

    expect(refusing.stopped).toBe(true);
    expect(ari.health()).toMatchObject({ state: 'connecting', problem: { code: 'NUMPOOL_ARI_AUTH_FAILED' } });
    await vi.advanceTimersByTimeAsync(200);
    expect(ari.health()).toMatchObject({ state: 'connected', problem: null });
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

  it('when no connection is up, then a request fails as channel gone (the dialplan watchdog takes over)', async () => {
    const ari = connection(() => Promise.reject(new Error('down')));
    await ari.start();
    await expect(ari.setVariable('1.1', 'X', 'y')).rejects.toBeInstanceOf(ChannelGoneError);
    await ari.stop();
  });
});

describe('ARI clock from pings', () => {
  const T = Date.parse('2026-12-05T14:10:46.000Z');

  /** A connection whose clock reads `now` and whose StasisStart calls land in `calls`. */
  async function connected(client: FakeClient, now: { ms: number }): Promise<StasisCall[]> {
    const ari = connection(() => Promise.resolve(client as unknown as AriClient), {
      wallClockMs: () => now.ms,
    });
    const calls: StasisCall[] = [];
    ari.onStasisStart((call) => calls.push(call));
    await ari.start();
    return calls;
  }

  function stasisStart(client: FakeClient, timestamp: string): void {
    client.emit('StasisStart', {
      type: 'StasisStart',
      application: 'numpool',
      args: ['13800138000', '8001', 'service', ''],
      channel: { id: '1.1', caller: { name: '', number: '8001' } },
      timestamp,
    });
  }

  it("when Asterisk's clock is 3 s behind, then a StasisStart is dated on numpool's clock", async () => {
    const client = new FakeClient();
    client.pong = { ping: 'pong', timestamp: '2026-12-05T14:10:43.000+0000', asterisk_id: 'x' };
    const calls = await connected(client, { ms: T });
    await Promise.resolve(); // the ping sent on connect is answered
    stasisStart(client, '2026-12-05T14:10:44.250+0000');
    expect(calls[0]?.startedAt).toEqual(new Date(T + 1250));
  });

  it('when no ping has been answered yet, then startedAt is null', async () => {
    const client = new FakeClient();
    client.asterisk.ping = () => new Promise(() => undefined);
    const calls = await connected(client, { ms: T });
    stasisStart(client, '2026-12-05T14:10:44.250+0000');
    expect(calls[0]?.startedAt).toBeNull();
  });

  it('when the event timestamp is unreadable, then startedAt is null', async () => {
    const client = new FakeClient();
    const calls = await connected(client, { ms: T });
    await Promise.resolve();
    stasisStart(client, 'soon');
    expect(calls[0]?.startedAt).toBeNull();
  });
});

describe('ARI per-call requests', () => {
  let stub: AriStub;

  beforeEach(async () => {
    stub = await AriStub.start();
  });

  afterEach(async () => {
    await stub.close();
  });

  async function connectedTo(client: FakeClient): Promise<AriConnection> {
    const ari = connection(() => Promise.resolve(client as unknown as AriClient), { url: stub.url });
    await ari.start();
    return ari;
  }

  it('when the server offers the bulk endpoint, then all variables go in one request, then continue', async () => {
    const ari = await connectedTo(FakeClient.withBulk());
    await ari.setVariables('1.1', [
      ['A', '1'],
      ['B', '2'],
    ]);
    await ari.continueInDialplan('1.1', 'blocked');
    expect(stub.requests.map((r) => [r.path, r.body, r.query])).toEqual([
      ['/ari/channels/1.1/variables', '{"variables":{"A":"1","B":"2"}}', {}],
      ['/ari/channels/1.1/continue', '', { label: 'blocked' }],
    ]);
    await ari.stop();
  });

  it('when the server has no bulk endpoint (Asterisk < 20.20), then variables are set one after another in order', async () => {
    stub.answer = () => ({ status: 204, delayMs: 5 });
    const ari = await connectedTo(new FakeClient());
    await ari.setVariables('1.1', [
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
    expect(stub.requests.map((r) => `${r.path} ${r.query.variable}=${r.query.value}`)).toEqual([
      '/ari/channels/1.1/variable A=1',
      '/ari/channels/1.1/variable B=2',
      '/ari/channels/1.1/variable C=3',
    ]);
    expect(stub.maxInFlight).toBe(1);
    await ari.stop();
  });

  it('when the channel is gone, then the request rejects with ChannelGoneError', async () => {
    stub.answer = () => ({ status: 404, body: { message: 'Provided channel was not found' } });
    const ari = await connectedTo(FakeClient.withBulk());
    const err = await ari
      .setVariables('1.1', [
        ['A', '1'],
        ['B', '2'],
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelGoneError);
    await ari.stop();
  });

  it('when the connection stops, then the kept-alive REST connections are closed', async () => {
    const ari = await connectedTo(new FakeClient());
    await ari.continueInDialplan('1.1');
    expect(stub.openConnections).toBe(1);
    await ari.stop();
    await expect.poll(() => stub.openConnections).toBe(0);
  });
});
