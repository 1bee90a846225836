// The numbers of one selection bucket (a purpose × city, province, region or the whole pool),
// with a lazily maintained heap so the best candidates are found in O(log n), not by a scan.
import { capToday, type PoolNumber } from '../pool/pool-number.ts';
import { RankHeap } from './rank-heap.ts';

/** Today's usage as this process knows it; the database re-checks every reservation. */
export interface UsageView {
  used(numberId: number): number;
  /**
   * Changes whenever some count may have gone down (a reload, a released reservation). Between
   * changes counts only grow, which is what lets a heap keep stale ranks and fix them lazily.
   */
  readonly version: number;
}

export interface RankingPolicy {
  /** P2: landline and 95/96 numbers first — for service buckets only. */
  preferTrusted: boolean;
  unknownAnswerRate: number;
}

export interface CandidateFilter {
  route: string | null;
  exclude: ReadonlySet<number>;
}

const HEALTH_STEPS = 10_000;
const ID_SPACE = 2 ** 28;

/**
 * The number's rank, lower is better: trusted types first (when preferred), then least used today,
 * then healthiest (answer rate to 1e-4), then oldest id — packed into one exact integer < 2^53.
 */
export function rankOf(n: PoolNumber, used: number, policy: RankingPolicy): number {
  const untrusted =
    policy.preferTrusted && n.purpose === 'service' && n.type !== 'landline' && n.type !== 'service' ? 1 : 0;
  const health = Math.min(1, Math.max(0, n.answerRate ?? policy.unknownAnswerRate));
  const illness = Math.round((1 - health) * HEALTH_STEPS);
  return (
    ((untrusted * 1024 + Math.min(used, 1023)) * (HEALTH_STEPS + 1) + illness) * ID_SPACE + (n.id % ID_SPACE)
  );
}

export function presentable(n: PoolNumber, filter: CandidateFilter): boolean {
  return (filter.route === null || n.route === null || n.route === filter.route) && !filter.exclude.has(n.id);
}

export class RankedBucket {
  private heap: RankHeap | null = null;
  private builtFor = '';

  constructor(readonly numbers: readonly PoolNumber[]) {}

  /** The best `k` numbers under their cap and presentable, best first. */
  best(k: number, usage: UsageView, policy: RankingPolicy, filter: CandidateFilter): PoolNumber[] {
    const heap = this.heapFor(usage, policy);
    const found: PoolNumber[] = [];
    const aside: { rank: number; n: PoolNumber }[] = [];
    while (found.length < k) {
      const top = heap.pop();
      if (!top) break;
      const used = usage.used(top.n.id);
      // Full: it stays full until the usage version changes, when the heap is rebuilt anyway.
      if (used >= capToday(top.n)) continue;
      const rank = rankOf(top.n, used, policy);
      if (rank !== top.rank) {
        heap.push(rank, top.n); // used went up since it was pushed: re-file it
        continue;
      }
      aside.push(top);
      if (presentable(top.n, filter)) found.push(top.n);
    }
    for (const e of aside) heap.push(e.rank, e.n);
    return found;
  }

  private heapFor(usage: UsageView, policy: RankingPolicy): RankHeap {
    const key = `${usage.version}|${policy.preferTrusted}|${policy.unknownAnswerRate}`;
    if (!this.heap || key !== this.builtFor) {
      const entries: { rank: number; n: PoolNumber }[] = [];
      for (const n of this.numbers) {
        const used = usage.used(n.id);
        if (used < capToday(n)) entries.push({ rank: rankOf(n, used, policy), n });
      }
      this.heap = RankHeap.from(entries);
      this.builtFor = key;
    }
    return this.heap;
  }
}
