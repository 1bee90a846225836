// The 3-month review (L3) and the release of retired numbers after their hold, in the lifecycle job:
// retire (many marks, low rate), extend with the lower cap (20 → 15), or watch until the next review.
import { addMonths } from '../../domain/health/civil-date.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import { reviewNumber } from '../../domain/lifecycle/periodic-review.ts';
import { releasableNumbers, releaseAfter } from '../../domain/lifecycle/retirement.ts';
import { raiseAlert } from '../../store/health/alert-repository.ts';
import { loadDailyStats } from '../../store/health/daily-stats-repository.ts';
import { loadMarksByNumber } from '../../store/health/health-facts-repository.ts';
import type { HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import { forNumber, type HealthRun } from './health-run.ts';
import { changeNumber } from './change-number.ts';

export interface ReviewSummary {
  retired: number[];
  extended: { numberId: number; dailyCap: number }[];
  watched: number[];
  released: number[];
}

export async function reviewAndRelease(
  run: HealthRun,
  numbers: readonly HealthNumber[],
): Promise<ReviewSummary> {
  const { knex } = run.deps.db;
  const summary: ReviewSummary = { retired: [], extended: [], watched: [], released: [] };
  const marks = await loadMarksByNumber(knex);
  const stats = await loadDailyStats(knex, addMonths(run.today, -2 * run.settings.review.periodMonths));
  for (const n of numbers) {
    const outcome = reviewNumber(
      {
        number: n,
        reviewDueOn: n.reviewDueOn,
        activatedOn: n.activatedOn,
        stats: stats.get(n.id) ?? [],
        marks: marks.get(n.id) ?? [],
        today: run.today,
        timeZone: run.deps.timeZone,
      },
      run.settings.review,
    );
    if (outcome.verdict === 'not-due' || outcome.verdict === 'not-in-use') continue;
    const reason = `3-month review: ${outcome.reasons.join('; ')}`;
    await forNumber(run, n.id, async () => {
      if (outcome.verdict === 'retire') {
        const fields = { releaseAfter: releaseAfter(run.today, run.settings), reviewDueOn: null };
        const result = await changeNumber(run, n, { to: 'retired', fields, reason });
        if (result.ok) summary.retired.push(n.id);
      } else if (outcome.verdict === 'extend') {
        const fields = { dailyCap: outcome.dailyCap, reviewDueOn: outcome.nextReviewOn };
        const result = await changeNumber(run, n, { fields, reason });
        if (result.ok) summary.extended.push({ numberId: n.id, dailyCap: outcome.dailyCap });
      } else {
        const result = await changeNumber(
          run,
          n,
          { fields: { reviewDueOn: outcome.nextReviewOn }, reason },
          async (trx) => {
            await raiseAlert(trx, {
              kind: 'review-watch',
              severity: 'info',
              key: `review-watch:${n.id}:${outcome.periodStart}`,
              numberId: n.id,
              subPool: subPoolKey(n),
              job: run.job,
              message: `number ${n.e164}: ${reason}`,
              at: run.now,
            });
          },
        ).then((r) => r);
        if (result.ok) summary.watched.push(n.id);
      }
    });
  }
  for (const n of releasableNumbers(numbers, run.today)) {
    await forNumber(run, n.id, async () => {
      const reason = `released after the hold that ended ${n.releaseAfter ?? 'at retirement'}`;
      const result = await changeNumber(run, n, { fields: { releasedOn: run.today }, reason });
      if (result.ok) summary.released.push(n.id);
    });
  }
  return summary;
}
