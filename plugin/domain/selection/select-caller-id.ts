// Chooses the caller ID for an allowed call (S1–S5): the sticky number when still eligible, else
// the best number of the nearest area tier — same city, province, region, then any.
import type { Area } from '../areas/area.ts';
import { capToday, type NumberPurpose, type PoolNumber } from '../pool/pool-number.ts';
import type { CandidateSummary, TierTrace } from '../trace.ts';
import type { PoolIndex } from './pool-index.ts';

export interface SelectionQuery {
  purpose: NumberPurpose;
  area: Area;
  /** The call's fixed route; numbers bound to another route are not presentable on it. */
  route: string | null;
  stickyNumberId: number | null;
  preferTrusted: boolean;
  unknownAnswerRate: number;
}

/** Today's usage as this process knows it; the database re-checks every reservation. */
export interface UsageView {
  used(numberId: number): number;
}

export type SelectionTier = 'sticky' | 'city' | 'province' | 'region' | 'any';

export type Selection =
  | { kind: 'chosen'; number: PoolNumber; tier: SelectionTier; tiers: TierTrace[] }
  | { kind: 'none'; tiers: TierTrace[] };

const TOP_IN_TRACE = 3;

export function selectCallerId(
  index: PoolIndex,
  query: SelectionQuery,
  usage: UsageView,
  exclude: ReadonlySet<number> = new Set(),
): Selection {
  const tiers: TierTrace[] = [];
  const eligible = (n: PoolNumber): boolean =>
    !exclude.has(n.id) &&
    n.purpose === query.purpose &&
    (query.route === null || n.route === null || n.route === query.route) &&
    usage.used(n.id) < capToday(n);

  if (query.stickyNumberId !== null) {
    const sticky = index.get(query.stickyNumberId);
    if (sticky && eligible(sticky)) {
      tiers.push({ tier: 'sticky', eligible: 1, top: [summary(sticky, usage)] });
      return { kind: 'chosen', number: sticky, tier: 'sticky', tiers };
    }
    tiers.push({ tier: 'sticky', eligible: 0, top: [] });
  }

  for (const [tier, bucket] of tierBuckets(index, query)) {
    const ranked = bestOf(bucket, eligible, rankKey(query, usage));
    tiers.push({ tier, eligible: ranked.count, top: ranked.top.map((n) => summary(n, usage)) });
    const winner = ranked.top[0];
    if (winner) return { kind: 'chosen', number: winner, tier, tiers };
  }
  return { kind: 'none', tiers };
}

function* tierBuckets(
  index: PoolIndex,
  q: SelectionQuery,
): Generator<[SelectionTier, readonly PoolNumber[]]> {
  const { province, city, region } = q.area;
  if (province && city) yield ['city', index.city(q.purpose, province, city)];
  if (province) yield ['province', index.province(q.purpose, province)];
  if (region) yield ['region', index.region(q.purpose, region)];
  yield ['any', index.all(q.purpose)];
}

type RankKey = (n: PoolNumber) => [number, number, number, number];

/** Among equals: trusted types first for service calls (P2), least used today, healthiest, oldest id. */
function rankKey(q: SelectionQuery, usage: UsageView): RankKey {
  return (n) => [
    q.preferTrusted && q.purpose === 'service' && !isTrusted(n) ? 1 : 0,
    usage.used(n.id),
    -(n.answerRate ?? q.unknownAnswerRate),
    n.id,
  ];
}

function isTrusted(n: PoolNumber): boolean {
  return n.type === 'landline' || n.type === 'service';
}

/** One pass over the bucket keeping the best few: no sort of the whole pool per call. */
function bestOf(
  bucket: readonly PoolNumber[],
  eligible: (n: PoolNumber) => boolean,
  key: RankKey,
): { count: number; top: PoolNumber[] } {
  const top: { n: PoolNumber; k: [number, number, number, number] }[] = [];
  let count = 0;
  for (const n of bucket) {
    if (!eligible(n)) continue;
    count++;
    const k = key(n);
    if (top.length === TOP_IN_TRACE && !less(k, top[top.length - 1]!.k)) continue;
    let i = top.length;
    while (i > 0 && less(k, top[i - 1]!.k)) i--;
    top.splice(i, 0, { n, k });
    if (top.length > TOP_IN_TRACE) top.pop();
  }
  return { count, top: top.map((t) => t.n) };
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

function summary(n: PoolNumber, usage: UsageView): CandidateSummary {
  return { id: n.id, e164: n.e164, used: usage.used(n.id), cap: capToday(n) };
}
