// The ARI connection's heartbeat: pings the server at once (so the clock offset is known before
// the first calls) and then every few seconds, teaches the AsteriskClock from each answer, and
// says when too many pings in a row failed. Used by AriConnection, one client at a time.
import type { Logger } from '../logger.ts';
import type { AriClient } from './ari-types.ts';
import { parseAriTimestamp, type AsteriskClock } from './asterisk-clock.ts';

export interface AriPingerOptions {
  serverId: string;
  everyMs: number;
  /** Consecutive failed pings before the connection counts as dead. */
  failuresBeforeDead: number;
  /** numpool's clock for the ping samples. */
  wallClockMs: () => number;
}

export interface PingListener {
  failed(err: Error): void;
  /** `failuresBeforeDead` pings in a row failed: the connection must be rebuilt. */
  dead(): void;
}

export class AriPinger {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private client: AriClient | null = null;

  constructor(
    private readonly options: AriPingerOptions,
    private readonly clock: AsteriskClock,
    private readonly logger: Logger,
  ) {}

  start(client: AriClient, listener: PingListener): void {
    this.stop();
    this.client = client;
    this.failures = 0;
    this.ping(client, listener);
    this.timer = setInterval(() => this.ping(client, listener), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.client = null;
  }

  private ping(client: AriClient, listener: PingListener): void {
    const sentMs = this.options.wallClockMs();
    client.asterisk.ping().then(
      (answer) => {
        if (client !== this.client) return;
        this.failures = 0;
        this.learnClock(sentMs, answer);
      },
      (err: unknown) => {
        if (client !== this.client) return;
        this.failures++;
        listener.failed(err as Error);
        if (this.failures >= this.options.failuresBeforeDead) listener.dead();
      },
    );
  }

  /** A ping answers `{ping: "pong", timestamp: "2026-12-05T14:10:46.123+0000", asterisk_id}`. */
  private learnClock(sentMs: number, answer: unknown): void {
    const receivedMs = this.options.wallClockMs();
    const timestamp = (answer as { timestamp?: unknown } | null)?.timestamp;
    const asteriskMs = parseAriTimestamp(timestamp);
    if (asteriskMs === null) {
      this.logger.debug(
        { server: this.options.serverId, timestamp },
        'ARI ping answer without a readable timestamp',
      );
      return;
    }
    this.clock.record({ sentMs, receivedMs, asteriskMs });
  }
}
