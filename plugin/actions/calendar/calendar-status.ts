// Whether this year's and next year's holiday schedules are known: covered by the holiday data
// package or entered by hand. Without them, a 调休 workday would be taken for a weekend and a
// statutory holiday for a workday. `numpool calendar status` (a cron-able check) and the panel.
import { calendarDataYears, classifyDay, type DayKind } from '../../domain/calendar/day-kind.ts';
import { toLocalTime } from '../../domain/calendar/local-time.ts';
import { listCalendarOverrides } from '../../store/reference/calendar-repository.ts';
import type { ActionContext } from '../action-context.ts';

export interface CalendarYearStatus {
  year: number;
  /** The holiday data package has this year's schedule. */
  covered: boolean;
  /** Overrides entered for this year. */
  entered: number;
  /** What 1 January is, as the calendar classifies it now (a quick sanity check). */
  newYearKind: DayKind;
  /** Neither covered nor entered: the schedule must be entered by hand. */
  missing: boolean;
}

/** This year (in the pool's time zone) and the next. */
export async function calendarStatus(ctx: ActionContext): Promise<CalendarYearStatus[]> {
  const overrides = new Map((await listCalendarOverrides(ctx.db.knex)).map((o) => [o.date, o]));
  const year = Number(toLocalTime(ctx.now(), ctx.timeZone).date.slice(0, 4));
  const data = calendarDataYears();
  return [year, year + 1].map((y) => {
    const entered = [...overrides.keys()].filter((d) => d.startsWith(`${y}-`)).length;
    const covered = y <= data.last;
    const newYearKind = classifyDay(`${y}-01-01`, overrides).kind;
    return { year: y, covered, entered, newYearKind, missing: !covered && entered === 0 };
  });
}
