// What the administrator's actions accept before they touch the store: the instant and route of a
// decision request, and one calendar day (real date, holiday or workday, a one-line name).
import { describe, expect, it } from 'vitest';
import { calendarDate, calendarOverride } from '../../plugin/actions/calendar/calendar-day-input.ts';
import { isRouteName, parseInstant } from '../../plugin/actions/decide/decide-input.ts';
import { AppError } from '../../plugin/errors/index.ts';

function refusal(act: () => unknown): AppError {
  try {
    act();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('decision request input', () => {
  it.each([
    ['2026-10-01T10:00+08:00', '2026-10-01T02:00:00.000Z'],
    ['2026-03-02T02:00:07Z', '2026-03-02T02:00:07.000Z'],
    ['2026-03-02T23:59:59.5-05:00', '2026-03-03T04:59:59.500Z'],
  ])('when the time is %s, then it is the instant %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([['2026-02-30T10:00+08:00'], ['2026-10-01T10:00'], ['2026-10-01 10:00+08:00'], ['tomorrow'], ['']])(
    'when the time is %j, then it is refused',
    (text) => {
      expect(parseInstant(text)).toBeNull();
    },
  );

  it('when a route has a space or is too long, then it is no route name', () => {
    expect([isRouteName('trunk-bj_1.a'), isRouteName('trunk bj'), isRouteName('r'.repeat(65))]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('calendar day input', () => {
  it('when the name has spaces around it, then it is trimmed, and an empty one is no name', () => {
    expect(calendarOverride({ date: '2026-03-10', kind: 'holiday', name: ' 公司 年会 ' })).toEqual({
      date: '2026-03-10',
      kind: 'holiday',
      name: '公司 年会',
    });
    expect(calendarOverride({ date: '2026-03-10', kind: 'workday', name: '  ' }).name).toBeNull();
  });

  it.each([
    [
      'a NUL byte',
      'Spring\u0000Festival',
      'NUMPOOL_INVALID_TEXT',
      /calendar name holds a control character \(U\+0000\) at column 7/,
    ],
    ['a line break', 'Spring\nFestival', 'NUMPOOL_INVALID_TEXT', /U\+000A/],
    ['65 characters', 'x'.repeat(65), 'NUMPOOL_INVALID_TEXT', /at most 64/],
  ])('when the name holds %s, then it is refused', (_what, name, code, message) => {
    const error = refusal(() => calendarOverride({ date: '2026-03-10', kind: 'holiday', name }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('when the kind or the date is wrong, then the error says what is needed', () => {
    expect(() => calendarOverride({ date: '2026-03-10', kind: 'vacation', name: null })).toThrow(
      /calendar set needs holiday or workday \(got 'vacation'\)/,
    );
    const error = refusal(() => calendarDate('calendar remove', '2027-02-30'));
    expect(error.code).toBe('NUMPOOL_INVALID_INPUT');
    expect(error.message).toMatch(/^calendar remove needs a date YYYY-MM-DD/);
  });
});
