// This process's view of today's per-number usage, used to rank candidates without a query.
// It may lag other processes by up to `refreshEveryMs`; the reservation in the database is what
// enforces the cap, and a refused reservation corrects the view at once (noteFull).
import type { Knex } from 'knex';
import type { UsageView } from '../domain/selection/select-caller-id.ts';

export interface UsageTrackerOptions {
  refreshEveryMs?: number;
  monotonicMs?: () => number;
  onRefreshError?: (err: unknown) => void;
}

export class UsageTracker implements UsageView {
  private day: string | null = null;
  private counts = new Map<number, number>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  private readonly refreshEveryMs: number;
  private readonly monotonicMs: () => number;

  constructor(
    private readonly knex: Knex,
    private readonly options: UsageTrackerOptions = {},
  ) {
    this.refreshEveryMs = options.refreshEveryMs ?? 2000;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  /** Makes the view current for `day` (pool-local date): waits only when the day changes. */
  async prepare(day: string): Promise<void> {
    if (day !== this.day) {
      await this.refresh(day);
      return;
    }
    if (this.monotonicMs() - this.lastRefresh >= this.refreshEveryMs && !this.refreshing) {
      void this.refresh(day).catch((err: unknown) => this.options.onRefreshError?.(err));
    }
  }

  used(numberId: number): number {
    return this.counts.get(numberId) ?? 0;
  }

  noteReserved(numberId: number): void {
    this.counts.set(numberId, this.used(numberId) + 1);
  }

  noteReleased(numberId: number): void {
    this.counts.set(numberId, Math.max(0, this.used(numberId) - 1));
  }

  /** The database refused a unit: the number is full today whatever this view thought. */
  noteFull(numberId: number, cap: number): void {
    this.counts.set(numberId, Math.max(cap, this.used(numberId)));
  }

  async refresh(day: string): Promise<void> {
    this.lastRefresh = this.monotonicMs();
    this.refreshing ??= (async () => {
      const rows = (await this.knex('number_daily_usage').where({ day }).select('number_id', 'used')) as {
        number_id: number;
        used: number;
      }[];
      this.counts = new Map(rows.map((r) => [Number(r.number_id), Number(r.used)]));
      this.day = day;
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }
}
