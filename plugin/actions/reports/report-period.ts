// Which report periods the supervisor may ask for: real dates, from ≤ to, at most a quarter of daily
// rows (longer belongs to monthly reports); a month as YYYY-MM. Pure; the report actions use it.
import { isCalendarDate } from '../../domain/calendar/local-time.ts';
import { daysBetween } from '../../domain/health/civil-date.ts';

/** A quarter of daily rows at most. */
export const MAX_REPORT_DAYS = 92;

/** Why a daily report range is refused, or null. */
export function reportRangeProblem(from: string, to: string): string | null {
  if (!isCalendarDate(from)) return `--from must be a date YYYY-MM-DD (got '${from.slice(0, 40)}')`;
  if (!isCalendarDate(to)) return `--to must be a date YYYY-MM-DD (got '${to.slice(0, 40)}')`;
  if (from > to) return `--from ${from} is after --to ${to}`;
  const days = daysBetween(from, to) + 1;
  if (days > MAX_REPORT_DAYS) return `the range covers ${days} days; at most ${MAX_REPORT_DAYS} are allowed`;
  return null;
}

/** Why a report month is refused, or null. */
export function reportMonthProblem(month: string): string | null {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month)
    ? null
    : `--month must be YYYY-MM (got '${month.slice(0, 40)}')`;
}
