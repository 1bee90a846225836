// Exponential backoff with full jitter for reconnect loops that must never give up.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** The next delay: uniformly random up to initial × 2^attempt, capped at maxMs. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const random = this.options.random ?? Math.random;
    return Math.max(this.options.initialMs / 2, Math.round(ceiling * random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
