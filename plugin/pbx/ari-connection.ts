// ARI adapter for one Asterisk server behind the AriPort: ari-client holds the connection, the
// events WebSocket and the pings, supervised so it reconnects forever with backoff and jitter
// (ari-client alone gives up after ~43 s); the per-call requests go through numpool's own
// keep-alive client (AriRest). The pings (AriPinger) also teach it Asterisk's clock; its status
// (ConnectionStatus) says why it is not up. Built by app.ts.
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
import { startEvents } from './ari-access.ts';
import { AriPinger } from './ari-pinger.ts';
import { AsteriskClock } from './asterisk-clock.ts';
import { Backoff } from './backoff.ts';
import { ConnectionStatus, problemOf, type ConnectionProblem } from './connection-status.ts';

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
  private readonly status: ConnectionStatus<AriState>;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Whether the server's api-docs (as ari-client loaded them) offer POST /channels/{id}/variables. */
  private bulkVariables = false;
  private readonly backoff: Backoff;
  private readonly rest: AriRest;
  private readonly clock = new AsteriskClock();
  private readonly pinger: AriPinger;
  private readonly startHandlers: ((call: StasisCall) => void)[] = [];
  private readonly endHandlers: ((serverId: string, channelId: string) => void)[] = [];

  constructor(
    private readonly options: AriConnectionOptions,
    private readonly connect: AriConnect,
    private readonly logger: Logger,
  ) {
    this.serverId = options.serverId;
    this.status = new ConnectionStatus<AriState>(options.serverId, 'down', 'connected');
    this.backoff = options.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
    this.pinger = new AriPinger(
      {
        serverId: options.serverId,
        everyMs: options.pingEveryMs ?? 5000,
        failuresBeforeDead: options.pingFailuresBeforeReconnect ?? 3,
        wallClockMs: options.wallClockMs ?? Date.now,
      },
      this.clock,
      logger,
    );
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
    this.status.onChange(listener);
  }

  /** Resolves the next time (or now, if) the connection is up. */
  whenConnected(): Promise<void> {
    return this.status.whenUp();
  }

  health(): AriHealth {
    return this.status.health();
  }

  /** Resolves once the first connection is up; keeps reconnecting behind the scenes after that. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropClient();
    this.rest.close();
    this.setState('down', null);
    return Promise.resolve();
  }

  private async attempt(): Promise<void> {
    this.setState('connecting', this.status.problem);
    try {
      const client = await this.connect(this.options.url, this.options.user, this.options.password);
      if (this.stopped) return;
      this.wire(client);
      await startEvents(client, this.options.app, this.options.url, this.options.user);
      if (this.stopped) {
        client.stop();
        return;
      }
      this.client = client;
      // ari-client builds its API from the server's api-docs: the operation exists only where
      // Asterisk offers the endpoint (20.20 / 22.10 / 23.4 and newer).
      this.bulkVariables = typeof client.channels.setChannelVars === 'function';
      this.backoff.reset();
      this.setState('connected', null);
      this.startPinging(client);
    } catch (err) {
      if (this.stopped) return;
      // ari-client's connect() names the settings to check (ari-client-connect.ts): one line per
      // attempt, no stack trace.
      this.status.note(problemOf(err));
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
      this.status.note({
        code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
        message: `ARI at ${this.options.url}: events WebSocket lost (${err?.message ?? 'closed'})`,
      });
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
      this.setState('replaced', {
        code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
        message: `ARI at ${this.options.url}: application ${this.options.app} replaced by another connection`,
      });
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

  /** Failed pings show in the health; enough in a row rebuild the connection. */
  private startPinging(client: AriClient): void {
    this.pinger.start(client, {
      failed: (err) =>
        this.status.note({
          code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
          message: `ARI at ${this.options.url}: ping failed (${err.message})`,
        }),
      dead: () => {
        if (client !== this.client) return;
        this.dropClient();
        this.scheduleReconnect();
      },
    });
  }

  /** Logs the problem once for this backoff step, then tries again after it. */
  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const problem = this.status.problem ?? {
      code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
      message: `ARI at ${this.options.url}: connection lost`,
    };
    this.setState('connecting', problem);
    const delay = this.backoff.next();
    this.status.logRetry(this.logger, problem, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.status.countReconnect();
      void this.attempt();
    }, delay);
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    this.pinger.stop();
    if (client) {
      try {
        client.stop();
      } catch (err) {
        this.logger.debug({ err, server: this.serverId }, 'closing a dead ARI connection failed');
      }
    }
  }

  private setState(state: AriState, problem: ConnectionProblem | null): void {
    if (state === this.status.state) {
      this.status.note(problem);
      return;
    }
    // Logged before the listeners run, so the line precedes whatever the change sets off.
    this.logger.info(
      { server: this.serverId, state, lastError: problem?.message ?? null },
      'ARI connection state changed',
    );
    this.status.set(state, problem);
  }

  /** Without a connection numpool does not act on channels: the dialplan watchdog sends them on. */
  private requireConnected(channelId: string): void {
    if (!this.client) throw new ChannelGoneError(channelId, 503);
  }
}
