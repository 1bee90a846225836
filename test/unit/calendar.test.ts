// Unit tests for the calendar: callee-local time, day classification (chinese-days + DB overrides)
// and business-day arithmetic for appeal due dates. Fixed instants only, never the wall clock.
import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { parseHhmm, toLocalTime } from '../../plugin/domain/calendar/local-time.ts';
import {
  addBusinessDays,
  calendarDataYears,
  classifyDay,
  isWorkingDay,
} from '../../plugin/domain/calendar/day-kind.ts';
import type { CalendarOverride, DayInfo } from '../../plugin/domain/calendar/day-kind.ts';

const NO_OVERRIDES: ReadonlyMap<string, CalendarOverride> = new Map();

function overridesOf(...rows: CalendarOverride[]): ReadonlyMap<string, CalendarOverride> {
  return new Map(rows.map((row) => [row.date, row]));
}

describe('toLocalTime', () => {
  it.each([
    ['2026-03-02T01:30:00Z', { date: '2026-03-02', minutes: 570, weekday: 1, hhmm: '09:30' }],
    ['2026-03-01T15:59:00Z', { date: '2026-03-01', minutes: 1439, weekday: 7, hhmm: '23:59' }],
    ['2026-03-01T16:00:00Z', { date: '2026-03-02', minutes: 0, weekday: 1, hhmm: '00:00' }],
    ['2026-12-31T16:30:00Z', { date: '2027-01-01', minutes: 30, weekday: 5, hhmm: '00:30' }],
    ['2026-02-28T10:00:59+08:00', { date: '2026-02-28', minutes: 600, weekday: 6, hhmm: '10:00' }],
  ])('when the instant is %s, then Shanghai local time is %o', (iso, expected) => {
    expect(toLocalTime(new Date(iso), 'Asia/Shanghai')).toEqual(expected);
  });

  it('when the zone is not an IANA zone, then it throws a RangeError naming the zone', () => {
    expect(() => toLocalTime(new Date('2026-03-02T01:30:00Z'), 'Mars/Olympus')).toThrow(
      /Unknown time zone "Mars\/Olympus"/,
    );
  });

  it('when the Date is invalid, then it throws rather than returning NaN fields', () => {
    expect(() => toLocalTime(new Date('not a date'), 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('parseHhmm', () => {
  it.each([
    ['00:00', 0],
    ['09:00', 540],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('when given %s, then it returns %i minutes', (s, minutes) => {
    expect(parseHhmm(s)).toBe(minutes);
  });

  it.each(['9:00', '24:01', '25:00', '12:60', 'ab:cd', '', '12:00 ', '1200'])(
    'when given malformed %j, then it throws',
    (s) => {
      expect(() => parseHhmm(s)).toThrow(/Invalid time of day/);
    },
  );
});

describe('classifyDay', () => {
  it.each<[string, string, Omit<DayInfo, 'date'>]>([
    [
      'make-up Saturday for Spring Festival',
      '2026-02-28',
      { kind: 'makeup_workday', name: '春节', source: 'chinese-days' },
    ],
    ['National Day', '2026-10-01', { kind: 'holiday', name: '国庆节', source: 'chinese-days' }],
    [
      'Saturday inside National Day week',
      '2026-10-03',
      { kind: 'holiday', name: '国庆节', source: 'chinese-days' },
    ],
    ['Mid-Autumn Festival', '2026-09-25', { kind: 'holiday', name: '中秋', source: 'chinese-days' }],
    [
      'Thursday after National Day week',
      '2026-10-08',
      { kind: 'workday', name: null, source: 'chinese-days' },
    ],
    [
      'make-up Sunday before National Day',
      '2026-09-20',
      { kind: 'makeup_workday', name: '国庆节', source: 'chinese-days' },
    ],
    [
      'make-up Saturday after National Day',
      '2026-10-10',
      { kind: 'makeup_workday', name: '国庆节', source: 'chinese-days' },
    ],
    ['ordinary Saturday', '2026-03-07', { kind: 'weekend', name: null, source: 'chinese-days' }],
    ['ordinary Monday', '2026-03-02', { kind: 'workday', name: null, source: 'chinese-days' }],
    [
      'Monday in a year without published data',
      '2099-06-01',
      { kind: 'workday', name: null, source: 'weekday-rule' },
    ],
  ])('when the date is the %s (%s), then it is %o', (_label, date, expected) => {
    expect(classifyDay(date, NO_OVERRIDES)).toEqual({ date, ...expected });
  });

  it.each<[string, CalendarOverride, Omit<DayInfo, 'date'>]>([
    [
      'a DB holiday on a normal Tuesday',
      { date: '2026-03-03', kind: 'holiday', name: '公司年会' },
      { kind: 'holiday', name: '公司年会', source: 'override' },
    ],
    [
      'a DB workday on a Sunday',
      { date: '2026-03-08', kind: 'workday', name: null },
      { kind: 'makeup_workday', name: null, source: 'override' },
    ],
    [
      'a DB workday on National Day',
      { date: '2026-10-01', kind: 'workday', name: null },
      { kind: 'workday', name: null, source: 'override' },
    ],
    [
      'a DB holiday on a chinese-days make-up Saturday',
      { date: '2026-02-28', kind: 'holiday', name: null },
      { kind: 'holiday', name: null, source: 'override' },
    ],
  ])('when there is %s, then the override wins', (_label, override, expected) => {
    expect(classifyDay(override.date, overridesOf(override))).toEqual({ date: override.date, ...expected });
  });

  it.each(['2026-02-29', '2026-02-30', '2026-2-3', '2026-13-01', '2026-04-31', '20260301'])(
    'when the date %j is not an existing YYYY-MM-DD date, then it throws',
    (date) => {
      expect(() => classifyDay(date, NO_OVERRIDES)).toThrow(/Invalid calendar date/);
    },
  );

  // chinese-days' own functions (and the tables they build at import) shift by a day when the
  // process zone is west of UTC, so the comparison is only meaningful at UTC or east of it.
  it.skipIf(new Date(0).getTimezoneOffset() > 0)(
    'when a date falls in any year chinese-days covers, then its work/rest answer matches chinese-days',
    () => {
      const { first, last } = calendarDataYears();
      const mismatches: string[] = [];
      for (let day = Date.UTC(first, 0, 1); day <= Date.UTC(last, 11, 31); day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        const working = isWorkingDay(classifyDay(date, NO_OVERRIDES));
        if (working !== chineseDays.isWorkday(date)) mismatches.push(date);
      }
      expect(mismatches).toEqual([]);
    },
  );
});

describe('isWorkingDay', () => {
  it.each<[DayInfo['kind'], boolean]>([
    ['workday', true],
    ['makeup_workday', true],
    ['weekend', false],
    ['holiday', false],
  ])('when the day is a %s, then working is %s', (kind, expected) => {
    expect(isWorkingDay({ date: '2026-03-02', kind, name: null, source: 'chinese-days' })).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['submitted the day before National Day, +1', '2026-09-30', 1, '2026-10-08'],
    [
      'submitted the day before National Day, +3 (lands on the make-up Saturday)',
      '2026-09-30',
      3,
      '2026-10-10',
    ],
    ['submitted the day before National Day, +4', '2026-09-30', 4, '2026-10-12'],
    ['Friday before the make-up Sunday, +1', '2026-09-18', 1, '2026-09-20'],
    ['Friday before the Spring Festival make-up Saturday, +2', '2026-02-13', 2, '2026-02-24'],
    ['Friday before the 2026-02-28 make-up Saturday, +1', '2026-02-27', 1, '2026-02-28'],
    ['an ordinary Friday, +1', '2026-03-06', 1, '2026-03-09'],
    ['zero days', '2026-10-01', 0, '2026-10-01'],
  ])('when %s, then the due date is the expected one', (_label, date, n, expected) => {
    expect(addBusinessDays(date, n, NO_OVERRIDES)).toBe(expected);
  });

  it('when the DB declares the next weekday a holiday, then it is skipped', () => {
    const overrides = overridesOf({ date: '2026-03-03', kind: 'holiday', name: null });
    expect(addBusinessDays('2026-03-02', 1, overrides)).toBe('2026-03-04');
  });

  it.each([-1, 1.5, Number.NaN])('when n is %s, then it throws', (n) => {
    expect(() => addBusinessDays('2026-03-02', n, NO_OVERRIDES)).toThrow(/non-negative integer/);
  });
});

describe('calendarDataYears', () => {
  it('when asked which years chinese-days covers, then the range includes 2026', () => {
    const { first, last } = calendarDataYears();
    expect(first).toBeLessThanOrEqual(2026);
    expect(last).toBeGreaterThanOrEqual(2026);
  });
});
