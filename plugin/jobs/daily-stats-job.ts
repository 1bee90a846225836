// Rebuilds number_daily_stats (M4) for today and the late-outcome days before it from the call rows,
// then refreshes numbers.answer_rate, which selection's health tie-break reads (S3).
import { addDays } from '../domain/health/civil-date.ts';
import {
  answerRate,
  buildNumberDailyStats,
  daysToRebuild,
  totalCounts,
} from '../domain/health/daily-stats.ts';
import {
  loadCallRecords,
  loadDailyStats,
  replaceDailyStats,
  writeAnswerRates,
} from '../store/health/daily-stats-repository.ts';
import { loadHealthNumbers } from '../store/numbers/number-lifecycle-repository.ts';
import { bumpReferenceVersion } from '../store/reference/reference-repository.ts';
import { startHealthRun, type HealthJobDeps } from './health-run.ts';
import type { JobDefinition } from './job.ts';

export function dailyStatsJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'daily-stats',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'daily-stats', ctx);
      const { knex } = deps.db;
      const settings = run.settings.answerRate;
      const days = daysToRebuild(run.now, deps.timeZone, settings);
      const calls = await loadCallRecords(knex, days, deps.timeZone);
      const rows = buildNumberDailyStats(calls, deps.timeZone, settings);
      await replaceDailyStats(knex, days, rows);

      // The recent answer rate: every attempt of the answer-rate lookback window, pooled.
      const stats = await loadDailyStats(knex, addDays(run.today, 1 - settings.lookbackDays));
      const rates = new Map<number, number | null>();
      for (const n of await loadHealthNumbers(knex))
        rates.set(n.id, answerRate(totalCounts(stats.get(n.id) ?? [])));
      const answerRatesChanged = await writeAnswerRates(knex, rates);
      if (answerRatesChanged > 0) await bumpReferenceVersion(knex, run.job, run.now);
      return { days, calls: calls.length, rows: rows.length, answerRatesChanged };
    },
  };
}
