// Answer-rate watch (M4), run after the day's stats: low for 3 qualifying days → flagged for
// investigation (alert); ≥ 5 points below the number's baseline → rotated out (cooling, moved to the
// reserve tier) and a ready reserve of the same purpose and area promoted in its place.
import { detectBaselineDrop } from '../domain/health/baseline-drop.ts';
import { addDays } from '../domain/health/civil-date.ts';
import { evaluateAnswerRateFlag } from '../domain/health/answer-rate-flag.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import { raiseAlert } from '../store/health/alert-repository.ts';
import { loadDailyStats } from '../store/health/daily-stats-repository.ts';
import { loadHealthNumbers } from '../store/numbers/number-lifecycle-repository.ts';
import { forNumber, startHealthRun, type HealthJobDeps } from './health-run.ts';
import type { JobDefinition } from './job.ts';
import { changeNumber } from './number-change.ts';
import { promoteReserves } from './reserve-step.ts';

const pct = (rate: number | null): string => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

export function answerRateJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'answer-rate-watch',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'answer-rate-watch', ctx);
      const { answerRate: flagSettings, baseline } = run.settings;
      // The last complete day: today's stats are still filling.
      const asOf = addDays(run.today, -1);
      const span = Math.max(flagSettings.lookbackDays, baseline.windowDays + baseline.recentDays);
      const stats = await loadDailyStats(deps.db.knex, addDays(asOf, 1 - span));
      const numbers = (await loadHealthNumbers(deps.db.knex)).filter(
        (n) => n.tier === 'main' && (n.state === 'active' || n.state === 'warming'),
      );
      const flagged: number[] = [];
      const rotatedOut: {
        numberId: number;
        baselineRate: number | null;
        recentRate: number | null;
        dropPoints: number | null;
      }[] = [];
      for (const n of numbers) {
        const series = stats.get(n.id) ?? [];
        const flag = evaluateAnswerRateFlag(series, asOf, flagSettings);
        if (flag.flagged) {
          flagged.push(n.id);
          await raiseAlert(deps.db.knex, {
            kind: 'low-answer-rate',
            severity: 'warning',
            key: `low-answer-rate:${n.id}`,
            numberId: n.id,
            subPool: subPoolKey(n),
            job: run.job,
            message: `number ${n.e164}: answer rate below ${pct(flagSettings.floor)} for ${flagSettings.consecutiveDays} qualifying days (pooled ${pct(flag.pooledRate)}): investigate`,
            details: { asOf, days: flag.days },
            at: run.now,
          });
        }
        if (n.state !== 'active') continue;
        const drop = detectBaselineDrop(
          series,
          asOf,
          baseline,
          flagSettings.minCallsPerDay,
          flagSettings.confidenceZ,
        );
        if (!drop.rotateOut) continue;
        const reason = `answer rate ${pct(drop.recentRate)} is ${drop.dropPoints ?? '?'} points below its baseline ${pct(drop.baselineRate)}: rotated out for a reserve`;
        await forNumber(run, n.id, async () => {
          const result = await changeNumber(run, n, { to: 'cooling', tier: 'reserve', reason });
          if (result.ok)
            rotatedOut.push({
              numberId: n.id,
              baselineRate: drop.baselineRate,
              recentRate: drop.recentRate,
              dropPoints: drop.dropPoints,
            });
        });
      }
      const promotions = await promoteReserves(run);
      return { asOf, evaluated: numbers.length, flagged, rotatedOut, promotions, skipped: run.skipped };
    },
  };
}
