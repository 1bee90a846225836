// What every pool-health run shares, whether a scheduled job or a supervisor's action starts it: its
// settings, today's pool-local date, who acts, and the per-number guard that records a number changed
// by someone else meanwhile instead of failing the run. Used by jobs/ and the number/mark/appeal actions.
import { localDate } from '../../domain/health/civil-date.ts';
import type { HealthSettings } from '../../domain/health/health-settings.ts';
import type { MarkProvider } from '../../domain/marks/mark-provider.ts';
import { AppError } from '../../errors/index.ts';
import type { Logger } from '../../logger.ts';
import type { Actor } from '../../store/audit/audit-log.ts';
import type { Database } from '../../store/connection/database.ts';
import { loadHealthSettings } from '../../store/health/health-settings-repository.ts';

export interface HealthJobDeps {
  db: Database;
  /** The pool's time zone (NUMPOOL_TIMEZONE): stats days, review dates and schedules are read in it. */
  timeZone: string;
  /** The mark provider for a mark-check run, or null when none is configured. */
  markProvider: () => Promise<MarkProvider | null>;
}

/** The moment, the logger and the abort signal of a run (a job's JobContext is one). */
export interface RunScope {
  now: Date;
  logger: Logger;
  /** Aborted when a job's process lost its lease; never aborted for a supervisor's action. */
  signal: AbortSignal;
}

export interface Skipped {
  numberId: number;
  code: string;
  message: string;
}

export interface HealthRun {
  deps: HealthJobDeps;
  ctx: RunScope;
  /** The job's name, or what a supervisor's action runs as: alerts and appeals name it. */
  job: string;
  settings: HealthSettings;
  now: Date;
  today: string;
  actor: Actor;
  /** Numbers left alone this run because they changed under it; retried by the next run. */
  skipped: Skipped[];
}

/** A run of `job` audited as the job itself, unless `actor` says who acts. */
export async function startHealthRun(
  deps: HealthJobDeps,
  job: string,
  scope: RunScope,
  actor: Actor = { kind: 'job', name: job },
): Promise<HealthRun> {
  const settings = await loadHealthSettings(deps.db.knex);
  const now = scope.now;
  return { deps, ctx: scope, job, settings, now, today: localDate(now, deps.timeZone), actor, skipped: [] };
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
