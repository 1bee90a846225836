// Appeals (A1–A2): checklist, draft → submitted → approved | rejected, due dates over National Day
// 2026, overdue alerts, and what an answer does to the number.
import { describe, expect, it } from 'vitest';
import {
  answerAppeal,
  openAppeal,
  setMaterial,
  submitAppeal,
  type Appeal,
} from '../../plugin/domain/appeals/appeal.ts';
import { deadlineStatus, overdueAppeals } from '../../plugin/domain/appeals/appeal-deadline.ts';
import { appealOutcomeEffects, type AppealOutcomeFacts } from '../../plugin/domain/appeals/appeal-outcome.ts';
import type { CalendarOverride } from '../../plugin/domain/calendar/day-kind.ts';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import type { MarkRecord } from '../../plugin/domain/health/mark.ts';
import { at } from '../support/pool-fixtures.ts';

const S = DEFAULT_HEALTH_SETTINGS;
const TZ = 'Asia/Shanghai';
const CALENDAR: ReadonlyMap<string, CalendarOverride> = new Map();

function draft(over: Partial<{ numberId: number; platform: string; urgent: boolean }> = {}): Appeal {
  const r = openAppeal(
    { numberId: 5, platform: 'tencent', urgent: false, createdBy: 'alice', ...over },
    [],
    S,
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.appeal;
}

function complete(a: Appeal): Appeal {
  return { ...a, materials: Object.fromEntries(Object.keys(a.materials).map((k) => [k, true])) };
}

function submitted(localTime: string): Appeal {
  const r = submitAppeal(complete(draft()), { now: at(localTime), timeZone: TZ, calendar: CALENDAR }, S);
  if (!r.ok) throw new Error(r.error.message);
  return r.appeal;
}

describe('appeal workflow', () => {
  it('when an appeal is opened, then it is a draft with the configured checklist unticked', () => {
    expect(draft()).toMatchObject({
      status: 'draft',
      materials: { 营业执照: false, 号码使用证明: false, 业务合法性说明: false },
    });
  });

  it('when an appeal is already open for the number on that platform, then a second is refused', () => {
    const r = openAppeal(
      { numberId: 5, platform: 'tencent', urgent: true, createdBy: 'job' },
      [{ ...draft(), id: 3 }],
      S,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'APPEAL_ALREADY_OPEN' } });
  });

  it('when the platform is not configured, then the appeal is refused', () => {
    expect(openAppeal({ numberId: 5, platform: 'hiya', urgent: false, createdBy: 'a' }, [], S)).toMatchObject(
      { ok: false, error: { code: 'UNKNOWN_PLATFORM' } },
    );
  });

  it('when a material is missing, then submission is refused naming it', () => {
    const one = setMaterial(draft(), '营业执照', true);
    const r = one.ok
      ? submitAppeal(one.appeal, { now: at('2026-03-02 10:00'), timeZone: TZ, calendar: CALENDAR }, S)
      : one;
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'MATERIALS_MISSING', missing: ['号码使用证明', '业务合法性说明'] },
    });
  });

  it('when a material is not on the checklist, then it is refused', () => {
    expect(setMaterial(draft(), '身份证', true)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_MATERIAL' },
    });
  });

  it.each([
    ['Monday 2 March 2026', '2026-03-05', '2026-03-02 10:00'],
    ['Friday 6 March 2026', '2026-03-11', '2026-03-06 17:00'],
    ['Wednesday 30 September 2026, the eve of National Day', '2026-10-10', '2026-09-30 16:00'],
    ['Tuesday 29 September 2026', '2026-10-09', '2026-09-29 11:00'],
  ])('when submitted on %s, then the reply is due 3 business days later, on %s', (_, due, when) => {
    expect(submitted(when)).toMatchObject({ status: 'submitted', submittedAt: at(when), dueOn: due });
  });

  it('when answered, then the status and date are recorded; answering twice is refused', () => {
    const r = answerAppeal(submitted('2026-03-02 10:00'), 'approved', {
      now: at('2026-03-04 10:00'),
      note: 'removed',
    });
    expect(r).toMatchObject({
      ok: true,
      appeal: { status: 'approved', answeredAt: at('2026-03-04 10:00'), outcomeNote: 'removed' },
    });
    if (r.ok)
      expect(answerAppeal(r.appeal, 'rejected', { now: at('2026-03-05 10:00'), note: null })).toMatchObject({
        ok: false,
        error: { code: 'ILLEGAL_APPEAL_TRANSITION' },
      });
    expect(answerAppeal(draft(), 'approved', { now: at('2026-03-04 10:00'), note: null })).toMatchObject({
      ok: false,
    });
  });
});

describe('overdue appeals over National Day 2026', () => {
  const appeal = { ...submitted('2026-09-30 16:00'), id: 1 };

  it.each([
    ['2026-10-05', 'on-time'], // a naive +3 days would already call it late
    ['2026-10-09', 'on-time'],
    ['2026-10-10', 'due-today'], // Saturday, a make-up workday (调休)
    ['2026-10-11', 'overdue'],
  ] as const)('when today is %s, then the appeal is %s', (today, status) => {
    expect(deadlineStatus(appeal, today)).toBe(status);
  });

  it('when several are late, then urgent ones come first with the days late', () => {
    // Friday 9 October → Saturday 10 (调休), Monday 12, Tuesday 13.
    const urgent = { ...submitted('2026-10-09 10:00'), id: 2, urgent: true, numberId: 6 };
    const list = overdueAppeals([appeal, urgent, { ...draft(), id: 3 }], '2026-10-20');
    expect(list.map((o) => [o.appeal.id, o.daysLate])).toEqual([
      [2, 7],
      [1, 10],
    ]);
    expect(list[0]?.message).toBe('urgent appeal for number 6 on tencent was due 2026-10-13: 7 day(s) late');
  });
});

describe('appeal outcome', () => {
  const marks: MarkRecord[] = [
    {
      numberId: 5,
      platform: 'tencent',
      type: 'harassment',
      count: 7,
      firstSeenAt: at('2026-03-01 10:00'),
      lastSeenAt: at('2026-03-02 10:00'),
      source: 'provider',
      clearedAt: null,
    },
    {
      numberId: 5,
      platform: 'baidu',
      type: 'sales',
      count: 1,
      firstSeenAt: at('2026-03-01 10:00'),
      lastSeenAt: at('2026-03-02 10:00'),
      source: 'provider',
      clearedAt: null,
    },
  ];
  const facts = (
    status: 'approved' | 'rejected',
    over: Partial<AppealOutcomeFacts> = {},
  ): AppealOutcomeFacts => ({
    appeal: { ...submitted('2026-03-02 10:00'), id: 1, status },
    number: { id: 5, state: 'appealing' },
    outSince: at('2026-03-02 09:00'),
    marks,
    otherAppeals: [],
    now: at('2026-03-05 10:00'),
    timeZone: TZ,
    ...over,
  });

  it('when approved after 3 days out, then the platform’s marks are cleared and the number is active again', () => {
    const e = appealOutcomeEffects(facts('approved'), S);
    expect(e.transition).toEqual({
      to: 'active',
      reason: 'appeal on tencent approved, marks cleared; out 3 days: back in service',
    });
    expect(e.marks.map((m) => [m.platform, m.clearedAt])).toEqual([
      ['tencent', at('2026-03-05 10:00')],
      ['baidu', null],
    ]);
  });

  it('when approved after 20 days out, then the number goes back through warm-up', () => {
    const e = appealOutcomeEffects(facts('approved', { now: at('2026-03-22 10:00') }), S);
    expect(e).toMatchObject({ daysOut: 20, transition: { to: 'warming' } });
  });

  it('when approved but another platform’s appeal is still open, then the number stays appealing', () => {
    const other = { ...draft({ platform: 'baidu' }), id: 2, status: 'submitted' as const };
    expect(appealOutcomeEffects(facts('approved', { otherAppeals: [other] }), S).transition).toBeNull();
  });

  it('when approved but a fraud mark remains on another platform, then it stays out', () => {
    const fraud = { ...marks[1]!, type: 'fraud' as const };
    const e = appealOutcomeEffects(facts('approved', { marks: [marks[0]!, fraud] }), S);
    expect(e).toMatchObject({ transition: null, stillMarked: 'open fraud mark on baidu' });
  });

  it('when rejected, then the number stays out (suspended) and retirement is suggested', () => {
    const e = appealOutcomeEffects(facts('rejected'), S);
    expect(e).toMatchObject({ transition: { to: 'suspended' }, retireSuggested: true, marks });
  });
});
