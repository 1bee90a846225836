// ARI adapter for one Asterisk server behind the AriPort: ari-client holds the connection, the
// events WebSocket and the pings, supervised so it reconnects forever with backoff and jitter
// (ari-client alone gives up after ~43 s); the per-call requests go through numpool's own
// keep-alive client (AriRest). The pings also teach it Asterisk's clock. Built by app.ts.
import type { Logger } from '../logger.ts';
import {
  ChannelGoneError,
  type AriHealth,
  type AriPort,
  type AriState,
  type StasisCall,
} from './ari-port.ts';
import { AriRest } from './ari-rest.ts';
import type { AriClient, AriConnect, StasisStartEvent } from './ari-types.ts';
import { AsteriskClock, parseAriTimestamp } from './asterisk-clock.ts';
import { Backoff } from './backoff.ts';

export interface AriConnectionOptions {
  serverId: string;
  url: string;
  user: string;
  password: string;
  app: string;
  pingEveryMs?: number;
  /** Consecutive failed pings before the connection is torn down and rebuilt. */
  pingFailuresBeforeReconnect?: number;
  backoff?: Backoff;
  /** Per-call REST requests give up after this (default 2 s, below the 2.5 s dialplan watchdog). */
  requestTimeoutMs?: number;
  /** numpool's clock for the ping samples; StasisCall.startedAt is on this clock. */
  wallClockMs?: () => number;
}

export class AriConnection implements AriPort {
  readonly serverId: string;
  private client: AriClient | null = null;
  private state: AriState = 'down';
  private since = new Date();
  private reconnects = 0;
  private lastError: string | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pingFailures = 0;
  /** Whether the server's api-docs (as ari-client loaded them) offer POST /channels/{id}/variables. */
  private bulkVariables = false;
  private readonly backoff: Backoff;
  private readonly rest: AriRest;
  private readonly clock = new AsteriskClock();
  private readonly wallClockMs: () => number;
  private readonly startHandlers: ((call: StasisCall) => void)[] = [];
  private connectedWaiters: (() => void)[] = [];
  private readonly stateListeners: ((state: AriState) => void)[] = [];
  private readonly endHandlers: ((serverId: string, channelId: string) => void)[] = [];

  constructor(
    private readonly options: AriConnectionOptions,
    private readonly connect: AriConnect,
    private readonly logger: Logger,
  ) {
    this.serverId = options.serverId;
    this.backoff = options.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
    this.wallClockMs = options.wallClockMs ?? Date.now;
    this.rest = new AriRest({
      url: options.url,
      user: options.user,
      password: options.password,
      ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
    });
  }

  onStasisStart(handler: (call: StasisCall) => void): void {
    this.startHandlers.push(handler);
  }

  onStasisEnd(handler: (serverId: string, channelId: string) => void): void {
    this.endHandlers.push(handler);
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    this.requireConnected(channelId);
    await this.rest.setVariable(channelId, name, value);
  }

  async setVariables(channelId: string, variables: readonly (readonly [string, string])[]): Promise<void> {
    this.requireConnected(channelId);
    if (this.bulkVariables && variables.length > 1) {
      await this.rest.setVariables(channelId, Object.fromEntries(variables));
      return;
    }
    // The AriPort contract: one after another in the given order, never in parallel.
    for (const [name, value] of variables) await this.rest.setVariable(channelId, name, value);
  }

  async continueInDialplan(channelId: string, label?: string): Promise<void> {
    this.requireConnected(channelId);
    await this.rest.continueInDialplan(channelId, label || undefined);
  }

  onStateChange(listener: (state: AriState) => void): void {
    this.stateListeners.push(listener);
  }

  /** Resolves the next time (or now, if) the connection is up. */
  whenConnected(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  health(): AriHealth {
    const { serverId, state, since, reconnects, lastError } = this;
    return { serverId, state, since, reconnects, lastError };
  }

  /** Resolves once the first connection is up; keeps reconnecting behind the scenes after that. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
    this.dropClient();
    this.rest.close();
    this.setState('down', null);
    return Promise.resolve();
  }

  private async attempt(): Promise<void> {
    this.setState('connecting', this.lastError);
    try {
      const client = await this.connect(this.options.url, this.options.user, this.options.password);
      if (this.stopped) return;
      this.wire(client);
      await client.start(this.options.app);
      if (this.stopped) {
        client.stop();
        return;
      }
      this.client = client;
      // ari-client builds its API from the server's api-docs: the operation exists only where
      // Asterisk offers the endpoint (20.20 / 22.10 / 23.4 and newer).
      this.bulkVariables = typeof client.channels.setChannelVars === 'function';
      this.backoff.reset();
      this.pingFailures = 0;
      this.setState('connected', null);
      this.startPinging();
    } catch (err) {
      this.lastError = (err as Error).message;
      this.logger.warn({ err, server: this.serverId }, 'ARI connection failed; retrying');
      this.scheduleReconnect();
    }
  }

  private wire(client: AriClient): void {
    client.on('StasisStart', (event) => {
      if (event.application !== this.options.app) return;
      const call = this.stasisCall(event);
      for (const h of this.startHandlers) h(call);
    });
    client.on('StasisEnd', (event) => {
      for (const h of this.endHandlers) h(this.serverId, event.channel.id);
    });
    // ari-client would retry on its own and give up for good after ~43 s; numpool owns the
    // reconnect loop instead: the first sign of a lost WebSocket drops this client.
    const lost = (err?: Error): void => {
      if (client !== this.client) return;
      this.lastError = err?.message ?? 'events WebSocket closed';
      this.logger.warn(
        { server: this.serverId, lastError: this.lastError },
        'ARI events WebSocket lost; reconnecting',
      );
      this.dropClient();
      this.scheduleReconnect();
    };
    client.on('WebSocketReconnecting', lost);
    client.on('WebSocketMaxRetries', lost);
    client.on('ApplicationReplaced', () => {
      // Another process registered the same Stasis app on this server: it now gets the calls.
      this.logger.error(
        { server: this.serverId, app: this.options.app },
        'ARI application replaced by another connection',
      );
      this.setState('replaced', 'application replaced by another connection');
    });
  }

  private stasisCall(event: StasisStartEvent): StasisCall {
    const startedAt = this.clock.toLocal(event.timestamp);
    if (startedAt === null && this.clock.offsetMs() !== null)
      this.logger.warn(
        { server: this.serverId, timestamp: event.timestamp },
        'StasisStart timestamp unreadable; its age is unknown',
      );
    return {
      serverId: this.serverId,
      channelId: event.channel.id,
      args: event.args,
      callerNumber: event.channel.caller.number,
      startedAt,
    };
  }

  /** Pings at once, so the clock offset is known before the first calls, then every 5 s. */
  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.ping();
    this.pingTimer = setInterval(() => this.ping(), this.options.pingEveryMs ?? 5000);
    this.pingTimer.unref();
  }

  private ping(): void {
    const client = this.client;
    if (!client) return;
    const limit = this.options.pingFailuresBeforeReconnect ?? 3;
    const sentMs = this.wallClockMs();
    client.asterisk.ping().then(
      (answer) => {
        this.pingFailures = 0;
        this.learnClock(sentMs, answer);
      },
      (err: unknown) => {
        this.pingFailures++;
        this.lastError = `ping failed: ${(err as Error).message}`;
        if (this.pingFailures >= limit && client === this.client) {
          this.logger.warn({ server: this.serverId }, 'ARI pings failing; rebuilding the connection');
          this.dropClient();
          this.scheduleReconnect();
        }
      },
    );
  }

  /** A ping answers `{ping: "pong", timestamp: "2026-12-05T14:10:46.123+0000", asterisk_id}`. */
  private learnClock(sentMs: number, answer: unknown): void {
    const receivedMs = this.wallClockMs();
    const timestamp = (answer as { timestamp?: unknown } | null)?.timestamp;
    const asteriskMs = parseAriTimestamp(timestamp);
    if (asteriskMs === null) {
      this.logger.debug({ server: this.serverId, timestamp }, 'ARI ping answer without a readable timestamp');
      return;
    }
    this.clock.record({ sentMs, receivedMs, asteriskMs });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.setState('connecting', this.lastError);
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconnects++;
      void this.attempt();
    }, delay);
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (client) {
      try {
        client.stop();
      } catch (err) {
        this.logger.debug({ err, server: this.serverId }, 'closing a dead ARI connection failed');
      }
    }
  }

  private setState(state: AriState, lastError: string | null): void {
    if (state !== this.state) {
      this.state = state;
      this.since = new Date();
      this.logger.info({ server: this.serverId, state, lastError }, 'ARI connection state changed');
      if (state === 'connected') {
        for (const resolve of this.connectedWaiters.splice(0)) resolve();
      }
      for (const listener of this.stateListeners) listener(state);
    }
    this.lastError = lastError;
  }

  /** Without a connection numpool does not act on channels: the dialplan watchdog sends them on. */
  private requireConnected(channelId: string): void {
    if (!this.client) throw new ChannelGoneError(channelId, 503);
  }
}
