// Rebuilds number_daily_stats (M4) for today and the late-outcome days before it from the call rows,
// then refreshes numbers.answer_rate, which selection's health tie-break reads (S3). Run by the
// daily-stats job.
import { addDays } from '../../domain/health/civil-date.ts';
import {
  answerRate,
  buildNumberDailyStats,
  daysToRebuild,
  totalCounts,
} from '../../domain/health/daily-stats.ts';
import {
  loadCallRecords,
  loadDailyStats,
  replaceDailyStats,
  writeAnswerRates,
} from '../../store/health/daily-stats-repository.ts';
import { loadHealthNumbers } from '../../store/numbers/number-lifecycle-repository.ts';
import { bumpReferenceVersion } from '../../store/reference/reference-repository.ts';
import type { HealthRun } from './health-run.ts';

export interface DailyStatsSummary {
  days: string[];
  calls: number;
  rows: number;
  answerRatesChanged: number;
}

export async function rollUpDailyStats(run: HealthRun): Promise<DailyStatsSummary> {
  const { knex } = run.deps.db;
  const settings = run.settings.answerRate;
  const days = daysToRebuild(run.now, run.deps.timeZone, settings);
  const calls = await loadCallRecords(knex, days, run.deps.timeZone);
  const rows = buildNumberDailyStats(calls, run.deps.timeZone, settings);
  await replaceDailyStats(knex, days, rows);

  // The recent answer rate: every attempt of the answer-rate lookback window, pooled.
  const stats = await loadDailyStats(knex, addDays(run.today, 1 - settings.lookbackDays));
  const rates = new Map<number, number | null>();
  for (const n of await loadHealthNumbers(knex))
    rates.set(n.id, answerRate(totalCounts(stats.get(n.id) ?? [])));
  const answerRatesChanged = await writeAnswerRates(knex, rates);
  if (answerRatesChanged > 0) await bumpReferenceVersion(knex, run.job, run.now);
  return { days, calls: calls.length, rows: rows.length, answerRatesChanged };
}
