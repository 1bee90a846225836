// Classifies a civil date as workday, weekend, statutory holiday or make-up workday (调休上班日),
// from chinese-days' published schedule overridden by the DB's per-date calendar overrides.
// Read its published JSON rather than its functions: those parse the date in the process's
// own time zone and answer for the previous day on a server west of UTC.
import scheduleJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export interface DayInfo {
  date: string;
  kind: DayKind;
  /** Chinese holiday name, e.g. '国庆节'; for a make-up workday, the holiday it makes up for. */
  name: string | null;
  source: 'override' | 'chinese-days' | 'weekday-rule';
}

/** Entries look like 'National Day,国庆节,3': English name, Chinese name, days off. */
interface PublishedSchedule {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const schedule: PublishedSchedule = scheduleJson;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const dataYears = ((): { first: number; last: number } => {
  const years = Object.keys(schedule.holidays).map((date) => Number(date.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
})();

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Plain arithmetic, no Date objects: this runs on every call (~270 ns/op, no memo needed).
function toEpochDay(date: string): number {
  const match = DATE.exec(date);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid calendar date "${date}": expected an existing YYYY-MM-DD date`);
  }
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(epochDay: number): boolean {
  const weekday = (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday === 0 || weekday === 6;
}

function chineseName(entry: string | undefined): string | null {
  return entry?.split(',')[1] ?? null;
}

function classifyPublished(date: string, epochDay: number): DayInfo {
  const weekend = isWeekend(epochDay);
  const year = Number(date.slice(0, 4));
  if (year < dataYears.first || year > dataYears.last) {
    return { date, kind: weekend ? 'weekend' : 'workday', name: null, source: 'weekday-rule' };
  }
  const holiday = schedule.holidays[date];
  if (holiday !== undefined)
    return { date, kind: 'holiday', name: chineseName(holiday), source: 'chinese-days' };
  const workday = schedule.workdays[date];
  if (workday !== undefined) {
    const kind = weekend ? 'makeup_workday' : 'workday';
    return { date, kind, name: chineseName(workday), source: 'chinese-days' };
  }
  return { date, kind: weekend ? 'weekend' : 'workday', name: null, source: 'chinese-days' };
}

function classifyOverride(date: string, epochDay: number, override: CalendarOverride): DayInfo {
  if (override.kind === 'holiday') return { date, kind: 'holiday', name: override.name, source: 'override' };
  const kind = isWeekend(epochDay) ? 'makeup_workday' : 'workday';
  return { date, kind, name: override.name, source: 'override' };
}

/** What kind of day `date` (YYYY-MM-DD, callee-local) is; a DB override beats chinese-days. */
export function classifyDay(date: string, overrides: ReadonlyMap<string, CalendarOverride>): DayInfo {
  const epochDay = toEpochDay(date);
  const override = overrides.get(date);
  return override ? classifyOverride(date, epochDay, override) : classifyPublished(date, epochDay);
}

export function isWorkingDay(info: DayInfo): boolean {
  return info.kind === 'workday' || info.kind === 'makeup_workday';
}

/**
 * The date `n` working days after `date` (appeal due dates): weekends and holidays are skipped,
 * make-up workdays count. `date` itself is never counted, so n = 0 returns it unchanged.
 */
export function addBusinessDays(
  date: string,
  n: number,
  overrides: ReadonlyMap<string, CalendarOverride>,
): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`addBusinessDays: n must be a non-negative integer, got ${n}`);
  }
  let epochDay = toEpochDay(date);
  let remaining = n;
  while (remaining > 0) {
    epochDay += 1;
    if (isWorkingDay(classifyDay(fromEpochDay(epochDay), overrides))) remaining -= 1;
  }
  return fromEpochDay(epochDay);
}

/** Years chinese-days has a holiday schedule for; outside them only the weekday rule applies. */
export function calendarDataYears(): { first: number; last: number } {
  return { ...dataYears };
}
