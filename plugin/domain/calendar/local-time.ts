// Converts an instant into the callee's wall-clock date and time; used by the call-window check
// on every outbound call, so the Intl formatter is built once per zone and reused.

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
  /** ISO weekday: 1 = Monday .. 7 = Sunday. */
  weekday: number;
  /** Local time of day, 'HH:MM' (24-hour). */
  hhmm: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      // h23 avoids the '24:05' some ICU builds produce with hour12: false.
      hourCycle: 'h23',
    });
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}": expected an IANA zone such as "Asia/Shanghai"`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Wall-clock date and time of `now` in `timeZone` (e.g. the callee's 'Asia/Shanghai'). */
export function toLocalTime(now: Date, timeZone: string): LocalTime {
  const formatter = formatterFor(timeZone);
  if (Number.isNaN(now.getTime())) throw new RangeError('toLocalTime: invalid Date');
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  // Weekday from the civil date itself, so no locale-specific weekday names are parsed.
  const utcDay = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    date: `${year}-${pad2(month)}-${pad2(day)}`,
    minutes: hour * 60 + minute,
    weekday: utcDay === 0 ? 7 : utcDay,
    hhmm: `${pad2(hour)}:${pad2(minute)}`,
  };
}

const HHMM = /^(\d{2}):(\d{2})$/;

/** '09:00' → 540; '24:00' → 1440 (end of day, for range ends). Throws on anything else. */
export function parseHhmm(s: string): number {
  const match = HHMM.exec(s);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const valid = match !== null && minutes < 60 && (hours < 24 || (hours === 24 && minutes === 0));
  if (!valid) throw new Error(`Invalid time of day "${s}": expected HH:MM between 00:00 and 24:00`);
  return hours * 60 + minutes;
}

/** YYYY-MM-DD that exists in the calendar (Date would silently roll 2026-02-30 over to March). */
export function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}
