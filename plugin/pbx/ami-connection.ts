// AMI adapter for one Asterisk server: asterisk-manager behind a small port, with numpool's own
// reconnect (the library's waits 10–60 s and logs to the console), action timeouts and health.
import type { Logger } from '../logger.ts';
import { amiAttemptProblem, isLoginRefusal, newAmiAttempt, type AmiAttempt } from './ami-login.ts';
import type { AmiEvent } from './ami-events.ts';
import { Backoff } from './backoff.ts';
import { ConnectionStatus, type ConnectionHealth, type ConnectionProblem } from './connection-status.ts';

/** The slice of asterisk-manager numpool uses. */
export interface AmiManager {
  on(event: 'managerevent' | 'response', handler: (event: AmiEvent) => void): void;
  on(event: 'connect' | 'close' | 'end', handler: () => void): void;
  on(event: 'error', handler: (err: Error) => void): void;
  action(action: Record<string, string>, callback: (err: unknown, response: AmiEvent) => void): void;
  disconnect(): void;
  isConnected(): boolean;
}

export type AmiFactory = (port: number, host: string, user: string, secret: string) => AmiManager;

export interface AmiConnectionOptions {
  serverId: string;
  host: string;
  port: number;
  user: string;
  secret: string;
  actionTimeoutMs?: number;
  pingEveryMs?: number;
  backoff?: Backoff;
}

export type AmiState = 'connecting' | 'connected' | 'down';

export class AmiConnection {
  private manager: AmiManager | null = null;
  private readonly status: ConnectionStatus<AmiState>;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly handlers: ((event: AmiEvent) => void)[] = [];
  private readonly listCollectors = new Set<(event: AmiEvent) => void>();
  private listSeq = 0;

  constructor(
    private readonly options: AmiConnectionOptions,
    private readonly factory: AmiFactory,
    private readonly logger: Logger,
  ) {
    this.backoff = options.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
    this.status = new ConnectionStatus<AmiState>(options.serverId, 'down', 'connected');
  }

  get serverId(): string {
    return this.options.serverId;
  }

  onEvent(handler: (event: AmiEvent) => void): void {
    this.handlers.push(handler);
  }

  onStateChange(listener: (state: AmiState) => void): void {
    this.status.onChange(listener);
  }

  /** Resolves the next time (or now, if) the session is logged in. */
  whenConnected(): Promise<void> {
    return this.status.whenUp();
  }

  /** State, reconnects and why the last attempt failed (a refused login names what to check). */
  health(): ConnectionHealth<AmiState> {
    return this.status.health();
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.manager?.disconnect();
    this.manager = null;
    this.status.set('down', null);
  }

  /** Sends an action and resolves with its response; rejects on error or after the timeout. */
  action(action: Record<string, string>): Promise<AmiEvent> {
    const manager = this.manager;
    // isConnected: after disconnect() asterisk-manager would console.log the failed write to stdout.
    if (!manager || this.status.state !== 'connected' || !manager.isConnected())
      return Promise.reject(new Error(`AMI ${this.options.serverId} is not connected`));
    const timeoutMs = this.options.actionTimeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`AMI action ${action.action ?? '?'} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      manager.action(action, (err, response) => {
        clearTimeout(timer);
        if (err) reject(new Error(`AMI action ${action.action ?? '?'} failed: ${JSON.stringify(err)}`));
        else resolve(response);
      });
    });
  }

  /**
   * Sends a list action (DBGetTree, …: a response, item events, then `completeEvent`, all with its
   * ActionID) and resolves with the item events.
   */
  async listAction(action: Record<string, string>, completeEvent: string): Promise<AmiEvent[]> {
    const actionId = `numpool-list-${++this.listSeq}`;
    const items: AmiEvent[] = [];
    let finish: () => void = () => undefined;
    const complete = new Promise<void>((resolve) => (finish = resolve));
    const collect = (event: AmiEvent): void => {
      if (event.actionid !== actionId) return;
      if (event.event === completeEvent) finish();
      else items.push(event);
    };
    this.listCollectors.add(collect);
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.action({ ...action, actionid: actionId });
      const timeoutMs = this.options.actionTimeoutMs ?? 5000;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`AMI list ${action.action ?? '?'} incomplete after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      await Promise.race([complete, timedOut]);
      return items;
    } finally {
      clearTimeout(timer);
      this.listCollectors.delete(collect);
    }
  }

  private open(): void {
    if (this.stopped) return;
    this.status.set('connecting', this.status.problem);
    const { port, host, user, secret } = this.options;
    const manager = this.factory(port, host, user, secret);
    this.manager = manager;
    const attempt = newAmiAttempt();
    // Held by asterisk-manager until the login succeeds; its answer means the session is up.
    // numpool needs only UserEvents: the mask spares it Asterisk's ~40 other events per call.
    manager.action({ action: 'Events', EventMask: 'user' }, (err) => {
      if (manager !== this.manager) return;
      if (err)
        this.logger.warn({ server: this.serverId, err }, 'AMI Events mask refused; receiving all events');
      this.connected(attempt);
    });
    manager.on('managerevent', (event) => {
      if (event.event === 'FullyBooted' && manager === this.manager) this.connected(attempt);
      for (const collect of this.listCollectors) collect(event);
      for (const h of this.handlers) h(event);
    });
    manager.on('response', (response) => {
      if (!attempt.loggedIn && isLoginRefusal(response)) attempt.loginRefused = true;
    });
    // Reported once, with the close that follows it.
    manager.on('error', (err) => (attempt.socketError = err));
    manager.on('close', () => {
      if (manager !== this.manager) return;
      this.manager = null;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      this.scheduleReconnect(amiAttemptProblem(this.options, attempt));
    });
  }

  private connected(attempt: AmiAttempt): void {
    attempt.loggedIn = true;
    if (this.status.state === 'connected') return;
    this.backoff.reset();
    this.status.set('connected', null);
    this.logger.info({ server: this.serverId }, 'AMI connected');
    this.startPinging();
  }

  /**
   * A silent TCP link (a firewall dropped it) is only noticed by the OS after hours; outcome and
   * DNC events would be lost meanwhile. A Ping that fails rebuilds the session.
   */
  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    const manager = this.manager;
    if (!manager) return;
    this.pingTimer = setInterval(() => {
      if (manager !== this.manager || this.status.state !== 'connected') return;
      this.action({ action: 'Ping' }).catch((err: unknown) => {
        if (manager !== this.manager) return;
        this.logger.warn(
          { server: this.serverId, error: (err as Error).message },
          'AMI ping failed; reconnecting',
        );
        manager.disconnect();
      });
    }, this.options.pingEveryMs ?? 30_000);
    this.pingTimer.unref();
  }

  /** One line per backoff step naming what to check, then a new session after it. */
  private scheduleReconnect(problem: ConnectionProblem): void {
    if (this.stopped || this.retryTimer) return;
    this.status.set('connecting', problem);
    const delay = this.backoff.next();
    this.status.logRetry(this.logger, problem, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.status.countReconnect();
      this.open();
    }, delay);
  }
}
