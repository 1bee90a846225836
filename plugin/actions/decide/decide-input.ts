// What a decision request may hold, checked the same way for every caller (the CLI's `decide`, the
// API's preview): the time it is decided at and the route name. Pure.
import { isCalendarDate } from '../../domain/calendar/local-time.ts';

/** A route names a dialplan context or trunk: letters, digits, `_ . -`, at most 64. */
const ROUTE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isRouteName(text: string): boolean {
  return ROUTE_NAME.test(text);
}

/**
 * The instant an ISO time with an explicit offset names (`2026-10-01T10:00+08:00`), or null when the
 * text is not one or names a day that does not exist (Date would roll 02-30 over into March).
 */
export function parseInstant(text: string): Date | null {
  if (!ISO_WITH_OFFSET.test(text) || !isCalendarDate(text.slice(0, 10))) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
