// `numpool job list | run NAME | runs NAME`: the scheduled jobs from the command line. A manual run
// takes the job's lease like a scheduled one, so it never overlaps a run in another process.
import type { JobRunOutcome } from '../jobs/job.ts';
import type { JobScheduler } from '../jobs/scheduler.ts';
import type { JobRunRow } from '../store/jobs/job-run-repository.ts';
import { UsageError } from './admin-commands.ts';

type Out = (text: string) => void;

const USAGE = 'job needs: list | run NAME | runs NAME [LIMIT]';

export async function jobCommand(
  deps: { scheduler: JobScheduler },
  args: string[],
  out: Out,
): Promise<number> {
  const { scheduler } = deps;
  const [action, name, limit, ...extra] = args;
  if (extra.length) throw new UsageError(USAGE);
  switch (action) {
    case 'list': {
      if (name !== undefined) throw new UsageError(USAGE);
      const jobs = scheduler.list();
      if (!jobs.length) {
        out('no jobs are registered');
        return 0;
      }
      for (const job of jobs) {
        const [last] = await scheduler.history(job.name, 1);
        const next = job.nextRunAt ? job.nextRunAt.toISOString() : '-';
        out(
          `${job.name}  '${job.schedule}' ${job.timezone}  next ${next}  last ${last ? runLine(last) : 'never'}`,
        );
      }
      return 0;
    }
    case 'run': {
      if (!name || limit !== undefined) throw new UsageError('job run needs exactly one job NAME');
      const outcome = await scheduler.runNow(name);
      out(outcomeLine(outcome));
      return outcome.status === 'ok' ? 0 : 1;
    }
    case 'runs': {
      if (!name) throw new UsageError('job runs needs a job NAME');
      if (limit !== undefined && !/^\d{1,4}$/.test(limit)) throw new UsageError('LIMIT must be a number');
      const runs = await scheduler.history(name, limit === undefined ? 20 : Number(limit));
      out(runs.length ? runs.map(runLine).join('\n') : `job ${name} has not run yet`);
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

function runLine(run: JobRunRow): string {
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
