// Unit tests for the call-time window: quiet hours, holidays, weekends, make-up workdays, DB
// overrides, per-province narrowing and the admin schema. Fixed instants only.
import { describe, expect, it } from 'vitest';
import {
  checkCallWindow,
  DEFAULT_WINDOW_POLICY,
  stricterOf,
  windowPolicySchema,
} from '../../plugin/domain/calendar/call-window.ts';
import type { WindowPolicy } from '../../plugin/domain/calendar/call-window.ts';
import type { CalendarOverride } from '../../plugin/domain/calendar/day-kind.ts';

const NO_OVERRIDES: ReadonlyMap<string, CalendarOverride> = new Map();

function overridesOf(...rows: CalendarOverride[]): ReadonlyMap<string, CalendarOverride> {
  return new Map(rows.map((row) => [row.date, row]));
}

/** Verdict code, or 'ok', for an instant under the default policy. */
function outcome(
  iso: string,
  policy: WindowPolicy = DEFAULT_WINDOW_POLICY,
  overrides = NO_OVERRIDES,
): string {
  const verdict = checkCallWindow(new Date(iso), policy, overrides);
  return verdict.ok ? 'ok' : verdict.code;
}

describe('checkCallWindow with the default policy', () => {
  it.each([
    ['the 2026-02-28 make-up Saturday at 10:00', '2026-02-28T10:00:00+08:00', 'ok'],
    ['National Day 2026-10-01 at 10:00', '2026-10-01T10:00:00+08:00', 'HOLIDAY'],
    ['the Thursday after National Day week (2026-10-08) at 10:00', '2026-10-08T10:00:00+08:00', 'ok'],
    ['the 2026-10-10 make-up Saturday at 15:00', '2026-10-10T15:00:00+08:00', 'ok'],
    ['an ordinary Saturday at 10:00', '2026-03-07T10:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['an ordinary Sunday at 15:00', '2026-03-08T15:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 07:59', '2026-03-02T07:59:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 08:59', '2026-03-02T08:59:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 09:00', '2026-03-02T09:00:00+08:00', 'ok'],
    ['Monday 11:59:59', '2026-03-02T11:59:59+08:00', 'ok'],
    ['Monday 12:00', '2026-03-02T12:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 13:59', '2026-03-02T13:59:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 14:00', '2026-03-02T14:00:00+08:00', 'ok'],
    ['Monday 17:59', '2026-03-02T17:59:00+08:00', 'ok'],
    ['Monday 18:00', '2026-03-02T18:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['Monday 21:30', '2026-03-02T21:30:00+08:00', 'OUTSIDE_WINDOW'],
    ['UTC 2026-03-02T01:30Z (09:30 in Shanghai)', '2026-03-02T01:30:00Z', 'ok'],
    ['UTC 2026-03-02T00:59Z (08:59 in Shanghai)', '2026-03-02T00:59:00Z', 'OUTSIDE_WINDOW'],
    ['UTC 2026-09-30T16:30Z (00:30 on National Day in Shanghai)', '2026-09-30T16:30:00Z', 'OUTSIDE_WINDOW'],
  ])('when it is %s, then the verdict is %s', (_label, iso, expected) => {
    expect(outcome(iso)).toBe(expected);
  });

  it('when a UTC instant is checked, then the verdict carries the callee-local time', () => {
    const verdict = checkCallWindow(new Date('2026-03-02T01:30:00Z'), DEFAULT_WINDOW_POLICY, NO_OVERRIDES);
    expect(verdict.local).toEqual({ date: '2026-03-02', minutes: 570, weekday: 1, hhmm: '09:30' });
    expect(verdict.day).toEqual({ date: '2026-03-02', kind: 'workday', name: null, source: 'chinese-days' });
  });
});

describe('checkCallWindow messages', () => {
  it.each([
    [
      'quiet hours',
      '2026-03-02T21:30:00+08:00',
      'Quiet hours 21:00–08:00: no outbound calls (callee local time 21:30, Asia/Shanghai)',
    ],
    [
      'a statutory holiday',
      '2026-10-01T10:00:00+08:00',
      'Statutory holiday 国庆节 (2026-10-01): no outbound calls (callee local time 10:00, Asia/Shanghai)',
    ],
    [
      'a weekend',
      '2026-03-07T10:00:00+08:00',
      'Weekend (Saturday 2026-03-07): no outbound calls (callee local time 10:00, Asia/Shanghai)',
    ],
    [
      'the lunch gap',
      '2026-03-02T12:30:00+08:00',
      'Outside calling hours on 2026-03-02 (callee local time 12:30, Asia/Shanghai); allowed 09:00–12:00, 14:00–18:00',
    ],
  ])('when blocked by %s, then the message explains it in callee-local time', (_label, iso, message) => {
    const verdict = checkCallWindow(new Date(iso), DEFAULT_WINDOW_POLICY, NO_OVERRIDES);
    expect(verdict.ok ? null : verdict.message).toBe(message);
  });

  it('when a holiday falls in quiet hours, then quiet hours are reported first', () => {
    const verdict = checkCallWindow(
      new Date('2026-10-01T22:00:00+08:00'),
      DEFAULT_WINDOW_POLICY,
      NO_OVERRIDES,
    );
    expect(verdict.ok ? null : [verdict.code, verdict.message.startsWith('Quiet hours')]).toEqual([
      'OUTSIDE_WINDOW',
      true,
    ]);
  });
});

describe('checkCallWindow with policy variations', () => {
  const allDay: WindowPolicy = {
    ...DEFAULT_WINDOW_POLICY,
    workdayWindows: [{ from: '00:00', to: '24:00' }],
    weekendWindows: [{ from: '00:00', to: '24:00' }],
    holidayWindows: [{ from: '00:00', to: '24:00' }],
  };

  it.each([
    ['a workday at 22:00', '2026-03-02T22:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['a workday at 07:00', '2026-03-02T07:00:00+08:00', 'OUTSIDE_WINDOW'],
    ['a workday at 08:00', '2026-03-02T08:00:00+08:00', 'ok'],
    ['a workday at 20:59', '2026-03-02T20:59:00+08:00', 'ok'],
    ['a Saturday at 10:00', '2026-03-07T10:00:00+08:00', 'ok'],
    ['National Day at 10:00', '2026-10-01T10:00:00+08:00', 'ok'],
  ])('when windows say all day and it is %s, then quiet hours still decide (%s)', (_label, iso, expected) => {
    expect(outcome(iso, allDay)).toBe(expected);
  });

  it('when holiday windows are set but the time is outside them, then the verdict is HOLIDAY naming them', () => {
    const policy = { ...DEFAULT_WINDOW_POLICY, holidayWindows: [{ from: '10:00', to: '11:00' }] };
    const verdict = checkCallWindow(new Date('2026-10-01T15:00:00+08:00'), policy, NO_OVERRIDES);
    expect(verdict.ok ? null : [verdict.code, verdict.message]).toEqual([
      'HOLIDAY',
      'Statutory holiday 国庆节 (2026-10-01): no outbound calls (callee local time 15:00, Asia/Shanghai; allowed only 10:00–11:00)',
    ]);
  });

  it('when the policy zone is unknown, then checking throws', () => {
    const policy = { ...DEFAULT_WINDOW_POLICY, timeZone: 'Asia/Nowhere' };
    expect(() => checkCallWindow(new Date('2026-03-02T01:30:00Z'), policy, NO_OVERRIDES)).toThrow(
      /Unknown time zone/,
    );
  });
});

describe('checkCallWindow with DB calendar overrides', () => {
  it('when the DB marks a normal Tuesday as a holiday, then calls are blocked with its name', () => {
    const overrides = overridesOf({ date: '2026-03-03', kind: 'holiday', name: '公司年会' });
    const verdict = checkCallWindow(new Date('2026-03-03T10:00:00+08:00'), DEFAULT_WINDOW_POLICY, overrides);
    expect(verdict.ok ? null : [verdict.code, verdict.message]).toEqual([
      'HOLIDAY',
      'Holiday 公司年会 (2026-03-03): no outbound calls (callee local time 10:00, Asia/Shanghai)',
    ]);
  });

  it.each<[string, string, CalendarOverride, string]>([
    [
      'a DB workday on a Sunday',
      '2026-03-08T10:00:00+08:00',
      { date: '2026-03-08', kind: 'workday', name: null },
      'ok',
    ],
    [
      'a DB workday on National Day',
      '2026-10-01T10:00:00+08:00',
      { date: '2026-10-01', kind: 'workday', name: null },
      'ok',
    ],
    [
      'a DB holiday on a make-up Saturday',
      '2026-02-28T10:00:00+08:00',
      { date: '2026-02-28', kind: 'holiday', name: null },
      'HOLIDAY',
    ],
    [
      'a DB workday on a Sunday, at 12:30',
      '2026-03-08T12:30:00+08:00',
      { date: '2026-03-08', kind: 'workday', name: null },
      'OUTSIDE_WINDOW',
    ],
  ])('when there is %s, then the override wins (%s)', (_label, iso, override, expected) => {
    expect(outcome(iso, DEFAULT_WINDOW_POLICY, overridesOf(override))).toBe(expected);
  });
});

describe('stricterOf', () => {
  const base = DEFAULT_WINDOW_POLICY;

  it.each<[string, Partial<WindowPolicy>, Partial<WindowPolicy>]>([
    ['no override', {}, {}],
    [
      'partly overlapping workday windows',
      {
        workdayWindows: [
          { from: '08:00', to: '10:00' },
          { from: '15:00', to: '20:00' },
        ],
      },
      {
        workdayWindows: [
          { from: '09:00', to: '10:00' },
          { from: '15:00', to: '18:00' },
        ],
      },
    ],
    ['wider workday windows', { workdayWindows: [{ from: '07:00', to: '22:00' }] }, {}],
    ['no workday windows at all', { workdayWindows: [] }, { workdayWindows: [] }],
    ['weekend windows the base does not allow', { weekendWindows: [{ from: '10:00', to: '12:00' }] }, {}],
    ['holiday windows the base does not allow', { holidayWindows: [{ from: '10:00', to: '12:00' }] }, {}],
    [
      'longer quiet hours',
      { quietHours: { from: '20:00', to: '09:00' } },
      { quietHours: { from: '20:00', to: '09:00' } },
    ],
    ['shorter quiet hours', { quietHours: { from: '22:00', to: '07:00' } }, {}],
    [
      'quiet hours over the morning window, apart from the base ones',
      { quietHours: { from: '11:00', to: '12:30' } },
      {
        workdayWindows: [
          { from: '09:00', to: '11:00' },
          { from: '14:00', to: '18:00' },
        ],
      },
    ],
    ['the same time zone', { timeZone: 'Asia/Shanghai' }, {}],
  ])('when the override has %s, then the result is the base narrowed by it', (_label, override, changes) => {
    expect(stricterOf(base, override)).toEqual({ ...base, ...changes });
  });

  it('when the override tries to change the time zone, then it throws', () => {
    expect(() => stricterOf(base, { timeZone: 'Asia/Tokyo' })).toThrow(/cannot change the time zone/);
  });

  it.each<[string, Partial<WindowPolicy>]>([
    [
      'wider windows everywhere',
      { workdayWindows: [{ from: '00:00', to: '24:00' }], weekendWindows: [{ from: '00:00', to: '24:00' }] },
    ],
    ['shorter quiet hours', { quietHours: { from: '23:00', to: '06:00' } }],
    [
      'shifted windows',
      {
        workdayWindows: [
          { from: '10:30', to: '13:00' },
          { from: '17:00', to: '23:00' },
        ],
      },
    ],
    ['midday quiet hours', { quietHours: { from: '10:00', to: '15:00' } }],
  ])('when the override has %s, then no minute of a workday or weekend opens up', (_label, override) => {
    const stricter = stricterOf(base, override);
    const widened: string[] = [];
    for (const day of ['2026-03-02', '2026-03-07']) {
      for (let minute = 0; minute < 1440; minute += 1) {
        const instant = new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000).toISOString();
        if (outcome(instant, stricter) === 'ok' && outcome(instant, base) !== 'ok') widened.push(instant);
      }
    }
    expect(widened).toEqual([]);
  });
});

describe('windowPolicySchema', () => {
  it('when given the default policy, then it accepts it unchanged', () => {
    expect(windowPolicySchema.parse(DEFAULT_WINDOW_POLICY)).toEqual(DEFAULT_WINDOW_POLICY);
  });

  it.each<[string, Partial<WindowPolicy>]>([
    ['a one-digit hour', { workdayWindows: [{ from: '9:00', to: '12:00' }] }],
    ['a time after 24:00', { workdayWindows: [{ from: '09:00', to: '24:01' }] }],
    ['a range ending before it starts', { weekendWindows: [{ from: '14:00', to: '09:00' }] }],
    ['an empty range', { holidayWindows: [{ from: '10:00', to: '10:00' }] }],
    ['an unknown time zone', { timeZone: 'Asia/Atlantis' }],
    ['quiet hours of zero length', { quietHours: { from: '21:00', to: '21:00' } }],
    ['malformed quiet hours', { quietHours: { from: '21h', to: '08:00' } }],
  ])('when the policy has %s, then it is rejected', (_label, change) => {
    expect(windowPolicySchema.safeParse({ ...DEFAULT_WINDOW_POLICY, ...change }).success).toBe(false);
  });

  it('when a range ends at 24:00 and quiet hours wrap midnight, then it is accepted', () => {
    const policy = { ...DEFAULT_WINDOW_POLICY, workdayWindows: [{ from: '14:00', to: '24:00' }] };
    expect(windowPolicySchema.safeParse(policy).success).toBe(true);
  });

  it('when a province override gives only some fields, then the partial schema accepts it', () => {
    const override = { workdayWindows: [{ from: '09:30', to: '11:30' }] };
    expect(windowPolicySchema.partial().parse(override)).toEqual(override);
  });
});
