// The 3-month review (L3) both ways, and the hold before a retired number is released.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../plugin/domain/health/civil-date.ts';
import type { DayCounts } from '../../plugin/domain/health/daily-stats.ts';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import type { MarkRecord } from '../../plugin/domain/health/mark.ts';
import {
  firstReviewDate,
  reviewNumber,
  type ReviewFacts,
} from '../../plugin/domain/lifecycle/periodic-review.ts';
import { checkRelease, releasableNumbers, releaseAfter } from '../../plugin/domain/lifecycle/retirement.ts';
import { at } from '../support/pool-fixtures.ts';

const REVIEW = DEFAULT_HEALTH_SETTINGS.review;

function marks(count: number, seen = '2026-04-15 10:00'): MarkRecord[] {
  return count === 0
    ? []
    : [
        {
          numberId: 1,
          platform: '360',
          type: 'harassment',
          count,
          firstSeenAt: at(seen),
          lastSeenAt: at(seen),
          source: 'provider',
          clearedAt: null,
        },
      ];
}

/** 90 days of 20 calls before the due date, answered at `rate`. */
function period(rate: number): DayCounts[] {
  return Array.from({ length: 90 }, (_, i) => ({
    day: addDays('2026-03-02', i),
    attempts: 20,
    answered: Math.round(20 * rate),
  }));
}

function facts(over: Partial<ReviewFacts>): ReviewFacts {
  return {
    number: { id: 1, state: 'active', tier: 'main', dailyCap: 20 },
    reviewDueOn: null,
    activatedOn: '2026-03-02',
    stats: period(0.6),
    marks: [],
    today: '2026-06-02',
    timeZone: 'Asia/Shanghai',
    ...over,
  };
}

describe('3-month review', () => {
  it('when activated on 2 March, then the first review is due on 2 June', () => {
    expect(firstReviewDate('2026-03-02', REVIEW)).toBe('2026-06-02');
    expect(firstReviewDate('2026-11-30', REVIEW)).toBe('2027-02-28');
  });

  it('when the review is not due yet, then nothing is decided', () => {
    expect(reviewNumber(facts({ today: '2026-06-01' }), REVIEW)).toEqual({
      verdict: 'not-due',
      dueOn: '2026-06-02',
    });
  });

  it('when a number had many marks and a 25% answer rate, then it is retired', () => {
    const r = reviewNumber(facts({ marks: marks(4), stats: period(0.25) }), REVIEW);
    expect(r).toMatchObject({
      verdict: 'retire',
      marksInPeriod: 4,
      answerRate: 0.25,
      reasons: ['4 marks (≥ 3) and answer rate 25.0% (< 30%)'],
    });
  });

  it('when a number had no marks and a 60% answer rate, then it is extended with its cap lowered 20 → 15', () => {
    const r = reviewNumber(facts({}), REVIEW);
    expect(r).toMatchObject({ verdict: 'extend', dailyCap: 15, nextReviewOn: '2026-09-02', answerRate: 0.6 });
  });

  it.each([
    ['many marks but a fine rate', 4, 0.6],
    ['a low rate but no marks', 0, 0.25],
    ['one mark and a fine rate', 1, 0.6],
  ])('when a number had %s, then it is watched, neither retired nor extended', (_, count, rate) => {
    expect(reviewNumber(facts({ marks: marks(count), stats: period(rate) }), REVIEW).verdict).toBe('watch');
  });

  it('when the marks were seen before the period, then they do not count', () => {
    expect(
      reviewNumber(facts({ marks: marks(5, '2026-01-10 10:00'), stats: period(0.25) }), REVIEW).verdict,
    ).toBe('watch');
  });

  it('when the number is suspended, then it is not reviewed', () => {
    expect(
      reviewNumber(facts({ number: { id: 1, state: 'suspended', tier: 'main', dailyCap: 20 } }), REVIEW)
        .verdict,
    ).toBe('not-in-use');
  });

  it('when the thresholds are configured, then they apply (retire below 40%, 2 marks are many)', () => {
    const r = reviewNumber(facts({ marks: marks(2), stats: period(0.35) }), {
      ...REVIEW,
      retireBelowAnswerRate: 0.4,
      manyMarks: 2,
      goodMinAnswerRate: 0.5,
    });
    expect(r.verdict).toBe('retire');
  });
});

describe('retirement hold', () => {
  it('when a number is retired on 2 June, then it is held 90 days and released from 31 August', () => {
    const until = releaseAfter('2026-06-02', DEFAULT_HEALTH_SETTINGS);
    expect(until).toBe('2026-08-31');
    const retired = { id: 1, state: 'retired', purpose: 'marketing', releaseAfter: until } as const;
    expect(checkRelease(retired, '2026-08-30')).toMatchObject({ releasable: false, reason: 'HELD', until });
    expect(checkRelease(retired, '2026-08-31')).toEqual({ releasable: true });
    expect(checkRelease({ ...retired, state: 'active' }, '2026-09-30')).toMatchObject({
      releasable: false,
      reason: 'NOT_RETIRED',
    });
    expect(
      releasableNumbers([retired, { ...retired, id: 2, releaseAfter: '2026-12-01' }], '2026-09-01').map(
        (n) => n.id,
      ),
    ).toEqual([1]);
  });
});
