// Usage as shadow mode (X3) sees it: the real counters plus the calls shadow decisions would have
// placed today, so a dry run reports caps (NO_NUMBER_AVAILABLE) and rotation as enforcement would.
// Pure; call-flow's preview step (dry runs) keeps one per decision engine.
import type { UsageView } from './ranked-bucket.ts';

export class ShadowUsage implements UsageView {
  private day: string | null = null;
  private readonly extra = new Map<number, number>();
  private resets = 0;

  constructor(private readonly base: UsageView) {}

  /** Counts only grow between version changes: the base's changes, or a new day here. */
  get version(): number {
    return this.base.version + this.resets * 1_000_000;
  }

  prepare(day: string): void {
    if (day === this.day) return;
    this.day = day;
    this.extra.clear();
    this.resets++;
  }

  used(numberId: number): number {
    return this.base.used(numberId) + (this.extra.get(numberId) ?? 0);
  }

  noteShadowCall(numberId: number): void {
    this.extra.set(numberId, (this.extra.get(numberId) ?? 0) + 1);
  }
}
