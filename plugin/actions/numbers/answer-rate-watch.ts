// Answer-rate watch (M4), run by the answer-rate-watch job after the day's stats: low for 3 qualifying
// days → flagged for investigation (alert); ≥ 5 points below the number's baseline → rotated out
// (cooling, moved to the reserve tier) and a ready reserve of the same purpose and area promoted.
import { detectBaselineDrop } from '../../domain/health/baseline-drop.ts';
import { addDays } from '../../domain/health/civil-date.ts';
import { evaluateAnswerRateFlag } from '../../domain/health/answer-rate-flag.ts';
import type { DayCounts } from '../../domain/health/daily-stats.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import { placesCalls } from '../../domain/pool/pool-number.ts';
import { raiseAlert } from '../../store/health/alert-repository.ts';
import { loadDailyStats } from '../../store/health/daily-stats-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import { forNumber, type HealthRun } from './health-run.ts';
import { changeNumber } from './change-number.ts';
import { promoteReserves, type PromotionSummary } from './reserve-step.ts';

const pct = (rate: number | null): string => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

interface RotatedOut {
  numberId: number;
  baselineRate: number | null;
  recentRate: number | null;
  dropPoints: number | null;
}

export interface AnswerRateWatch {
  /** The last complete day, judged. */
  asOf: string;
  evaluated: number;
  flagged: number[];
  rotatedOut: RotatedOut[];
  promotions: PromotionSummary;
}

export async function watchAnswerRates(run: HealthRun): Promise<AnswerRateWatch> {
  const { answerRate: flagSettings, baseline } = run.settings;
  // The last complete day: today's stats are still filling.
  const asOf = addDays(run.today, -1);
  const span = Math.max(flagSettings.lookbackDays, baseline.windowDays + baseline.recentDays);
  const stats = await loadDailyStats(run.deps.db.knex, addDays(asOf, 1 - span));
  const numbers = (await loadHealthNumbers(run.deps.db.knex)).filter(placesCalls);
  const flagged: number[] = [];
  const rotatedOut: RotatedOut[] = [];
  for (const n of numbers) {
    const series = stats.get(n.id) ?? [];
    if (await flagLowRate(run, n, series, asOf)) flagged.push(n.id);
    if (n.state !== 'active') continue;
    const { minCallsPerDay, confidenceZ } = flagSettings;
    const drop = detectBaselineDrop(series, asOf, baseline, minCallsPerDay, confidenceZ);
    if (!drop.rotateOut) continue;
    const reason = `answer rate ${pct(drop.recentRate)} is ${drop.dropPoints ?? '?'} points below its baseline ${pct(drop.baselineRate)}: rotated out for a reserve`;
    await forNumber(run, n.id, async () => {
      const result = await changeNumber(run, n, { to: 'cooling', tier: 'reserve', reason });
      const { baselineRate, recentRate, dropPoints } = drop;
      if (result.ok) rotatedOut.push({ numberId: n.id, baselineRate, recentRate, dropPoints });
    });
  }
  const promotions = await promoteReserves(run);
  return { asOf, evaluated: numbers.length, flagged, rotatedOut, promotions };
}

/** Low for the configured qualifying days: an alert to investigate; true when flagged. */
async function flagLowRate(
  run: HealthRun,
  n: HealthNumber,
  series: readonly DayCounts[],
  asOf: string,
): Promise<boolean> {
  const settings = run.settings.answerRate;
  const flag = evaluateAnswerRateFlag(series, asOf, settings);
  if (!flag.flagged) return false;
  await raiseAlert(run.deps.db.knex, {
    kind: 'low-answer-rate',
    severity: 'warning',
    key: `low-answer-rate:${n.id}`,
    numberId: n.id,
    subPool: subPoolKey(n),
    job: run.job,
    message: `number ${n.e164}: answer rate below ${pct(settings.floor)} for ${settings.consecutiveDays} qualifying days (pooled ${pct(flag.pooledRate)}): investigate`,
    details: { asOf, days: flag.days },
    at: run.now,
  });
  return true;
}
