// Warm-up (L2) in the lifecycle job: new numbers with a recent clean mark check start warming at the
// first day's quota; warming numbers get today's quota (warmupCapOn) or, once proven, become active.
import { addDays } from '../../domain/health/civil-date.ts';
import { firstReviewDate } from '../../domain/lifecycle/periodic-review.ts';
import { evaluateWarmup, evaluateWarmupStart, warmupCapOn } from '../../domain/lifecycle/warm-up.ts';
import { loadDailyStats } from '../../store/health/daily-stats-repository.ts';
import { latestMarkChecks, loadMarksByNumber } from '../../store/health/health-facts-repository.ts';
import type { HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import { forNumber, type HealthRun } from './health-run.ts';
import { changeNumber } from './change-number.ts';

export interface WarmupSummary {
  started: number[];
  notStarted: { numberId: number; reason: string }[];
  promoted: number[];
  quotaChanged: { numberId: number; cap: number }[];
}

export async function warmUp(run: HealthRun, numbers: readonly HealthNumber[]): Promise<WarmupSummary> {
  const { knex } = run.deps.db;
  const settings = run.settings.warmup;
  const summary: WarmupSummary = { started: [], notStarted: [], promoted: [], quotaChanged: [] };
  const marks = await loadMarksByNumber(knex);
  const checks = await latestMarkChecks(knex);
  const stats = await loadDailyStats(knex, addDays(run.today, -90));
  for (const n of numbers) {
    if (n.state === 'new') {
      const start = evaluateWarmupStart(
        n,
        marks.get(n.id) ?? [],
        checks.get(n.id) ?? null,
        run.now,
        settings,
      );
      if (!start.start) {
        summary.notStarted.push({ numberId: n.id, reason: start.reason });
        continue;
      }
      await forNumber(run, n.id, async () => {
        const fields = { warmupCap: warmupCapOn(0, settings) };
        const result = await changeNumber(run, n, { to: 'warming', fields, reason: start.reason });
        if (result.ok) summary.started.push(n.id);
      });
    } else if (n.state === 'warming') {
      const progress = evaluateWarmup(
        {
          number: n,
          warmingSince: n.stateChangedAt ?? run.now,
          marks: marks.get(n.id) ?? [],
          stats: stats.get(n.id) ?? [],
          now: run.now,
          timeZone: run.deps.timeZone,
        },
        settings,
      );
      await forNumber(run, n.id, async () => {
        if (progress.action === 'promote') {
          const reason = `warm-up proven: ${progress.cleanDays} clean days, ${progress.attempts} calls at ${((progress.answerRate ?? 0) * 100).toFixed(1)}%`;
          const fields = {
            activatedOn: run.today,
            reviewDueOn: firstReviewDate(run.today, run.settings.review),
          };
          const result = await changeNumber(run, n, { to: 'active', fields, reason });
          if (result.ok) summary.promoted.push(n.id);
        } else if (progress.capToday !== n.warmupCap) {
          const reason = `warm-up quota for today: ${progress.capToday} calls`;
          const result = await changeNumber(run, n, { fields: { warmupCap: progress.capToday }, reason });
          if (result.ok) summary.quotaChanged.push({ numberId: n.id, cap: progress.capToday });
        }
      });
    }
  }
  return summary;
}
