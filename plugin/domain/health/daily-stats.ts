// Daily statistics per number (M4): attempts, answered, talk time, very short answered calls,
// rebuilt from call rows so a rebuild is idempotent and late outcomes fold in. Feeds
// number_daily_stats, the answer-rate flag, the baseline drop, warm-up and the 3-month review.
import type { HealthSettings } from './health-settings.ts';
import { countCall, type CallRecord } from './call-record.ts';
import { addDays, localDate } from './civil-date.ts';

/** Answer-rate counts of one day; the shape the flag, baseline and review rules read. */
export interface DayCounts {
  day: string;
  attempts: number;
  answered: number;
}

/** One row of number_daily_stats. */
export interface NumberDayStats extends DayCounts {
  numberId: number;
  talkSeconds: number;
  shortAnswered: number;
}

export function answerRate(c: { attempts: number; answered: number }): number | null {
  return c.attempts > 0 ? c.answered / c.attempts : null;
}

export function averageTalkSeconds(s: { answered: number; talkSeconds: number }): number | null {
  return s.answered > 0 ? s.talkSeconds / s.answered : null;
}

export function shortAnsweredShare(s: { answered: number; shortAnswered: number }): number | null {
  return s.answered > 0 ? s.shortAnswered / s.answered : null;
}

/** The stats day of a call: its reservation's counter day, else its decision's local date. */
export function callDay(call: CallRecord, timeZone: string): string {
  return call.usageDay ?? localDate(call.decidedAt, timeZone);
}

/**
 * Per number × day statistics of the given calls. Feed it every call of the days being rebuilt
 * (see daysToRebuild) and replace those days' rows with the result: same calls, same rows.
 */
export function buildNumberDailyStats(
  calls: readonly CallRecord[],
  timeZone: string,
  settings: HealthSettings['answerRate'],
): NumberDayStats[] {
  const rows = new Map<string, NumberDayStats>();
  for (const call of calls) {
    const count = countCall(call, settings.networkDialStatuses);
    if (count === 'not-an-attempt' || count === 'network' || call.numberId === null) continue;
    const day = callDay(call, timeZone);
    const key = `${call.numberId}|${day}`;
    let row = rows.get(key);
    if (!row) {
      row = { numberId: call.numberId, day, attempts: 0, answered: 0, talkSeconds: 0, shortAnswered: 0 };
      rows.set(key, row);
    }
    row.attempts += 1;
    if (count === 'answered') {
      const talk = Math.max(0, call.talkSeconds ?? 0);
      row.answered += 1;
      row.talkSeconds += talk;
      if (talk < settings.shortCallSeconds) row.shortAnswered += 1;
    }
  }
  return [...rows.values()].sort((a, b) => a.numberId - b.numberId || a.day.localeCompare(b.day));
}

/** The days a run rebuilds: today and the `lateOutcomeDays` before it, oldest first. */
export function daysToRebuild(now: Date, timeZone: string, settings: HealthSettings['answerRate']): string[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: settings.lateOutcomeDays + 1 }, (_, i) =>
    addDays(today, i - settings.lateOutcomeDays),
  );
}

/** Sums day counts (a window, a review period, a warm-up). */
export function totalCounts(days: readonly DayCounts[]): { attempts: number; answered: number } {
  return days.reduce((t, d) => ({ attempts: t.attempts + d.attempts, answered: t.answered + d.answered }), {
    attempts: 0,
    answered: 0,
  });
}
