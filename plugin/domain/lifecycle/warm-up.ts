// Warm-up (L2): a new number starts warming only after a clean mark check; it then places a small
// quota (5 → 10 calls/day) until it has N clean days and an acceptable answer rate, then goes active.
import type { HealthSettings } from '../health/health-settings.ts';
import { addDays, daysBetween, localDate } from '../health/civil-date.ts';
import { answerRate, totalCounts, type DayCounts } from '../health/daily-stats.ts';
import { isOpen, type MarkRecord } from '../health/mark.ts';
import type { LifecycleNumber } from './number-transition.ts';

type WarmupSettings = HealthSettings['warmup'];

/** The number's latest row in mark_checks. */
export interface MarkCheck {
  checkedAt: Date;
  status: 'ok' | 'failed';
}

export type WarmupStart =
  | { start: true; reason: string }
  | { start: false; reason: 'NOT_NEW' | 'NO_RECENT_CHECK' | 'CHECK_FAILED' | 'HAS_MARKS'; message: string };

/** L2 "a clean check first": a recent successful check and no open mark on any platform. */
export function evaluateWarmupStart(
  number: LifecycleNumber,
  marks: readonly MarkRecord[],
  latestCheck: MarkCheck | null,
  now: Date,
  settings: WarmupSettings,
): WarmupStart {
  if (number.state !== 'new')
    return { start: false, reason: 'NOT_NEW', message: `number is ${number.state}, not new` };
  const maxAgeMs = settings.cleanCheckMaxAgeDays * 86_400_000;
  if (!latestCheck || now.getTime() - latestCheck.checkedAt.getTime() > maxAgeMs) {
    return {
      start: false,
      reason: 'NO_RECENT_CHECK',
      message: `no mark check in the last ${settings.cleanCheckMaxAgeDays} days`,
    };
  }
  if (latestCheck.status !== 'ok')
    return { start: false, reason: 'CHECK_FAILED', message: 'the latest mark check failed' };
  const open = marks.filter(isOpen);
  if (open.length > 0) {
    const where = open.map((m) => `${m.platform}/${m.type}×${m.count}`).join(', ');
    return { start: false, reason: 'HAS_MARKS', message: `not clean: ${where}` };
  }
  return { start: true, reason: 'clean mark check: warm-up starts' };
}

/** The warm-up quota on day `dayIndex` (0 = first day): a straight ramp from min to max. */
export function warmupCapOn(dayIndex: number, settings: WarmupSettings): number {
  const { minCallsPerDay: min, maxCallsPerDay: max, days } = settings;
  if (days <= 1 || dayIndex >= days - 1) return max;
  return Math.round(min + ((max - min) * Math.max(0, dayIndex)) / (days - 1));
}

export interface WarmupProgress {
  action: 'promote' | 'continue' | 'not-warming';
  reason:
    | 'PROVEN'
    | 'NOT_WARMING'
    | 'TOO_FEW_CLEAN_DAYS'
    | 'HAS_OPEN_MARKS'
    | 'NOT_ENOUGH_CALLS'
    | 'LOW_ANSWER_RATE';
  /** Complete days since warm-up start or since the last mark seen, whichever is later. */
  cleanDays: number;
  attempts: number;
  answerRate: number | null;
  /** The warm-up quota for today (numbers.warmup_cap). */
  capToday: number;
}

export interface WarmupFacts {
  number: LifecycleNumber;
  /** When the number entered warming (numbers.state_changed_at). */
  warmingSince: Date;
  marks: readonly MarkRecord[];
  stats: readonly DayCounts[];
  now: Date;
  timeZone: string;
}

/** Run daily for each warming number: promote when proven, else keep warming with today's quota. */
export function evaluateWarmup(f: WarmupFacts, settings: WarmupSettings): WarmupProgress {
  const today = localDate(f.now, f.timeZone);
  const start = localDate(f.warmingSince, f.timeZone);
  const capToday = warmupCapOn(daysBetween(start, today), settings);
  // A mark seen during warm-up restarts the clean-day count, even if it was cleared since.
  const lastMark = f.marks
    .filter((m) => m.count > 0 && m.lastSeenAt >= f.warmingSince)
    .reduce<string | null>((latest, m) => {
      const day = localDate(m.lastSeenAt, f.timeZone);
      return latest === null || day > latest ? day : latest;
    }, null);
  const cleanFrom = lastMark !== null && addDays(lastMark, 1) > start ? addDays(lastMark, 1) : start;
  const cleanDays = Math.max(0, daysBetween(cleanFrom, today));
  const proving = totalCounts(f.stats.filter((d) => d.day >= cleanFrom && d.day < today));
  const rate = answerRate(proving);
  const progress = { cleanDays, attempts: proving.attempts, answerRate: rate, capToday };
  if (f.number.state !== 'warming') return { action: 'not-warming', reason: 'NOT_WARMING', ...progress };
  if (f.marks.some(isOpen)) return { action: 'continue', reason: 'HAS_OPEN_MARKS', ...progress };
  if (cleanDays < settings.days) return { action: 'continue', reason: 'TOO_FEW_CLEAN_DAYS', ...progress };
  if (proving.attempts < settings.minCalls)
    return { action: 'continue', reason: 'NOT_ENOUGH_CALLS', ...progress };
  if ((rate ?? 0) < settings.acceptableAnswerRate)
    return { action: 'continue', reason: 'LOW_ANSWER_RATE', ...progress };
  return { action: 'promote', reason: 'PROVEN', ...progress };
}
