// Makes one date a holiday or a (调休 make-up) workday, overriding the holiday data package; the
// change is audited and every numpool process applies it with the reference data. `numpool calendar`.
import type { CalendarOverride } from '../../domain/calendar/day-kind.ts';
import {
  listCalendarOverrides,
  removeCalendarOverride,
  setCalendarOverride,
} from '../../store/reference/calendar-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calendarDate, calendarOverride } from './calendar-day-input.ts';

export interface CalendarDayInput {
  date: string;
  /** holiday or workday; anything else is refused. */
  kind: string;
  name: string | null;
}

/** The administrator's overrides, by date. */
export function listCalendarDays(ctx: ActionContext): Promise<CalendarOverride[]> {
  return listCalendarOverrides(ctx.db.knex);
}

/** Returns the override as stored (name trimmed, null when empty). */
export async function setCalendarDay(ctx: ActionContext, input: CalendarDayInput): Promise<CalendarOverride> {
  const override = calendarOverride(input);
  await setCalendarOverride(ctx.db.knex, override, ctx.actor, ctx.now());
  return override;
}

/** False when the date had no override (nothing changed, nothing audited). */
export function removeCalendarDay(ctx: ActionContext, date: string): Promise<boolean> {
  return removeCalendarOverride(ctx.db.knex, calendarDate('calendar remove', date), ctx.actor, ctx.now());
}
