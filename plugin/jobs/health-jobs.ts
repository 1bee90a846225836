// Registers the pool-health jobs (issue 4) on a JobScheduler: the composition roots (service and
// CLI) call registerHealthJobs once. Default schedules run in the pool's time zone, in this order
// each night: stats, answer-rate watch, mark check, appeals, lifecycle.
import type { MarkProvider } from '../domain/marks/mark-provider.ts';
import { markProviderFromSettings } from '../actions/marks/mark-provider-from-settings.ts';
import type { Database } from '../store/connection/database.ts';
import { answerRateJob } from './answer-rate-job.ts';
import { appealsJob } from './appeals-job.ts';
import { dailyStatsJob } from './daily-stats-job.ts';
import type { HealthJobDeps } from '../actions/numbers/health-run.ts';
import { lifecycleJob } from './lifecycle-job.ts';
import { markCheckJob } from './mark-check-job.ts';
import type { JobScheduler } from './scheduler.ts';

export const HEALTH_JOB_SCHEDULES = {
  'daily-stats': '20 0 * * *',
  'answer-rate-watch': '40 0 * * *',
  'mark-check': '0 6 * * *',
  appeals: '30 6 * * *',
  lifecycle: '0 7 * * *',
} as const;

export type HealthJobName = keyof typeof HEALTH_JOB_SCHEDULES;

export interface RegisterHealthJobsDeps {
  db: Database;
  timeZone: string;
  /** Default: the HTTP provider stored under settings key 'mark_provider', read at each run. */
  markProvider?: () => Promise<MarkProvider | null>;
  schedules?: Partial<Record<HealthJobName, string>>;
}

export function registerHealthJobs(scheduler: JobScheduler, deps: RegisterHealthJobsDeps): void {
  const jobDeps: HealthJobDeps = {
    db: deps.db,
    timeZone: deps.timeZone,
    markProvider: deps.markProvider ?? (() => markProviderFromSettings(deps.db)),
  };
  const schedule = (name: HealthJobName): string => deps.schedules?.[name] ?? HEALTH_JOB_SCHEDULES[name];
  scheduler.register(dailyStatsJob(jobDeps, schedule('daily-stats')));
  scheduler.register(answerRateJob(jobDeps, schedule('answer-rate-watch')));
  scheduler.register(markCheckJob(jobDeps, schedule('mark-check')));
  scheduler.register(appealsJob(jobDeps, schedule('appeals')));
  scheduler.register(lifecycleJob(jobDeps, schedule('lifecycle')));
}
