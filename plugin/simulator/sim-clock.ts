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
        clearTimeout(timer);
        resolve('aborted');
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve('elapsed');
      }, simMs * this.timeScale);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A cancellable one-shot timer in simulated milliseconds. */
  schedule(simMs: number, fn: () => void): () => void {
    const timer = setTimeout(fn, simMs * this.timeScale);
    return () => clearTimeout(timer);
  }
}
