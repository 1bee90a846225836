// Runs named jobs on cron schedules in every numpool process, each tick exactly once across all of
// them (claimTick on job_runs), plus `runNow` for `numpool job run`. Built by the composition root.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/connection/database.ts';
import { claimTick, listJobRuns, type JobRunRow } from '../store/jobs/job-run-repository.ts';
import {
  nodeCronTrigger,
  scheduleProblem,
  type CronTrigger,
  type CronTriggerFactory,
} from './cron-trigger.ts';
import { executeClaimedRun } from './job-execution.ts';
import { manualTick, newRunId, tickOf } from './job-tick.ts';
import type { JobDefinition, JobRunOutcome } from './job.ts';

export interface JobSchedulerOptions {
  db: Database;
  logger: Logger;
  /** This process in job_runs.holder; default 'host:pid:random'. */
  holder?: string;
  /** Zone for schedules that name none. */
  timezone?: string;
  /** How long a run's lease lasts without renewal (renewed every third of it). */
  leaseMs?: number;
  clock?: () => Date;
  /** Tests replace node-cron to fire slots themselves. */
  cronTrigger?: CronTriggerFactory;
}

export interface JobInfo {
  name: string;
  schedule: string;
  timezone: string;
  nextRunAt: Date | null;
}

interface Registered {
  job: JobDefinition;
  timezone: string;
  trigger: CronTrigger;
}

const JOB_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const DEFAULT_LEASE_MS = 60_000;

export class JobScheduler {
  private readonly registered = new Map<string, Registered>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly holder: string;
  private readonly clock: () => Date;
  private started = false;
  private stopped = false;

  constructor(private readonly options: JobSchedulerOptions) {
    const fallback = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
    this.holder = (options.holder ?? fallback).slice(0, 100);
    this.clock = options.clock ?? (() => new Date());
  }

  register(job: JobDefinition): void {
    if (!JOB_NAME.test(job.name)) {
      throw new AppError(
        'NUMPOOL_JOB_INVALID',
        `job name '${job.name}' must be lower-case words with dashes`,
      );
    }
    if (this.registered.has(job.name))
      throw new AppError('NUMPOOL_JOB_INVALID', `job ${job.name} is registered twice`);
    const timezone = job.timezone ?? this.options.timezone ?? 'Asia/Shanghai';
    const problem = scheduleProblem(job.schedule, timezone);
    if (problem) throw new AppError('NUMPOOL_JOB_INVALID', `job ${job.name}: ${problem}`);
    const factory = this.options.cronTrigger ?? nodeCronTrigger;
    const trigger = factory(
      { name: job.name, expression: job.schedule, timezone },
      {
        onSlot: (slot) => this.onSlot(job.name, slot),
        onMissed: (slot) =>
          this.options.logger.warn(
            { job: job.name, tick: tickOf(slot) },
            'job tick missed: process woke too late',
          ),
      },
    );
    this.registered.set(job.name, { job, timezone, trigger });
    if (this.started) trigger.start();
  }

  list(): JobInfo[] {
    return [...this.registered.values()].map(({ job, timezone, trigger }) => ({
      name: job.name,
      schedule: job.schedule,
      timezone,
      nextRunAt: trigger.nextRun(),
    }));
  }

  start(): void {
    if (this.stopped)
      throw new AppError('NUMPOOL_JOB_SCHEDULER_STOPPED', 'a stopped scheduler cannot be restarted');
    this.started = true;
    for (const { trigger } of this.registered.values()) trigger.start();
  }

  /** Stops the schedules for good and waits for runs in progress, so their leases are released. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    for (const { trigger } of this.registered.values()) trigger.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs the job for the schedule slot at `slot` unless another process already claimed it. */
  async fireTick(name: string, slot: Date): Promise<JobRunOutcome> {
    const job = this.jobNamed(name);
    return this.track(this.execute(job, tickOf(slot), newRunId()));
  }

  /** Runs the job now, outside its schedule, unless a run of it is in progress somewhere. */
  async runNow(name: string): Promise<JobRunOutcome> {
    const job = this.jobNamed(name);
    const runId = newRunId();
    return this.track(this.execute(job, manualTick(runId), runId));
  }

  async history(name: string, limit = 20): Promise<JobRunRow[]> {
    return listJobRuns(this.options.db.knex, this.jobNamed(name).name, limit);
  }

  private onSlot(name: string, slot: Date): void {
    this.fireTick(name, slot).catch((err: unknown) => {
      this.options.logger.error({ err, job: name, tick: tickOf(slot) }, 'job tick could not be run');
    });
  }

  private async execute(job: JobDefinition, tick: string, runId: string): Promise<JobRunOutcome> {
    const { db } = this.options;
    const logger = this.options.logger.child({ job: job.name, runId });
    const leaseHolder = `${runId}@${this.holder}`;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const claim = await claimTick(db, {
      job: job.name,
      tick,
      runId,
      holder: this.holder,
      leaseHolder,
      now: this.clock(),
      leaseMs,
    });
    if (claim.kind === 'taken') {
      logger.debug({ tick }, 'job tick already claimed by another process');
      return { status: 'taken', job: job.name, tick };
    }
    if (claim.kind === 'busy') {
      logger.warn(
        { tick, leaseHolder: claim.leaseHolder },
        'job run skipped: a previous run still holds the lease',
      );
      return { status: 'skipped', job: job.name, tick, runId, leaseHolder: claim.leaseHolder };
    }
    for (const crashed of claim.recovered) {
      logger.warn({ crashed }, 'job run presumed crashed (its lease expired); marked failed');
    }
    return executeClaimedRun({ db, job, tick, runId, leaseHolder, leaseMs, clock: this.clock, logger });
  }

  private jobNamed(name: string): JobDefinition {
    const found = this.registered.get(name);
    if (!found) {
      const known = [...this.registered.keys()].join(', ') || 'none';
      throw new AppError('NUMPOOL_JOB_UNKNOWN', `no job named '${name}' (registered: ${known})`);
    }
    return found.job;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = (): void => void this.inFlight.delete(promise);
    void promise.then(forget, forget);
    return promise;
  }
}
