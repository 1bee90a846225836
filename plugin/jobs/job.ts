// What a scheduled job is to the JobScheduler (issue 4): a name, a cron schedule and a run function.
// Concrete jobs (mark checks, health, lifecycle) are a pure check in domain/ plus a thin run here.
import type { Logger } from '../logger.ts';

/** A JSON object stored in job_runs.summary: counts and ids, not whole data sets. */
export type JobSummary = Readonly<Record<string, unknown>>;

export interface JobContext {
  /** Unique per run; in every log line of the run (logger is already a child with {job, runId}). */
  runId: string;
  /** The schedule's nominal fire time, '2026-03-02T02:00Z', or 'manual-<runId>' for `runNow`. */
  tick: string;
  /** The scheduler clock when the run started (not the nominal tick time). */
  now: Date;
  logger: Logger;
  /** Aborted when this process lost the job's lease (another process presumed it dead). */
  signal: AbortSignal;
}

export interface JobDefinition {
  /** Lower-case words with dashes, e.g. 'mark-check'; the name for `numpool job run`. */
  name: string;
  /** Five-field cron expression (minute resolution), e.g. '30 2 * * *'. */
  schedule: string;
  /** IANA zone the schedule is read in; the scheduler's default (Asia/Shanghai) when absent. */
  timezone?: string;
  /**
   * Does the work. A crash midway must leave nothing half-applied: change each item in its own
   * transaction (or make each step idempotent) so a rerun completes what a crash left undone.
   */
  run(ctx: JobContext): Promise<JobSummary>;
}

export interface JobFailure {
  code: string;
  message: string;
}

export type JobRunOutcome =
  | { status: 'ok'; job: string; tick: string; runId: string; summary: JobSummary }
  | { status: 'failed'; job: string; tick: string; runId: string; error: JobFailure }
  /** Another process claimed this tick; nothing ran here. */
  | { status: 'taken'; job: string; tick: string }
  /** A run of this job (here or elsewhere) still holds the lease; recorded as a skipped run. */
  | { status: 'skipped'; job: string; tick: string; runId: string; leaseHolder: string };
