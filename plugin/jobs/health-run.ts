// What every health job run shares: its settings, today's pool-local date, the job actor, and the
// per-number guard that records a number changed by someone else meanwhile instead of failing the run.
import { localDate } from '../domain/health/civil-date.ts';
import type { HealthSettings } from '../domain/health/health-settings.ts';
import type { MarkProvider } from '../domain/marks/mark-provider.ts';
import { AppError } from '../errors/index.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import type { Database } from '../store/connection/database.ts';
import { loadHealthSettings } from '../store/health/health-settings-repository.ts';
import type { JobContext } from './job.ts';

export interface HealthJobDeps {
  db: Database;
  /** The pool's time zone (NUMPOOL_TIMEZONE): stats days, review dates and schedules are read in it. */
  timeZone: string;
  /** The mark provider for a mark-check run, or null when none is configured. */
  markProvider: () => Promise<MarkProvider | null>;
}

export interface Skipped {
  numberId: number;
  code: string;
  message: string;
}

export interface HealthRun {
  deps: HealthJobDeps;
  ctx: JobContext;
  job: string;
  settings: HealthSettings;
  now: Date;
  today: string;
  actor: Actor;
  /** Numbers left alone this run because they changed under it; retried by the next run. */
  skipped: Skipped[];
}

export async function startHealthRun(deps: HealthJobDeps, job: string, ctx: JobContext): Promise<HealthRun> {
  const settings = await loadHealthSettings(deps.db.knex);
  return {
    deps,
    ctx,
    job,
    settings,
    now: ctx.now,
    today: localDate(ctx.now, deps.timeZone),
    actor: { kind: 'job', name: job },
    skipped: [],
  };
}

/**
 * Runs one number's step. A number changed by another writer since the run read it is skipped and
 * reported; any other error fails the run (steps already committed stay, the next run completes).
 */
export async function forNumber(run: HealthRun, numberId: number, step: () => Promise<void>): Promise<void> {
  if (run.ctx.signal.aborted) throw run.ctx.signal.reason;
  try {
    await step();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NUMPOOL_NUMBER_CHANGED') throw err;
    run.ctx.logger.warn({ numberId, code: err.code }, 'number changed during the run; skipped');
    run.skipped.push({ numberId, code: err.code, message: err.message });
  }
}
