// A binary min-heap of pool numbers keyed by rank, used by ranked buckets to find the best
// candidates of a large bucket without scanning it.
import type { PoolNumber } from '../pool/pool-number.ts';

export class RankHeap {
  private readonly ranks: number[] = [];
  private readonly items: PoolNumber[] = [];

  get size(): number {
    return this.ranks.length;
  }

  static from(entries: readonly { rank: number; n: PoolNumber }[]): RankHeap {
    const heap = new RankHeap();
    for (const e of entries) {
      heap.ranks.push(e.rank);
      heap.items.push(e.n);
    }
    for (let i = (heap.ranks.length >> 1) - 1; i >= 0; i--) heap.down(i);
    return heap;
  }

  push(rank: number, n: PoolNumber): void {
    this.ranks.push(rank);
    this.items.push(n);
    this.up(this.ranks.length - 1);
  }

  pop(): { rank: number; n: PoolNumber } | undefined {
    const last = this.ranks.length - 1;
    if (last < 0) return undefined;
    const rank = this.ranks[0]!;
    const n = this.items[0]!;
    this.ranks[0] = this.ranks[last]!;
    this.items[0] = this.items[last]!;
    this.ranks.pop();
    this.items.pop();
    if (this.ranks.length > 1) this.down(0);
    return { rank, n };
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ranks[parent]! <= this.ranks[i]!) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const size = this.ranks.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && this.ranks[l]! < this.ranks[m]!) m = l;
      if (r < size && this.ranks[r]! < this.ranks[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const rank = this.ranks[a]!;
    this.ranks[a] = this.ranks[b]!;
    this.ranks[b] = rank;
    const item = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = item;
  }
}
