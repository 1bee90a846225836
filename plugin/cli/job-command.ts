// `numpool job list | run NAME | runs NAME [LIMIT]`: the scheduled jobs from the command line. A
// manual run takes the job's lease like a scheduled one, so it never overlaps a run in another process.
// (The CLI's one use of jobs/: starting a job run, on a scheduler that never starts its schedules.)
import type { Command } from 'commander';
import type { ActionContext } from '../actions/action-context.ts';
import { AppError } from '../errors/index.ts';
import { registerHealthJobs } from '../jobs/health-jobs.ts';
import type { JobRunOutcome } from '../jobs/job.ts';
import { JobScheduler } from '../jobs/scheduler.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';

type JobRun = Awaited<ReturnType<JobScheduler['history']>>[number];

/** A scheduler with the jobs registered, for one command; `close` waits for its runs. */
export interface JobRunner {
  scheduler: JobScheduler;
  close(): Promise<void>;
}

/** The pool-health jobs as the service registers them. */
export function healthJobRunner(ctx: ActionContext): JobRunner {
  const scheduler = new JobScheduler({ db: ctx.db, logger: ctx.logger, timezone: ctx.timeZone });
  registerHealthJobs(scheduler, { db: ctx.db, timeZone: ctx.timeZone });
  return { scheduler, close: () => scheduler.stop() };
}

/** The `job` commands over the jobs `open` registers (tests register their own). */
export function jobCommands(open: (ctx: ActionContext) => JobRunner): RegisterCommands {
  return (program, cli) => {
    const job = program
      .command('job')
      .description('list the scheduled jobs, run one now, show its past runs')
      .addHelpText(
        'after',
        '\nExamples:\n  $ numpool job list\n  $ numpool job run mark-check\n  $ numpool job runs daily-stats 5',
      );
    const withRunner = async (work: (runner: JobRunner) => Promise<void>): Promise<void> => {
      const runner = open(await cli.actions());
      try {
        await work(runner);
      } finally {
        await runner.close();
      }
    };
    registerList(job, cli, withRunner);
    registerRun(job, cli, withRunner);
    registerRuns(job, cli, withRunner);
  };
}

export const registerJobCommands: RegisterCommands = jobCommands(healthJobRunner);

type WithRunner = (work: (runner: JobRunner) => Promise<void>) => Promise<void>;

function registerList(job: Command, cli: CliContext, withRunner: WithRunner): void {
  job
    .command('list')
    .description('every job with its schedule, next run and last run')
    .addHelpText('after', '\nExamples:\n  $ numpool job list')
    .action(() =>
      withRunner(async ({ scheduler }) => {
        const jobs = scheduler.list();
        if (!jobs.length) cli.print('no jobs are registered');
        for (const info of jobs) {
          const [last] = await scheduler.history(info.name, 1);
          const next = info.nextRunAt ? info.nextRunAt.toISOString() : '-';
          cli.print(
            `${info.name}  '${info.schedule}' ${info.timezone}  next ${next}  last ${last ? runLine(last) : 'never'}`,
          );
        }
      }),
    );
}

function registerRun(job: Command, cli: CliContext, withRunner: WithRunner): void {
  job
    .command('run')
    .description('run a job now, outside its schedule (exit 1 unless it ran and succeeded)')
    .argument('<name>', 'the job, as `numpool job list` names it')
    .addHelpText('after', '\nExamples:\n  $ numpool job run daily-stats\n  $ numpool job run mark-check')
    .action((name: string) =>
      withRunner(async ({ scheduler }) => {
        const outcome = await scheduler.runNow(name);
        cli.print(outcomeLine(outcome));
        if (outcome.status !== 'ok') cli.setExitCode(1);
      }),
    );
}

function registerRuns(job: Command, cli: CliContext, withRunner: WithRunner): void {
  job
    .command('runs')
    .description("a job's past runs, newest first")
    .argument('<name>', 'the job, as `numpool job list` names it')
    .argument('[limit]', 'how many runs (default 20)')
    .addHelpText('after', '\nExamples:\n  $ numpool job runs lifecycle\n  $ numpool job runs mark-check 5')
    .action((name: string, limit: string | undefined) => {
      if (limit !== undefined && !/^\d{1,4}$/.test(limit))
        throw new AppError('NUMPOOL_USAGE', 'LIMIT must be a number');
      return withRunner(async ({ scheduler }) => {
        const runs = await scheduler.history(name, limit === undefined ? 20 : Number(limit));
        cli.print(runs.length ? runs.map(runLine).join('\n') : `job ${name} has not run yet`);
      });
    });
}

function runLine(run: JobRun): string {
  const finished = run.finishedAt ? run.finishedAt.toISOString() : 'still running';
  return `${run.status} ${run.tick} run ${run.runId} on ${run.holder}, ${finished} ${JSON.stringify(run.summary)}`;
}

function outcomeLine(outcome: JobRunOutcome): string {
  switch (outcome.status) {
    case 'ok':
      return `job ${outcome.job} run ${outcome.runId}: ok ${JSON.stringify(outcome.summary)}`;
    case 'failed':
      return `job ${outcome.job} run ${outcome.runId}: failed ${outcome.error.code}: ${outcome.error.message}`;
    case 'skipped':
      return `job ${outcome.job} not run: a run of it is in progress (lease held by ${outcome.leaseHolder})`;
    case 'taken':
      return `job ${outcome.job} not run: tick ${outcome.tick} was already claimed`;
  }
}
