// Reserve promotion (P5, L4, M4): when main-pool numbers leave service, each is replaced by a ready
// reserve number of the same purpose from the nearest area (city, province, region).
import type { HealthSettings } from '../health/health-settings.ts';
import type { PoolNumber } from '../pool/pool-number.ts';

export type PoolMember = Pick<
  PoolNumber,
  'id' | 'state' | 'tier' | 'purpose' | 'province' | 'city' | 'region'
>;

export type AreaMatch = 'city' | 'province' | 'region' | 'any';
const MATCH_ORDER: readonly AreaMatch[] = ['city', 'province', 'region', 'any'];

export interface ReservePromotion {
  leavingId: number;
  reserveId: number;
  match: AreaMatch;
  reason: string;
}

export interface PromotionPlan {
  promotions: ReservePromotion[];
  /** Leaving numbers no ready reserve could replace: alert, and count them in replenishment. */
  unmatched: { leavingId: number; reason: 'NO_RESERVE' }[];
}

/** A reserve that can go straight into service: warmed up (active) and in the reserve tier. */
export function isReadyReserve(n: PoolMember): boolean {
  return n.tier === 'reserve' && n.state === 'active';
}

export function areaMatch(a: PoolMember, b: PoolMember): AreaMatch {
  if (a.province !== null && a.province === b.province && a.city !== null && a.city === b.city) return 'city';
  if (a.province !== null && a.province === b.province) return 'province';
  if (a.region !== null && a.region === b.region) return 'region';
  return 'any';
}

/**
 * Pairs each leaving number with the closest ready reserve of its purpose, no wider than
 * `matchArea`; each reserve is used once, lowest id first among equals (deterministic).
 */
export function planReservePromotions(
  leaving: readonly PoolMember[],
  candidates: readonly PoolMember[],
  settings: HealthSettings['reserve'],
): PromotionPlan {
  const widest = MATCH_ORDER.indexOf(settings.matchArea);
  const free = candidates.filter(isReadyReserve).sort((a, b) => a.id - b.id);
  const taken = new Set<number>();
  const plan: PromotionPlan = { promotions: [], unmatched: [] };
  for (const out of leaving) {
    let best: { reserve: PoolMember; rank: number } | null = null;
    for (const r of free) {
      if (taken.has(r.id) || r.purpose !== out.purpose) continue;
      const rank = MATCH_ORDER.indexOf(areaMatch(out, r));
      if (rank <= widest && (best === null || rank < best.rank)) best = { reserve: r, rank };
    }
    if (best === null) {
      plan.unmatched.push({ leavingId: out.id, reason: 'NO_RESERVE' });
      continue;
    }
    taken.add(best.reserve.id);
    const match = MATCH_ORDER[best.rank] ?? 'any';
    plan.promotions.push({
      leavingId: out.id,
      reserveId: best.reserve.id,
      match,
      reason: `replaces number ${out.id} (${out.purpose}, same ${match === 'any' ? 'purpose' : match}) leaving service`,
    });
  }
  return plan;
}
