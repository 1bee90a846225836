// The lazy selection heap must always agree with a full scan of the bucket, whatever the usage did.
import { describe, expect, it } from 'vitest';
import { capToday, type PoolNumber } from '../../plugin/domain/pool/pool-number.ts';
import {
  presentable,
  rankOf,
  RankedBucket,
  type UsageView,
} from '../../plugin/domain/selection/ranked-bucket.ts';
import { poolNumber } from '../support/pool-fixtures.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class FakeUsage implements UsageView {
  version = 0;
  readonly counts = new Map<number, number>();
  used(id: number): number {
    return this.counts.get(id) ?? 0;
  }
}

function bruteForce(
  numbers: readonly PoolNumber[],
  k: number,
  usage: UsageView,
  route: string | null,
): PoolNumber[] {
  const policy = { preferTrusted: true, unknownAnswerRate: 0.6 };
  return numbers
    .filter((n) => usage.used(n.id) < capToday(n) && presentable(n, { route, exclude: new Set() }))
    .sort((a, b) => rankOf(a, usage.used(a.id), policy) - rankOf(b, usage.used(b.id), policy))
    .slice(0, k);
}

describe('ranked bucket', () => {
  it.each([1, 2, 3, 4, 5])(
    'when usage grows, drops and routes vary at random (seed %i), then the heap agrees with a full scan',
    (seed) => {
      const rnd = random(seed);
      const types = ['landline', 'mobile', 'virtual', 'service'] as const;
      const numbers = Array.from({ length: 200 }, (_, i) =>
        poolNumber({
          e164: `+8610${i}`,
          purpose: 'service',
          type: types[Math.floor(rnd() * 4)]!,
          state: rnd() < 0.2 ? 'warming' : 'active',
          dailyCap: 1 + Math.floor(rnd() * 6),
          answerRate: rnd() < 0.3 ? null : Math.round(rnd() * 100) / 100,
          route: rnd() < 0.2 ? 'trunk-b' : null,
        }),
      );
      const bucket = new RankedBucket(numbers);
      const usage = new FakeUsage();
      const policy = { preferTrusted: true, unknownAnswerRate: 0.6 };
      for (let step = 0; step < 600; step++) {
        const route = rnd() < 0.5 ? null : 'trunk-a';
        const got = bucket.best(3, usage, policy, { route, exclude: new Set() });
        expect(got.map((n) => n.id)).toEqual(bruteForce(numbers, 3, usage, route).map((n) => n.id));
        const winner = got[0];
        if (winner) usage.counts.set(winner.id, usage.used(winner.id) + 1);
        // Other processes' reservations raise counts anywhere; now and then a release lowers one.
        const other = numbers[Math.floor(rnd() * numbers.length)]!;
        usage.counts.set(other.id, usage.used(other.id) + 1);
        if (rnd() < 0.05) {
          usage.counts.set(other.id, Math.max(0, usage.used(other.id) - 2));
          usage.version++;
        }
      }
    },
  );

  it('when every number is full, then nothing is offered', () => {
    const numbers = [poolNumber({ e164: '+861', dailyCap: 1 }), poolNumber({ e164: '+862', dailyCap: 1 })];
    const usage = new FakeUsage();
    for (const n of numbers) usage.counts.set(n.id, 1);
    expect(
      new RankedBucket(numbers).best(
        3,
        usage,
        { preferTrusted: false, unknownAnswerRate: 0.6 },
        { route: null, exclude: new Set() },
      ),
    ).toEqual([]);
  });
});
