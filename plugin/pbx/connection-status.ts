// The status of one ARI or AMI connection, as the app's health() (later /readyz and `numpool
// doctor`) shows it: state since when, reconnects, and why the last attempt failed, with its
// catalogue code. Held by AriConnection and AmiConnection; they report each failed attempt here.
import { AppError, ERRORS, type ErrorCode } from '../errors/index.ts';
import type { Logger } from '../logger.ts';

/** Why a connection is not up: a catalogue code and the sentence that names what to check. */
export interface ConnectionProblem {
  code: ErrorCode;
  message: string;
}

export interface ConnectionHealth<S extends string> {
  serverId: string;
  state: S;
  since: Date;
  reconnects: number;
  /** The last problem's sentence (null while up); kept for readers of the older shape. */
  lastError: string | null;
  problem: ConnectionProblem | null;
}

/** An AppError keeps its code; anything else is the generic connection failure. */
export function problemOf(err: unknown): ConnectionProblem {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'NUMPOOL_ASTERISK_CONNECT_FAILED', message };
}

export class ConnectionStatus<S extends string> {
  private current: S;
  private changedAt = new Date();
  private problemNow: ConnectionProblem | null = null;
  private reconnectCount = 0;
  private readonly listeners: ((state: S) => void)[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    readonly serverId: string,
    initial: S,
    private readonly upState: S,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  get problem(): ConnectionProblem | null {
    return this.problemNow;
  }

  /** Sets the state (listeners hear only real changes) and the problem that goes with it. */
  set(state: S, problem: ConnectionProblem | null): boolean {
    this.problemNow = problem;
    if (state === this.current) return false;
    this.current = state;
    this.changedAt = new Date();
    if (state === this.upState) for (const resolve of this.waiters.splice(0)) resolve();
    for (const listener of this.listeners) listener(state);
    return true;
  }

  /** Records a problem without changing the state (a failing ping while still connected). */
  note(problem: ConnectionProblem | null): void {
    this.problemNow = problem;
  }

  countReconnect(): void {
    this.reconnectCount++;
  }

  onChange(listener: (state: S) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves the next time (or now, if) the connection is up. */
  whenUp(): Promise<void> {
    if (this.current === this.upState) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  health(): ConnectionHealth<S> {
    return {
      serverId: this.serverId,
      state: this.current,
      since: this.changedAt,
      reconnects: this.reconnectCount,
      lastError: this.problemNow?.message ?? null,
      problem: this.problemNow,
    };
  }

  /**
   * One line per failed attempt, at the code's level, naming what to check and when the next
   * attempt is: no stack trace (the sentence says all an administrator can act on).
   */
  logRetry(logger: Logger, problem: ConnectionProblem, retryInMs: number): void {
    const level = ERRORS[problem.code].level === 'warn' ? 'warn' : 'error';
    logger[level](
      { server: this.serverId, code: problem.code, retryInMs },
      `${problem.message}; retrying in ${(retryInMs / 1000).toFixed(1)} s`,
    );
  }
}
