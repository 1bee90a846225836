// The daily lifecycle job (L1–L4, P4–P5): a shell over actions/numbers/lifecycle-run.ts — warm-up,
// review and release, reserve promotion, sizing alerts.
import { startHealthRun, type HealthJobDeps } from '../actions/numbers/health-run.ts';
import { runLifecycle } from '../actions/numbers/lifecycle-run.ts';
import type { JobDefinition } from './job.ts';

export function lifecycleJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'lifecycle',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'lifecycle', ctx);
      return { ...(await runLifecycle(run)), skipped: run.skipped };
    },
  };
}
