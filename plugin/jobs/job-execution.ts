// Runs one claimed job run: keeps the lease alive while it works, records ok/failed with the summary
// or error, and frees the lease. Called by the JobScheduler once claimTick has said the run is ours.
import { AppError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/connection/database.ts';
import { finishRun, renewLease } from '../store/jobs/job-run-repository.ts';
import type { JobDefinition, JobFailure, JobRunOutcome, JobSummary } from './job.ts';

export interface ClaimedRun {
  db: Database;
  job: JobDefinition;
  tick: string;
  runId: string;
  leaseHolder: string;
  leaseMs: number;
  clock: () => Date;
  /** Already a child with { job, runId }. */
  logger: Logger;
}

type Result = { status: 'ok'; summary: JobSummary } | { status: 'failed'; error: JobFailure };

export async function executeClaimedRun(run: ClaimedRun): Promise<JobRunOutcome> {
  const { db, job, tick, runId, logger, clock } = run;
  const controller = new AbortController();
  let finishing = false;
  const renew = async (): Promise<void> => {
    try {
      const until = new Date(clock().getTime() + run.leaseMs);
      const held = await renewLease(db.knex, job.name, run.leaseHolder, until);
      if (!held && !finishing && !controller.signal.aborted) {
        logger.error({ tick }, 'job lease taken over by another process; aborting the run');
        controller.abort(new AppError('NUMPOOL_JOB_LEASE_LOST', `job ${job.name} lost its lease`));
      }
    } catch (err) {
      logger.warn({ err, tick }, 'job lease renewal failed; retrying at the next interval');
    }
  };
  // Renewing at a third of the lease survives two failed renewals before the lease expires.
  const timer = setInterval(() => void renew(), Math.max(1000, Math.floor(run.leaseMs / 3)));
  timer.unref();

  const startedAt = clock();
  logger.info({ tick }, 'job run started');
  let result: Result;
  try {
    const summary = await job.run({ runId, tick, now: startedAt, logger, signal: controller.signal });
    result = checkedSummary(summary);
  } catch (err) {
    logger.error({ err, tick }, 'job run failed');
    result = { status: 'failed', error: describeFailure(err) };
  } finally {
    finishing = true;
    clearInterval(timer);
  }

  const recorded = await finishRun(db.knex, {
    job: job.name,
    runId,
    leaseHolder: run.leaseHolder,
    status: result.status,
    summary: result.status === 'ok' ? result.summary : { error: result.error },
    now: clock(),
  });
  const durationMs = clock().getTime() - startedAt.getTime();
  if (!recorded) {
    logger.error({ tick, durationMs }, 'job run ended after another process had marked it failed');
    const error = { code: 'NUMPOOL_JOB_LEASE_LOST', message: 'the lease expired while the run was working' };
    return { status: 'failed', job: job.name, tick, runId, error };
  }
  if (result.status === 'ok') {
    logger.info({ tick, durationMs, summary: result.summary }, 'job run finished');
    return { status: 'ok', job: job.name, tick, runId, summary: result.summary };
  }
  return { status: 'failed', job: job.name, tick, runId, error: result.error };
}

/** A summary that cannot be stored is the job's bug: reported as a failure rather than lost. */
function checkedSummary(summary: unknown): Result {
  const invalid = (message: string): Result => ({
    status: 'failed',
    error: { code: 'NUMPOOL_JOB_SUMMARY_INVALID', message },
  });
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) {
    return invalid('the job returned no summary object');
  }
  try {
    JSON.stringify(summary);
  } catch (err) {
    return invalid(`the summary is not JSON: ${(err as Error).message}`);
  }
  return { status: 'ok', summary: summary as JobSummary };
}

function describeFailure(err: unknown): JobFailure {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  if (err instanceof AppError) return { code: err.code, message };
  return { code: 'NUMPOOL_JOB_FAILED', message };
}
