// This process's view of today's per-number usage, used to rank candidates without a query.
// It may lag other processes by up to `refreshEveryMs`; the reservation in the database is what
// enforces the cap, and a refused reservation corrects the view at once (noteFull).
import type { Knex } from 'knex';
import type { UsageView } from '../../domain/selection/select-caller-id.ts';

export interface UsageTrackerOptions {
  refreshEveryMs?: number;
  monotonicMs?: () => number;
  onRefreshError?: (err: unknown) => void;
}

export class UsageTracker implements UsageView {
  private day: string | null = null;
  private counts = new UsageCounts();
  private changes = 0;
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
    // A refresh already in flight may be for the previous day: wait and look again.
    while (day !== this.day) await this.refresh(day);
    if (this.monotonicMs() - this.lastRefresh >= this.refreshEveryMs && !this.refreshing) {
      void this.refresh(day).catch((err: unknown) => this.options.onRefreshError?.(err));
    }
  }

  /** Bumped when counts may have gone down: selection heaps rebuild then (see UsageView). */
  get version(): number {
    return this.changes;
  }

  used(numberId: number): number {
    return this.counts.get(numberId);
  }

  noteReserved(numberId: number): void {
    this.counts.set(numberId, this.used(numberId) + 1);
  }

  noteReleased(numberId: number): void {
    this.counts.set(numberId, Math.max(0, this.used(numberId) - 1));
    this.changes++;
  }

  /** The database refused a unit: the number is full today whatever this view thought. */
  noteFull(numberId: number, cap: number): void {
    this.counts.set(numberId, Math.max(cap, this.used(numberId)));
  }

  /** Reloads `day`'s counts; `via` lets a caller inside a transaction read on its own connection. */
  async refresh(day: string, via: Knex = this.knex): Promise<void> {
    this.lastRefresh = this.monotonicMs();
    this.refreshing ??= (async () => {
      const rows = (await via('number_daily_usage').where({ day }).select('number_id', 'used')) as {
        number_id: number;
        used: number;
      }[];
      if (day !== this.day) {
        const counts = new UsageCounts();
        for (const r of rows) counts.set(Number(r.number_id), Number(r.used));
        this.counts = counts;
        this.day = day;
        this.changes++;
        return;
      }
      // Same day: mostly other processes' reservations, which only raise counts and leave the
      // selection heaps valid. Only a count that went down (a release elsewhere) bumps the version.
      let lowered = false;
      for (const r of rows) {
        const id = Number(r.number_id);
        const used = Number(r.used);
        if (used < this.counts.get(id)) lowered = true;
        this.counts.set(id, used);
      }
      if (lowered) this.changes++;
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }
}

/**
 * Per-number counters in a typed array indexed by number id: selection reads one for every
 * number of a bucket (tens of thousands at 100k numbers), and a Map lookup there costs 3× more.
 * Ids beyond DENSE_LIMIT (never reached by auto-increment ids in practice) fall back to a Map.
 */
class UsageCounts {
  private static readonly DENSE_LIMIT = 1 << 24;
  private dense = new Int32Array(1024);
  private readonly sparse = new Map<number, number>();

  get(id: number): number {
    return id < this.dense.length ? this.dense[id]! : (this.sparse.get(id) ?? 0);
  }

  set(id: number, value: number): void {
    if (id >= UsageCounts.DENSE_LIMIT) {
      this.sparse.set(id, value);
      return;
    }
    if (id >= this.dense.length) {
      const grown = new Int32Array(
        Math.min(UsageCounts.DENSE_LIMIT, Math.max(id + 1, this.dense.length * 2)),
      );
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[id] = value;
  }
}
