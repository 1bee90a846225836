// The baseline drop (M4, P5): a number whose recent answer rate fell ≥ 5 points below its own
// baseline is rotated out and replaced by a reserve number of the same purpose and area.
import type { HealthSettings } from './health-settings.ts';
import { addDays } from './civil-date.ts';
import { answerRate, totalCounts, type DayCounts } from './daily-stats.ts';
import { wilsonInterval } from './wilson.ts';

export interface BaselineDrop {
  rotateOut: boolean;
  reason: 'DROP_FROM_BASELINE' | 'NOT_ENOUGH_BASELINE' | 'NOT_ENOUGH_RECENT' | 'NO_DROP' | 'NOT_SIGNIFICANT';
  baselineRate: number | null;
  recentRate: number | null;
  /** Baseline minus recent, in percentage points (positive = worse now). */
  dropPoints: number | null;
}

/**
 * Compares the recent window (the `recentDays` up to `asOf`) with the baseline window (the
 * `windowDays` before it). Only days with at least `minCallsPerDay` attempts count in either.
 */
export function detectBaselineDrop(
  series: readonly DayCounts[],
  asOf: string,
  settings: HealthSettings['baseline'],
  minCallsPerDay: number,
  z: number,
): BaselineDrop {
  const recentFrom = addDays(asOf, 1 - settings.recentDays);
  const baselineFrom = addDays(recentFrom, -settings.windowDays);
  const qualifying = series.filter((d) => d.attempts >= minCallsPerDay && d.day <= asOf);
  const recent = totalCounts(qualifying.filter((d) => d.day >= recentFrom));
  const baseline = totalCounts(qualifying.filter((d) => d.day >= baselineFrom && d.day < recentFrom));
  const baselineRate = answerRate(baseline);
  const recentRate = answerRate(recent);
  const dropPoints =
    baselineRate === null || recentRate === null
      ? null
      : Math.round((baselineRate - recentRate) * 10_000) / 100;
  const result = { baselineRate, recentRate, dropPoints };
  if (baseline.attempts < settings.minBaselineCalls)
    return { rotateOut: false, reason: 'NOT_ENOUGH_BASELINE', ...result };
  if (recent.attempts < settings.minRecentCalls)
    return { rotateOut: false, reason: 'NOT_ENOUGH_RECENT', ...result };
  if ((dropPoints ?? 0) < settings.dropPoints) return { rotateOut: false, reason: 'NO_DROP', ...result };
  if (
    settings.requireSignificance &&
    wilsonInterval(recent.answered, recent.attempts, z).upper >= (baselineRate ?? 0)
  ) {
    return { rotateOut: false, reason: 'NOT_SIGNIFICANT', ...result };
  }
  return { rotateOut: true, reason: 'DROP_FROM_BASELINE', ...result };
}
