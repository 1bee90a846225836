// ARI adapter for one Asterisk server: ari-client behind the AriPort, supervised so it reconnects
// forever with backoff and jitter (ari-client alone gives up after ~43 s), pings, reports health.
import type { Logger } from '../logger.ts';
import {
  ChannelGoneError,
  type AriHealth,
  type AriPort,
  type AriState,
  type StasisCall,
} from './ari-port.ts';
import type { AriClient, AriConnect } from './ari-types.ts';
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
  private readonly backoff: Backoff;
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
  }

  onStasisStart(handler: (call: StasisCall) => void): void {
    this.startHandlers.push(handler);
  }

  onStasisEnd(handler: (serverId: string, channelId: string) => void): void {
    this.endHandlers.push(handler);
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    const client = this.requireClient(channelId);
    await client.channels.setChannelVar({ channelId, variable: name, value }).catch((err: unknown) => {
      throw goneOrRethrow(channelId, err);
    });
  }

  async setVariables(channelId: string, variables: readonly (readonly [string, string])[]): Promise<void> {
    const client = this.requireClient(channelId);
    const bulk = client.channels.setChannelVars?.bind(client.channels);
    if (bulk && variables.length > 1) {
      await bulk({ channelId, variables: Object.fromEntries(variables) }).catch((err: unknown) => {
        throw goneOrRethrow(channelId, err);
      });
      return;
    }
    for (const [name, value] of variables) await this.setVariable(channelId, name, value);
  }

  async continueInDialplan(channelId: string, label?: string): Promise<void> {
    const client = this.requireClient(channelId);
    await client.channels
      .continueInDialplan(label ? { channelId, label } : { channelId })
      .catch((err: unknown) => {
        throw goneOrRethrow(channelId, err);
      });
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
      const call = {
        serverId: this.serverId,
        channelId: event.channel.id,
        args: event.args,
        callerNumber: event.channel.caller.number,
      };
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

  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    const every = this.options.pingEveryMs ?? 5000;
    const limit = this.options.pingFailuresBeforeReconnect ?? 3;
    this.pingTimer = setInterval(() => {
      const client = this.client;
      if (!client) return;
      client.asterisk.ping().then(
        () => {
          this.pingFailures = 0;
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
    }, every);
    this.pingTimer.unref();
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

  private requireClient(channelId: string): AriClient {
    if (!this.client) throw new ChannelGoneError(channelId, 503);
    return this.client;
  }
}

/** ari-client reports REST errors as Error(body text); 404 and 409 mean the channel is gone. */
function goneOrRethrow(channelId: string, err: unknown): Error {
  const text = (err as Error).message ?? '';
  if (/Channel not found/i.test(text)) return new ChannelGoneError(channelId, 404);
  if (/not in Stasis/i.test(text)) return new ChannelGoneError(channelId, 409);
  return err instanceof Error ? err : new Error(String(err));
}
