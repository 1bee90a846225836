// Chooses the caller ID for an allowed call (S1–S5): the sticky number when still eligible, else
// the best number of the nearest area tier — same city, province, region, then any.
import type { Area } from '../areas/area.ts';
import { capToday, type NumberPurpose, type PoolNumber } from '../pool/pool-number.ts';
import type { CandidateSummary, TierTrace } from '../trace.ts';
import type { PoolIndex } from './pool-index.ts';
import { presentable, type RankedBucket, type UsageView } from './ranked-bucket.ts';

export type { UsageView } from './ranked-bucket.ts';

export interface SelectionQuery {
  purpose: NumberPurpose;
  area: Area;
  /** The call's fixed route; numbers bound to another route are not presentable on it. */
  route: string | null;
  stickyNumberId: number | null;
  preferTrusted: boolean;
  unknownAnswerRate: number;
}

export type SelectionTier = 'sticky' | 'city' | 'province' | 'region' | 'any';

/**
 * A learning strategy (S3) choosing among the best `candidates` eligible numbers of the nearest
 * tier that has any; it only reorders numbers that already passed every rule and cap.
 */
export interface CallerIdLearner {
  name: string;
  candidates: number;
  choose(eligible: readonly PoolNumber[]): PoolNumber | null;
}

export type Selection =
  | { kind: 'chosen'; number: PoolNumber; tier: SelectionTier; tiers: TierTrace[]; chosenBy: string }
  | { kind: 'none'; tiers: TierTrace[] };

const TOP_IN_TRACE = 3;

export function selectCallerId(
  index: PoolIndex,
  query: SelectionQuery,
  usage: UsageView,
  exclude: ReadonlySet<number> = new Set(),
  learner: CallerIdLearner | null = null,
): Selection {
  const tiers: TierTrace[] = [];
  const filter = { route: query.route, exclude };
  if (query.stickyNumberId !== null) {
    const sticky = index.get(query.stickyNumberId);
    const eligible =
      sticky !== undefined &&
      sticky.purpose === query.purpose &&
      usage.used(sticky.id) < capToday(sticky) &&
      presentable(sticky, filter);
    tiers.push({ tier: 'sticky', numbers: sticky ? 1 : 0, top: eligible ? [summary(sticky, usage)] : [] });
    if (eligible) return { kind: 'chosen', number: sticky, tier: 'sticky', tiers, chosenBy: 'sticky' };
  }

  for (const [tier, bucket] of tierBuckets(index, query)) {
    const top = bucket.best(
      learner ? Math.max(TOP_IN_TRACE, learner.candidates) : TOP_IN_TRACE,
      usage,
      query,
      filter,
    );
    tiers.push({
      tier,
      numbers: bucket.numbers.length,
      top: top.slice(0, TOP_IN_TRACE).map((n) => summary(n, usage)),
    });
    const learned = learner && top.length > 1 ? learner.choose(top) : null;
    const winner = learned ?? top[0];
    if (winner)
      return {
        kind: 'chosen',
        number: winner,
        tier,
        tiers,
        chosenBy: learned ? (learner?.name ?? 'learner') : 'least-used',
      };
  }
  return { kind: 'none', tiers };
}

function* tierBuckets(index: PoolIndex, q: SelectionQuery): Generator<[SelectionTier, RankedBucket]> {
  const { province, city, region } = q.area;
  if (province && city) yield ['city', index.city(q.purpose, province, city)];
  if (province) yield ['province', index.province(q.purpose, province)];
  if (region) yield ['region', index.region(q.purpose, region)];
  yield ['any', index.all(q.purpose)];
}

function summary(n: PoolNumber, usage: UsageView): CandidateSummary {
  return { id: n.id, e164: n.e164, used: usage.used(n.id), cap: capToday(n) };
}
