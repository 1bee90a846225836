// A health run made now by a supervisor's action (CLI, later the API and the panel) inside the
// action's transaction, so mark rules and appeal effects apply at once instead of overnight.
import type { Queryable } from '../../store/connection/database.ts';
import type { ActionContext, Actor } from '../action-context.ts';
import { startHealthRun, type HealthJobDeps, type HealthRun } from './health-run.ts';

/** The run's store is `tx`: every write commits (or rolls back) with the action's own. */
export function supervisorDeps(ctx: ActionContext, tx: Queryable): HealthJobDeps {
  return {
    db: { ...ctx.db, knex: tx },
    timeZone: ctx.timeZone,
    // A supervisor's action never asks a mark provider.
    markProvider: () => Promise.resolve(null),
  };
}

/** A run of `job`'s steps in `tx`, audited under `actor` (the supervisor unless a job's name is wanted). */
export function startSupervisorRun(
  ctx: ActionContext,
  tx: Queryable,
  job: string,
  actor: Actor = ctx.actor,
): Promise<HealthRun> {
  const scope = { now: ctx.now(), logger: ctx.logger.child({ job }), signal: new AbortController().signal };
  return startHealthRun(supervisorDeps(ctx, tx), job, scope, actor);
}
