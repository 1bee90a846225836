// Decides whether an outbound call may be placed now, from the callee's local time, the kind of
// day (holiday, weekend, make-up workday) and the window policy; called by the gating rules.
import { z } from 'zod';
import { classifyDay } from './day-kind.ts';
import type { CalendarOverride, DayInfo } from './day-kind.ts';
import { parseHhmm, toLocalTime } from './local-time.ts';
import type { LocalTime } from './local-time.ts';

/** Half-open [from, to) within one day, 'HH:MM'; `to` may be '24:00'. */
export interface TimeRange {
  from: string;
  to: string;
}

export interface WindowPolicy {
  timeZone: string;
  workdayWindows: TimeRange[];
  weekendWindows: TimeRange[];
  holidayWindows: TimeRange[];
  /** Never call inside these, whatever a window says; wraps midnight when from > to. */
  quietHours: TimeRange;
}

export const DEFAULT_WINDOW_POLICY: WindowPolicy = {
  timeZone: 'Asia/Shanghai',
  workdayWindows: [
    { from: '09:00', to: '12:00' },
    { from: '14:00', to: '18:00' },
  ],
  weekendWindows: [],
  holidayWindows: [],
  quietHours: { from: '21:00', to: '08:00' },
};

export type WindowVerdict =
  | { ok: true; local: LocalTime; day: DayInfo }
  | { ok: false; code: 'HOLIDAY' | 'OUTSIDE_WINDOW'; message: string; local: LocalTime; day: DayInfo };

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const hhmmSchema = z.string().regex(HHMM, 'expected HH:MM between 00:00 and 24:00');
const timeRangeSchema = z
  .object({ from: hhmmSchema, to: hhmmSchema })
  .refine((r) => !HHMM.test(r.from) || !HHMM.test(r.to) || parseHhmm(r.from) < parseHhmm(r.to), {
    message: 'from must be earlier than to (a window cannot wrap midnight)',
  });

function isTimeZone(zone: string): boolean {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone !== '';
  } catch {
    return false;
  }
}

/** Admin-supplied window policy, as the rules loader validates it (merge defaults first). */
export const windowPolicySchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai'),
  workdayWindows: z.array(timeRangeSchema),
  weekendWindows: z.array(timeRangeSchema),
  holidayWindows: z.array(timeRangeSchema),
  quietHours: z
    .object({ from: hhmmSchema, to: hhmmSchema })
    .refine((r) => r.from !== r.to, 'quiet hours need different from and to'),
});

/** One flag per minute of the day: the simplest exact algebra for narrowing windows. */
type DayMask = boolean[];

function maskOf(ranges: readonly TimeRange[]): DayMask {
  const mask: DayMask = new Array<boolean>(1440).fill(false);
  for (const r of ranges) mask.fill(true, parseHhmm(r.from), parseHhmm(r.to));
  return mask;
}

function quietMask(quiet: TimeRange): DayMask {
  const wraps = parseHhmm(quiet.from) > parseHhmm(quiet.to);
  return maskOf(
    wraps
      ? [
          { from: '00:00', to: quiet.to },
          { from: quiet.from, to: '24:00' },
        ]
      : [quiet],
  );
}

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function rangesOf(mask: DayMask): TimeRange[] {
  const ranges: TimeRange[] = [];
  let start = -1;
  for (let minute = 0; minute <= 1440; minute += 1) {
    const on = minute < 1440 && mask[minute] === true;
    if (on && start < 0) start = minute;
    if (!on && start >= 0) {
      ranges.push({ from: formatMinutes(start), to: formatMinutes(minute) });
      start = -1;
    }
  }
  return ranges;
}

/** The mask as one quiet stretch, joining a run that ends at 24:00 to one starting at 00:00. */
function asQuietHours(mask: DayMask): TimeRange | null {
  const runs = rangesOf(mask);
  const [first, second] = runs;
  if (runs.length === 1 && first) return first;
  if (runs.length === 2 && first?.from === '00:00' && second?.to === '24:00') {
    return { from: second.from, to: first.to };
  }
  return null;
}

/**
 * Applies a per-province override that may only narrow calling: windows are intersected and
 * quiet hours united, so an override can never open a time the base policy keeps closed.
 */
export function stricterOf(base: WindowPolicy, override: Partial<WindowPolicy>): WindowPolicy {
  if (override.timeZone !== undefined && override.timeZone !== base.timeZone) {
    throw new Error(
      `stricterOf: an override cannot change the time zone (${base.timeZone} → ${override.timeZone})`,
    );
  }
  const baseQuiet = quietMask(base.quietHours);
  const extraQuiet = quietMask(override.quietHours ?? base.quietHours);
  const quiet = baseQuiet.map((on, minute) => on || extraQuiet[minute] === true);
  // Quiet minutes are also cut out of every window, which enforces the override's quiet hours
  // even when they and the base's do not join into one stretch that quietHours can express.
  const narrow = (baseRanges: TimeRange[], overrideRanges: TimeRange[] | undefined): TimeRange[] => {
    const allowed = maskOf(overrideRanges ?? baseRanges);
    return rangesOf(maskOf(baseRanges).map((on, m) => on && allowed[m] === true && quiet[m] !== true));
  };
  return {
    timeZone: base.timeZone,
    workdayWindows: narrow(base.workdayWindows, override.workdayWindows),
    weekendWindows: narrow(base.weekendWindows, override.weekendWindows),
    holidayWindows: narrow(base.holidayWindows, override.holidayWindows),
    quietHours: asQuietHours(quiet) ?? base.quietHours,
  };
}

function within(minutes: number, ranges: readonly TimeRange[]): boolean {
  return ranges.some((r) => minutes >= parseHhmm(r.from) && minutes < parseHhmm(r.to));
}

function inQuietHours(minutes: number, quiet: TimeRange): boolean {
  const from = parseHhmm(quiet.from);
  const to = parseHhmm(quiet.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

function describeWindows(ranges: readonly TimeRange[]): string {
  return ranges.length === 0 ? 'none' : ranges.map((r) => `${r.from}–${r.to}`).join(', ');
}

function allowedSuffix(ranges: readonly TimeRange[]): string {
  return ranges.length === 0 ? '' : `; allowed only ${describeWindows(ranges)}`;
}

function describeHoliday(day: DayInfo): string {
  // A DB override may be a company closure rather than a 法定节假日, so it is not called statutory.
  const label = day.source === 'override' ? 'Holiday' : 'Statutory holiday';
  return day.name ? `${label} ${day.name} (${day.date})` : `${label} (${day.date})`;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Whether a call may be placed at `now`, judged in the callee's zone; quiet hours win over all. */
export function checkCallWindow(
  now: Date,
  policy: WindowPolicy,
  overrides: ReadonlyMap<string, CalendarOverride>,
): WindowVerdict {
  const local = toLocalTime(now, policy.timeZone);
  const day = classifyDay(local.date, overrides);
  const at = `callee local time ${local.hhmm}, ${policy.timeZone}`;
  const blocked = (code: 'HOLIDAY' | 'OUTSIDE_WINDOW', message: string): WindowVerdict => {
    return { ok: false, code, message, local, day };
  };
  const { quietHours } = policy;
  if (inQuietHours(local.minutes, quietHours)) {
    return blocked(
      'OUTSIDE_WINDOW',
      `Quiet hours ${quietHours.from}–${quietHours.to}: no outbound calls (${at})`,
    );
  }
  if (day.kind === 'holiday') {
    if (within(local.minutes, policy.holidayWindows)) return { ok: true, local, day };
    return blocked(
      'HOLIDAY',
      `${describeHoliday(day)}: no outbound calls (${at}${allowedSuffix(policy.holidayWindows)})`,
    );
  }
  if (day.kind === 'weekend') {
    if (within(local.minutes, policy.weekendWindows)) return { ok: true, local, day };
    const weekday = WEEKDAY_NAMES[local.weekday - 1] ?? '';
    return blocked(
      'OUTSIDE_WINDOW',
      `Weekend (${weekday} ${local.date}): no outbound calls (${at}${allowedSuffix(policy.weekendWindows)})`,
    );
  }
  if (within(local.minutes, policy.workdayWindows)) return { ok: true, local, day };
  return blocked(
    'OUTSIDE_WINDOW',
    `Outside calling hours on ${local.date} (${at}); allowed ${describeWindows(policy.workdayWindows)}`,
  );
}
