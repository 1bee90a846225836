// The simulator's notion of time. Dialplan durations (Wait, Playback, Dial timeouts,
// TIMEOUT(absolute)) run on it; `timeScale` < 1 lets tests run a 2.5 s watchdog in 250 ms while
// every time the wire shows (timestamps, ANSWEREDTIME, CDR durations) stays in simulated seconds.

export type WaitOutcome = 'elapsed' | 'aborted';

export class SimClock {
  private readonly startReal = Date.now();
  private readonly startPerf = performance.now();

  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.startReal + (performance.now() - this.startPerf) / this.timeScale;
  }

  /** Resolves after `simMs` simulated milliseconds, or early with 'aborted' when `signal` fires. */
  wait(simMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const onAbort = (): void => {
        cancel();
        resolve('aborted');
      };
      const cancel = this.schedule(simMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve('elapsed');
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A cancellable one-shot timer in simulated milliseconds. It never fires before `now()` has moved
   * `simMs` on: Node's timers may fire a fraction of a millisecond early, which the time scale
   * would magnify (a 1 s talk reading ANSWEREDTIME 0).
   */
  schedule(simMs: number, fn: () => void): () => void {
    const until = this.now() + simMs;
    let timer: NodeJS.Timeout;
    const arm = (leftMs: number): void => {
      timer = setTimeout(
        () => {
          const left = until - this.now();
          if (left > 0) arm(left);
          else fn();
        },
        Math.max(0, leftMs * this.timeScale),
      );
    };
    arm(simMs);
    return () => clearTimeout(timer);
  }
}
