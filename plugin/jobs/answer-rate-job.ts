// The answer-rate watch job (M4), after the day's stats: a shell over
// actions/numbers/answer-rate-watch.ts — low rates flagged, rates far below baseline rotated out.
import { watchAnswerRates } from '../actions/numbers/answer-rate-watch.ts';
import { startHealthRun, type HealthJobDeps } from '../actions/numbers/health-run.ts';
import type { JobDefinition } from './job.ts';

export function answerRateJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'answer-rate-watch',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'answer-rate-watch', ctx);
      return { ...(await watchAnswerRates(run)), skipped: run.skipped };
    },
  };
}
