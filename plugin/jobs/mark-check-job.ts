// The daily mark check job (M2, M3): a shell over actions/marks/check-pool-marks.ts — every number
// asked about at the configured mark provider, the mark rules applied, reserves promoted.
import { checkPoolMarks } from '../actions/marks/check-pool-marks.ts';
import { startHealthRun, type HealthJobDeps } from '../actions/numbers/health-run.ts';
import type { JobDefinition } from './job.ts';

export function markCheckJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'mark-check',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'mark-check', ctx);
      const provider = await deps.markProvider();
      if (provider === null) {
        ctx.logger.warn('no mark provider is configured; mark check skipped');
        return {
          providerConfigured: false,
          checked: 0,
          note: "no mark provider is configured (settings key 'mark_provider'): nothing was checked",
        };
      }
      return { ...(await checkPoolMarks(run, provider)), skipped: run.skipped };
    },
  };
}
