// The low-answer-rate flag (M4): below the floor (40%) on the last N (3) qualifying days in a row,
// and confidently so. Small days are skipped, and the pooled Wilson bound keeps noise from flapping.
import type { HealthSettings } from './health-settings.ts';
import { addDays, daysBetween } from './civil-date.ts';
import { answerRate, totalCounts, type DayCounts } from './daily-stats.ts';
import { wilsonInterval } from './wilson.ts';

export interface AnswerRateFlag {
  flagged: boolean;
  reason: 'LOW_ANSWER_RATE' | 'NOT_ENOUGH_QUALIFYING_DAYS' | 'NOT_LOW_EVERY_DAY' | 'NOT_SIGNIFICANT';
  /** The qualifying days judged, latest first. */
  days: DayCounts[];
  pooledRate: number | null;
  /** Wilson upper bound of the pooled days; a flag needs it below the floor. */
  pooledUpper: number | null;
}

/**
 * Judges one number's day series as of `asOf` (normally yesterday, the last complete day).
 * Days with fewer than `minCallsPerDay` attempts neither count nor break the streak.
 */
export function evaluateAnswerRateFlag(
  series: readonly DayCounts[],
  asOf: string,
  settings: HealthSettings['answerRate'],
): AnswerRateFlag {
  const earliest = addDays(asOf, 1 - settings.lookbackDays);
  const days = series
    .filter(
      (d) => d.attempts >= settings.minCallsPerDay && d.day <= asOf && daysBetween(earliest, d.day) >= 0,
    )
    .sort((a, b) => b.day.localeCompare(a.day))
    .slice(0, settings.consecutiveDays);
  const pooled = totalCounts(days);
  const pooledRate = answerRate(pooled);
  const pooledUpper =
    days.length > 0 ? wilsonInterval(pooled.answered, pooled.attempts, settings.confidenceZ).upper : null;
  const result = { days, pooledRate, pooledUpper };
  if (days.length < settings.consecutiveDays)
    return { flagged: false, reason: 'NOT_ENOUGH_QUALIFYING_DAYS', ...result };
  if (days.some((d) => (answerRate(d) ?? 1) >= settings.floor)) {
    return { flagged: false, reason: 'NOT_LOW_EVERY_DAY', ...result };
  }
  if ((pooledUpper ?? 1) >= settings.floor) return { flagged: false, reason: 'NOT_SIGNIFICANT', ...result };
  return { flagged: true, reason: 'LOW_ANSWER_RATE', ...result };
}
