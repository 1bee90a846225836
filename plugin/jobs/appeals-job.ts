// The appeals job (A1, A2), nightly: a shell over the appeal effects (actions/appeals/appeal-effects.ts)
// — submitted appeals make suspended numbers appealing, answers apply once, overdue ones alert.
import { applyAppealEffects } from '../actions/appeals/appeal-effects.ts';
import { startHealthRun, type HealthJobDeps } from '../actions/numbers/health-run.ts';
import type { JobDefinition } from './job.ts';

export function appealsJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'appeals',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'appeals', ctx);
      const effects = await applyAppealEffects(run);
      return { ...effects, skipped: run.skipped };
    },
  };
}
