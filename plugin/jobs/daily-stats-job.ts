// The daily-stats job (M4): a shell over actions/numbers/daily-stats-rollup.ts — the day's stats
// rebuilt from the call rows and the answer rates selection reads refreshed.
import { startHealthRun, type HealthJobDeps } from '../actions/numbers/health-run.ts';
import { rollUpDailyStats } from '../actions/numbers/daily-stats-rollup.ts';
import type { JobDefinition } from './job.ts';

export function dailyStatsJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'daily-stats',
    schedule,
    async run(ctx) {
      return { ...(await rollUpDailyStats(await startHealthRun(deps, 'daily-stats', ctx))) };
    },
  };
}
