// What an administrator may enter for one calendar day, checked the same way for every caller
// (`numpool calendar`, the panel): a real date, holiday or workday, and a one-line name.
import type { CalendarOverride } from '../../domain/calendar/day-kind.ts';
import { isCalendarDate } from '../../domain/calendar/local-time.ts';
import { checkFreeText } from '../../domain/text/free-text.ts';
import { AppError } from '../../errors/index.ts';

/** A holiday's name as the calendar shows it, e.g. 国庆节 or 公司 年会. */
export const CALENDAR_NAME_MAX = 64;

export function calendarDate(use: string, date: string | undefined): string {
  if (date === undefined || !isCalendarDate(date)) {
    throw new AppError(
      'NUMPOOL_INVALID_INPUT',
      `${use} needs a date YYYY-MM-DD (got '${(date ?? '').slice(0, 40)}')`,
    );
  }
  return date;
}

export function calendarOverride(input: {
  date: string;
  kind: string;
  name: string | null;
}): CalendarOverride {
  const date = calendarDate('calendar set', input.date);
  const { kind } = input;
  if (kind !== 'holiday' && kind !== 'workday') {
    throw new AppError(
      'NUMPOOL_INVALID_INPUT',
      `calendar set needs holiday or workday (got '${kind.slice(0, 40)}')`,
    );
  }
  const name = input.name?.trim() || null;
  if (name !== null) {
    const check = checkFreeText('calendar name', name, CALENDAR_NAME_MAX);
    if (!check.ok) throw new AppError('NUMPOOL_INVALID_TEXT', check.message);
  }
  return { date, kind, name };
}
