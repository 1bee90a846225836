// The daily lifecycle job (L1–L4, P4–P5): warm-up starts and promotions, the 3-month review, release
// of retired numbers after the hold, reserve promotion for numbers that left service, sizing alerts.
import { loadHealthNumbers } from '../store/numbers/number-lifecycle-repository.ts';
import { startHealthRun, type HealthJobDeps } from './health-run.ts';
import type { JobDefinition } from './job.ts';
import { promoteReserves } from './reserve-step.ts';
import { reviewAndRelease } from './review-step.ts';
import { adviseOnSizing } from './sizing-step.ts';
import { warmUp } from './warm-up-step.ts';

export function lifecycleJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'lifecycle',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'lifecycle', ctx);
      const { knex } = deps.db;
      // Each step reads the numbers afresh: the previous step may have changed them.
      const warmup = await warmUp(run, await loadHealthNumbers(knex));
      const review = await reviewAndRelease(run, await loadHealthNumbers(knex));
      const promotions = await promoteReserves(run);
      const sizing = await adviseOnSizing(run, await loadHealthNumbers(knex));
      return {
        today: run.today,
        warmup,
        review,
        promotions,
        sizing: sizing.map((a) => ({
          subPool: a.subPool,
          required: a.required,
          inService: a.inService,
          readyReserve: a.readyReserve,
          reserveStatus: a.reserveStatus,
          replenishment: a.replenishment,
          alerts: a.alerts.length,
        })),
        skipped: run.skipped,
      };
    },
  };
}
