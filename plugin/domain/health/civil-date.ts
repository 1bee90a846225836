// Civil-date arithmetic on 'YYYY-MM-DD' strings for the health, lifecycle and appeal rules:
// stats days, review periods and hold dates are whole days in the pool's time zone.
import { toLocalTime } from '../calendar/local-time.ts';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function epochDay(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Invalid civil date "${date}": expected YYYY-MM-DD`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The civil date of `now` in `timeZone` (the pool's zone, NUMPOOL_TIMEZONE). */
export function localDate(now: Date, timeZone: string): string {
  return toLocalTime(now, timeZone).date;
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/** Same day `months` later, clamped to the month's end (2026-11-30 + 3 months → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** 'YYYY-MM' of a civil date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
