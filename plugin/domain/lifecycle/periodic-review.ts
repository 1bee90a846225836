// The periodic review (L3): every 3 months of use, retire numbers with many marks and an answer rate
// below 30%; extend good ones with a lower cap (20 → 15); anything in between is watched.
import type { HealthSettings } from '../health/health-settings.ts';
import { addMonths, localDate } from '../health/civil-date.ts';
import { answerRate, totalCounts, type DayCounts } from '../health/daily-stats.ts';
import type { MarkRecord } from '../health/mark.ts';
import type { LifecycleNumber } from './number-transition.ts';

type ReviewSettings = HealthSettings['review'];

export interface ReviewFacts {
  number: LifecycleNumber & { dailyCap: number };
  /** numbers.review_due_on; when null the first review is a period after activation. */
  reviewDueOn: string | null;
  activatedOn: string | null;
  /** Daily counts of at least the review period. */
  stats: readonly DayCounts[];
  marks: readonly MarkRecord[];
  /** Today in the pool's time zone. */
  today: string;
  timeZone: string;
}

interface Measured {
  periodStart: string;
  marksInPeriod: number;
  answerRate: number | null;
  reasons: string[];
}

export type ReviewOutcome =
  | { verdict: 'not-due'; dueOn: string | null }
  | { verdict: 'not-in-use'; state: string }
  | ({ verdict: 'retire' } & Measured)
  | ({ verdict: 'extend'; dailyCap: number; nextReviewOn: string } & Measured)
  | ({ verdict: 'watch'; nextReviewOn: string } & Measured);

/** The first review date of a number activated on `activatedOn`. */
export function firstReviewDate(activatedOn: string, settings: ReviewSettings): string {
  return addMonths(activatedOn, settings.periodMonths);
}

export function reviewNumber(f: ReviewFacts, settings: ReviewSettings): ReviewOutcome {
  if (f.number.state !== 'active' && f.number.state !== 'cooling')
    return { verdict: 'not-in-use', state: f.number.state };
  const dueOn = f.reviewDueOn ?? (f.activatedOn === null ? null : firstReviewDate(f.activatedOn, settings));
  if (dueOn === null || f.today < dueOn) return { verdict: 'not-due', dueOn };

  const periodStart = addMonths(dueOn, -settings.periodMonths);
  // A mark seen at any time in the period counts with its full count; cleared or not.
  const marksInPeriod = f.marks
    .filter((m) => localDate(m.lastSeenAt, f.timeZone) >= periodStart)
    .reduce((sum, m) => sum + m.count, 0);
  const rate = answerRate(totalCounts(f.stats.filter((d) => d.day >= periodStart && d.day < dueOn)));
  const pct = rate === null ? 'no calls' : `${(rate * 100).toFixed(1)}%`;
  const measured = { periodStart, marksInPeriod, answerRate: rate };
  const nextReviewOn = addMonths(dueOn > f.today ? dueOn : f.today, settings.periodMonths);

  const manyMarks = marksInPeriod >= settings.manyMarks;
  const lowRate = rate !== null && rate < settings.retireBelowAnswerRate;
  if (manyMarks && lowRate) {
    const reasons = [
      `${marksInPeriod} marks (≥ ${settings.manyMarks}) and answer rate ${pct} (< ${settings.retireBelowAnswerRate * 100}%)`,
    ];
    return { verdict: 'retire', ...measured, reasons };
  }
  if (marksInPeriod <= settings.goodMaxMarks && rate !== null && rate >= settings.goodMinAnswerRate) {
    const dailyCap = Math.min(f.number.dailyCap, settings.extendedCap);
    const reasons = [
      `good: ${marksInPeriod} marks, answer rate ${pct}; extended with cap ${f.number.dailyCap} → ${dailyCap}`,
    ];
    return { verdict: 'extend', dailyCap, nextReviewOn, ...measured, reasons };
  }
  const reasons = [
    manyMarks ? `${marksInPeriod} marks (≥ ${settings.manyMarks})` : `${marksInPeriod} marks`,
    `answer rate ${pct}`,
    'neither retired nor good: watch until the next review',
  ];
  return { verdict: 'watch', nextReviewOn, ...measured, reasons };
}
