// Client-side request rate limit for a mark provider: a token bucket shared by every concurrent
// check of one provider, so a daily job checking thousands of numbers stays within the contract.

export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  /** Monotonic milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = options.burst;
    this.updatedAt = this.now();
  }

  /**
   * Waits for this request's turn. Each caller takes its token at once (the balance may go
   * negative), so waiting callers are served in arrival order at exactly the configured rate.
   */
  async acquire(): Promise<void> {
    const now = this.now();
    const { ratePerSecond, burst } = this.options;
    this.tokens = Math.min(burst, this.tokens + ((now - this.updatedAt) * ratePerSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.sleep(Math.ceil((-this.tokens * 1000) / ratePerSecond));
  }
}
