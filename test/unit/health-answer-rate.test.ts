// Answer-rate health (M4, M5): Wilson bounds, daily stats rebuilt from call rows, the low-rate flag
// (with the small-sample case that must not flag), the baseline drop and the rollups.
import { describe, expect, it } from 'vitest';
import { detectBaselineDrop } from '../../plugin/domain/health/baseline-drop.ts';
import { evaluateAnswerRateFlag } from '../../plugin/domain/health/answer-rate-flag.ts';
import type { CallRecord } from '../../plugin/domain/health/call-record.ts';
import { addDays } from '../../plugin/domain/health/civil-date.ts';
import {
  averageTalkSeconds,
  buildNumberDailyStats,
  daysToRebuild,
  shortAnsweredShare,
  type DayCounts,
} from '../../plugin/domain/health/daily-stats.ts';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import { rollupDailyStats } from '../../plugin/domain/health/stats-rollup.ts';
import { wilsonInterval } from '../../plugin/domain/health/wilson.ts';
import { at } from '../support/pool-fixtures.ts';

const RATE = DEFAULT_HEALTH_SETTINGS.answerRate;
const BASELINE = DEFAULT_HEALTH_SETTINGS.baseline;
const TZ = 'Asia/Shanghai';

let nextId = 1;
function call(over: Partial<CallRecord>): CallRecord {
  return {
    id: nextId++,
    agent: '8001',
    purpose: 'marketing',
    decision: 'allowed',
    reason: null,
    numberId: 1,
    status: 'completed',
    dryRun: false,
    decidedAt: at('2026-03-02 10:00'),
    usageDay: '2026-03-02',
    dialStatus: 'ANSWER',
    talkSeconds: 60,
    calleeProvince: '北京',
    calleeCity: '北京',
    calleeRegion: '华北',
    ...over,
  };
}

/** Day counts ending on `last`: one entry per [attempts, answered], oldest first. */
function series(last: string, days: [number, number][]): DayCounts[] {
  return days.map(([attempts, answered], i) => ({
    day: addDays(last, i - days.length + 1),
    attempts,
    answered,
  }));
}

describe('wilsonInterval', () => {
  it.each([
    [0, 0, 0, 1],
    [5, 10, 0.2366, 0.7634],
    [0, 10, 0, 0.2775],
    [60, 100, 0.502, 0.6906],
  ])('when %i of %i answered (z 1.96), then the interval is [%f, %f]', (s, n, lower, upper) => {
    const i = wilsonInterval(s, n, 1.96);
    expect(i.lower).toBeCloseTo(lower, 3);
    expect(i.upper).toBeCloseTo(upper, 3);
  });
});

describe('daily statistics', () => {
  it('when calls of several outcomes are rebuilt, then attempts, answered, talk time and short calls are counted', () => {
    const calls = [
      call({ talkSeconds: 120 }),
      call({ talkSeconds: 3 }), // very short
      call({ dialStatus: 'NOANSWER', talkSeconds: null }),
      call({ dialStatus: 'BUSY', talkSeconds: null }),
      call({ dialStatus: 'CONGESTION' }), // network: not an attempt
      call({ status: 'pending', dialStatus: null }), // outcome not known yet
      call({ status: 'released' }),
      call({ dryRun: true }),
      call({ decision: 'blocked', reason: 'DNC', numberId: null, status: 'blocked', usageDay: null }),
      call({ numberId: 2, usageDay: null, decidedAt: at('2026-03-03 09:30') }),
    ];
    const rows = buildNumberDailyStats(calls, TZ, RATE);
    expect(rows).toEqual([
      { numberId: 1, day: '2026-03-02', attempts: 4, answered: 2, talkSeconds: 123, shortAnswered: 1 },
      { numberId: 2, day: '2026-03-03', attempts: 1, answered: 1, talkSeconds: 60, shortAnswered: 0 },
    ]);
    expect(averageTalkSeconds(rows[0]!)).toBe(61.5);
    expect(shortAnsweredShare(rows[0]!)).toBe(0.5);
  });

  it('when the same calls are rebuilt twice, then the rows are the same; when a late outcome lands, it folds in', () => {
    const pending = call({ status: 'pending', dialStatus: null, talkSeconds: null });
    const before = buildNumberDailyStats([call({}), pending], TZ, RATE);
    expect(buildNumberDailyStats([call({}), pending], TZ, RATE)).toEqual(before);
    const after = buildNumberDailyStats(
      [call({}), { ...pending, status: 'completed', dialStatus: 'NOANSWER' }],
      TZ,
      RATE,
    );
    expect(before[0]).toMatchObject({ attempts: 1, answered: 1 });
    expect(after[0]).toMatchObject({ attempts: 2, answered: 1 });
  });

  it('when a call was decided at 23:30 China time, then it counts on that China day, not the UTC one', () => {
    const rows = buildNumberDailyStats(
      [call({ usageDay: null, decidedAt: at('2026-03-02 23:30') })],
      TZ,
      RATE,
    );
    expect(rows[0]?.day).toBe('2026-03-02');
  });

  it('when the job runs, then it rebuilds today and the late-outcome days before it', () => {
    expect(daysToRebuild(at('2026-03-02 00:10'), TZ, RATE)).toEqual([
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });
});

describe('low answer-rate flag', () => {
  const asOf = '2026-03-10';

  it.each([
    [
      '3 low full days (20 calls at 25%)',
      [
        [20, 5],
        [20, 5],
        [20, 5],
      ],
      true,
      'LOW_ANSWER_RATE',
    ],
    [
      '3 low days but one at exactly 40%',
      [
        [20, 5],
        [20, 8],
        [20, 5],
      ],
      false,
      'NOT_LOW_EVERY_DAY',
    ],
    [
      '2 low days only',
      [
        [20, 14],
        [20, 5],
        [20, 5],
      ],
      false,
      'NOT_LOW_EVERY_DAY',
    ],
    [
      'small days: 3 calls, none answered',
      [
        [3, 0],
        [3, 0],
        [3, 0],
        [4, 0],
      ],
      false,
      'NOT_ENOUGH_QUALIFYING_DAYS',
    ],
    [
      '10-call days at 30%: low, but not significant',
      [
        [10, 3],
        [10, 3],
        [10, 3],
      ],
      false,
      'NOT_SIGNIFICANT',
    ],
    [
      'low days with small days between',
      [
        [20, 5],
        [2, 0],
        [20, 4],
        [5, 5],
        [20, 5],
      ],
      true,
      'LOW_ANSWER_RATE',
    ],
  ] as const)('when the last days are %s, then flagged is %s (%s)', (_, days, flagged, reason) => {
    const r = evaluateAnswerRateFlag(
      series(
        asOf,
        days.map((d) => [...d]),
      ),
      asOf,
      RATE,
    );
    expect(r).toMatchObject({ flagged, reason });
  });

  it('when the low days are older than the lookback, then they do not flag today', () => {
    const old = series('2026-02-10', [
      [20, 2],
      [20, 2],
      [20, 2],
    ]);
    expect(evaluateAnswerRateFlag(old, asOf, RATE).reason).toBe('NOT_ENOUGH_QUALIFYING_DAYS');
  });

  it('when the floor and day count are configured, then they apply', () => {
    const days = series(asOf, [
      [30, 13],
      [30, 13],
    ]);
    expect(evaluateAnswerRateFlag(days, asOf, { ...RATE, floor: 0.6, consecutiveDays: 2 }).flagged).toBe(
      true,
    );
  });
});

describe('baseline drop', () => {
  const asOf = '2026-03-20';
  const steady = (rate: number, n: number, count: number): [number, number][] =>
    Array.from({ length: count }, () => [n, Math.round(n * rate)] as [number, number]);

  it('when a number at 60% falls to 30% for 3 days, then it is rotated out', () => {
    const r = detectBaselineDrop(
      series(asOf, [...steady(0.6, 20, 14), ...steady(0.3, 20, 3)]),
      asOf,
      BASELINE,
      10,
      RATE.confidenceZ,
    );
    expect(r).toMatchObject({
      rotateOut: true,
      reason: 'DROP_FROM_BASELINE',
      baselineRate: 0.6,
      recentRate: 0.3,
      dropPoints: 30,
    });
  });

  it('when the drop is 4 points, then it stays', () => {
    const r = detectBaselineDrop(
      series(asOf, [...steady(0.6, 100, 14), ...steady(0.56, 100, 3)]),
      asOf,
      BASELINE,
      10,
      RATE.confidenceZ,
    );
    expect(r).toMatchObject({ rotateOut: false, reason: 'NO_DROP', dropPoints: 4 });
  });

  it('when a 5-point drop rests on large samples, then it is rotated out', () => {
    const r = detectBaselineDrop(
      series(asOf, [...steady(0.6, 400, 14), ...steady(0.55, 400, 3)]),
      asOf,
      BASELINE,
      10,
      RATE.confidenceZ,
    );
    expect(r).toMatchObject({ rotateOut: true, dropPoints: 5 });
  });

  it('when a 5-point drop rests on 60 calls, then it is noise and stays (no flapping)', () => {
    const r = detectBaselineDrop(
      series(asOf, [...steady(0.6, 20, 14), ...steady(0.55, 20, 3)]),
      asOf,
      BASELINE,
      10,
      RATE.confidenceZ,
    );
    expect(r).toMatchObject({ rotateOut: false, reason: 'NOT_SIGNIFICANT', dropPoints: 5 });
  });

  it('when the number has too little history, then there is no baseline to compare with', () => {
    const r = detectBaselineDrop(
      series(asOf, [...steady(0.6, 20, 2), ...steady(0.1, 20, 3)]),
      asOf,
      BASELINE,
      10,
      RATE.confidenceZ,
    );
    expect(r.reason).toBe('NOT_ENOUGH_BASELINE');
  });
});

describe('rollups', () => {
  it('when calls of two agents in two regions are rolled up, then each group counts its own, blocked by reason', () => {
    const numbers = new Map([
      [1, { purpose: 'marketing' as const, region: '华北' }],
      [2, { purpose: 'service' as const, region: '华东' }],
    ]);
    const calls = [
      call({ agent: 'a' }),
      call({ agent: 'a', dialStatus: 'NOANSWER' }),
      call({ agent: 'b', numberId: 2, purpose: 'urgent' }),
      call({
        agent: 'b',
        decision: 'blocked',
        reason: 'OUTSIDE_WINDOW',
        numberId: null,
        status: 'blocked',
        calleeRegion: '华南',
      }),
      call({
        agent: 'b',
        decision: 'blocked',
        reason: 'OUTSIDE_WINDOW',
        numberId: null,
        status: 'blocked',
        calleeRegion: '华南',
      }),
    ];
    const ctx = {
      timeZone: TZ,
      numbers,
      numberPurposeFor: { service: 'service', marketing: 'marketing', urgent: 'service' } as const,
    };
    const rows = rollupDailyStats(calls, ['agent', 'subPool', 'region'], ctx, RATE);
    const pick = (dimension: string, key: string) =>
      rows.find((r) => r.dimension === dimension && r.key === key);
    expect(pick('agent', 'a')).toMatchObject({ attempts: 2, answered: 1, blocked: {} });
    expect(pick('agent', 'b')).toMatchObject({ attempts: 1, answered: 1, blocked: { OUTSIDE_WINDOW: 2 } });
    expect(pick('subPool', 'marketing/华北')).toMatchObject({ attempts: 2 });
    expect(pick('subPool', 'service/华东')).toMatchObject({ attempts: 1 });
    expect(pick('subPool', 'marketing/华南')).toMatchObject({ attempts: 0, blocked: { OUTSIDE_WINDOW: 2 } });
    expect(pick('region', '华北')).toMatchObject({ attempts: 2, answered: 1 });
  });

  it('when calls went out unchecked (fail policy), then they are counted apart, never as attempts of a pool number', () => {
    const unchecked = { decision: 'unchecked', reason: 'APP_UNAVAILABLE', numberId: null } as const;
    const calls = [
      call({ agent: 'c', ...unchecked, dialStatus: 'ANSWER' }),
      call({ agent: 'c', ...unchecked, status: 'blocked', dialStatus: null }),
      call({ agent: 'c' }),
      // A blocked decision withdrawn before it reached its channel blocked nothing.
      call({ agent: 'c', decision: 'blocked', reason: 'DNC', numberId: null, status: 'not_applied' }),
    ];
    const ctx = {
      timeZone: TZ,
      numbers: new Map([[1, { purpose: 'marketing' as const, region: '华北' }]]),
      numberPurposeFor: { service: 'service', marketing: 'marketing', urgent: 'service' } as const,
    };
    const [row] = rollupDailyStats(calls, ['agent'], ctx, RATE);
    expect(row).toMatchObject({ key: 'c', attempts: 1, answered: 1, unchecked: 1, blocked: {} });
  });
});
