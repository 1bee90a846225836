// Warm-up (L2): the clean check before warming, the 5 → 10 calls/day quota, and promotion after
// N clean days with an acceptable answer rate — with a fake clock, never the wall clock.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../plugin/domain/health/civil-date.ts';
import type { DayCounts } from '../../plugin/domain/health/daily-stats.ts';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import type { MarkRecord } from '../../plugin/domain/health/mark.ts';
import {
  evaluateWarmup,
  evaluateWarmupStart,
  warmupCapOn,
  type WarmupFacts,
} from '../../plugin/domain/lifecycle/warm-up.ts';
import { at } from '../support/pool-fixtures.ts';

const WARMUP = DEFAULT_HEALTH_SETTINGS.warmup;
const TZ = 'Asia/Shanghai';
const START = at('2026-03-02 09:00');

function mark(lastSeen: string, over: Partial<MarkRecord> = {}): MarkRecord {
  return {
    numberId: 1,
    platform: '360',
    type: 'sales',
    count: 1,
    firstSeenAt: at(lastSeen),
    lastSeenAt: at(lastSeen),
    source: 'provider',
    clearedAt: null,
    ...over,
  };
}

/** `n` days of stats from the warm-up start: [attempts, answered] each. */
function days(n: number, attempts: number, answered: number): DayCounts[] {
  return Array.from({ length: n }, (_, i) => ({ day: addDays('2026-03-02', i), attempts, answered }));
}

function facts(over: Partial<WarmupFacts>): WarmupFacts {
  return {
    number: { id: 1, state: 'warming', tier: 'main' },
    warmingSince: START,
    marks: [],
    stats: days(7, 7, 4),
    now: at('2026-03-09 01:00'),
    timeZone: TZ,
    ...over,
  };
}

describe('starting warm-up', () => {
  const now = at('2026-03-02 08:00');
  const newNumber = { id: 1, state: 'new', tier: 'main' } as const;

  it.each([
    ['a clean check an hour ago', [], { checkedAt: at('2026-03-02 07:00'), status: 'ok' }, { start: true }],
    ['no check yet', [], null, { start: false, reason: 'NO_RECENT_CHECK' }],
    [
      'a clean check 3 days ago',
      [],
      { checkedAt: at('2026-02-27 07:00'), status: 'ok' },
      { start: false, reason: 'NO_RECENT_CHECK' },
    ],
    [
      'a failed check',
      [],
      { checkedAt: at('2026-03-02 07:00'), status: 'failed' },
      { start: false, reason: 'CHECK_FAILED' },
    ],
    [
      'an old mark from a previous owner',
      [mark('2025-12-01 10:00')],
      { checkedAt: at('2026-03-02 07:00'), status: 'ok' },
      { start: false, reason: 'HAS_MARKS', message: 'not clean: 360/sales×1' },
    ],
    [
      'only a cleared mark',
      [mark('2025-12-01 10:00', { clearedAt: at('2026-01-01 10:00') })],
      { checkedAt: at('2026-03-02 07:00'), status: 'ok' },
      { start: true },
    ],
  ] as const)('when a new number has %s, then %o', (_, marks, check, expected) => {
    expect(evaluateWarmupStart(newNumber, [...marks], check, now, WARMUP)).toMatchObject(expected);
  });

  it('when the number is not new, then warm-up does not start', () => {
    const r = evaluateWarmupStart(
      { ...newNumber, state: 'active' },
      [],
      { checkedAt: now, status: 'ok' },
      now,
      WARMUP,
    );
    expect(r).toMatchObject({ start: false, reason: 'NOT_NEW' });
  });
});

describe('warm-up quota', () => {
  it('when the days pass, then the quota ramps from 5 to 10 calls and stays there', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 30].map((d) => warmupCapOn(d, WARMUP))).toEqual([
      5, 6, 7, 8, 8, 9, 10, 10, 10,
    ]);
  });

  it('when the range is configured to 8–8, then it is flat', () => {
    expect(warmupCapOn(0, { ...WARMUP, minCallsPerDay: 8, maxCallsPerDay: 8 })).toBe(8);
  });
});

describe('warm-up promotion', () => {
  it('when 7 clean days passed with 49 calls at 57%, then the number is promoted', () => {
    expect(evaluateWarmup(facts({}), WARMUP)).toEqual({
      action: 'promote',
      reason: 'PROVEN',
      cleanDays: 7,
      attempts: 49,
      answerRate: 4 / 7,
      capToday: 10,
    });
  });

  it('when only 6 days passed, then it keeps warming with today’s quota', () => {
    expect(evaluateWarmup(facts({ now: at('2026-03-08 01:00') }), WARMUP)).toMatchObject({
      action: 'continue',
      reason: 'TOO_FEW_CLEAN_DAYS',
      cleanDays: 6,
      capToday: 10,
    });
  });

  it('when a mark was seen on day 3 (since cleared), then the clean days restart the day after', () => {
    const marks = [mark('2026-03-04 15:00', { clearedAt: at('2026-03-06 10:00') })];
    expect(evaluateWarmup(facts({ marks }), WARMUP)).toMatchObject({
      action: 'continue',
      reason: 'TOO_FEW_CLEAN_DAYS',
      cleanDays: 4,
    });
    expect(
      evaluateWarmup(facts({ marks, now: at('2026-03-12 01:00'), stats: days(10, 7, 4) }), WARMUP),
    ).toMatchObject({ action: 'promote', cleanDays: 7 });
  });

  it('when an open mark remains, then it is not promoted', () => {
    const marks = [mark('2026-02-20 10:00')];
    expect(evaluateWarmup(facts({ marks }), WARMUP)).toMatchObject({
      action: 'continue',
      reason: 'HAS_OPEN_MARKS',
    });
  });

  it('when the answer rate is 30%, then it keeps warming', () => {
    expect(evaluateWarmup(facts({ stats: days(7, 10, 3) }), WARMUP)).toMatchObject({
      action: 'continue',
      reason: 'LOW_ANSWER_RATE',
      answerRate: 0.3,
    });
  });

  it('when too few calls were placed to judge, then it keeps warming', () => {
    expect(evaluateWarmup(facts({ stats: days(7, 2, 2) }), WARMUP)).toMatchObject({
      action: 'continue',
      reason: 'NOT_ENOUGH_CALLS',
      attempts: 14,
    });
  });

  it('when the number is no longer warming, then nothing happens', () => {
    expect(
      evaluateWarmup(facts({ number: { id: 1, state: 'suspended', tier: 'main' } }), WARMUP).action,
    ).toBe('not-warming');
  });
});
