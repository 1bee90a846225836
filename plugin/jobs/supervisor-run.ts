// Health-job steps run on a supervisor's behalf (CLI now, the panel later): the context of a run at
// the moment of the command, so mark rules and appeal effects apply at once instead of overnight.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import type { Database } from '../store/connection/database.ts';
import { startHealthRun, type HealthJobDeps, type HealthRun } from './health-run.ts';
import type { JobContext } from './job.ts';

export interface SupervisorScope {
  /** The database, or one transaction on it when the steps must commit with the command's writes. */
  db: Database;
  /** NUMPOOL_TIMEZONE: today's date, due dates and days out of service are read in it. */
  timeZone: string;
  logger: Logger;
}

/** A supervisor's command never asks a mark provider. */
export function supervisorJobDeps(scope: SupervisorScope): HealthJobDeps {
  return { db: scope.db, timeZone: scope.timeZone, markProvider: () => Promise.resolve(null) };
}

/** The context a job's run function gets, for a run made now by a command rather than the scheduler. */
export function supervisorJobContext(scope: SupervisorScope, job: string, now: Date): JobContext {
  const runId = randomUUID();
  return {
    runId,
    tick: `manual-${runId}`,
    now,
    logger: scope.logger.child({ job, runId }),
    signal: new AbortController().signal,
  };
}

/** A run of `job`'s steps whose writes are audited under the supervisor's name. */
export async function startSupervisorRun(
  scope: SupervisorScope,
  job: string,
  actor: Actor,
  now: Date,
): Promise<HealthRun> {
  const run = await startHealthRun(supervisorJobDeps(scope), job, supervisorJobContext(scope, job, now));
  return { ...run, actor };
}
