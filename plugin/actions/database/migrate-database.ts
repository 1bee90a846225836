// Brings the database schema up to date, or rolls every migration back (tests, a clean reinstall).
// Called by `numpool migrate`; the service expects an up-to-date schema and never migrates itself.
import { migrateLatest, migrateRollbackAll } from '../../store/connection/database.ts';
import type { ActionContext } from '../action-context.ts';

export interface MigrateInput {
  /** Undo every migration instead of applying the pending ones. */
  rollbackAll: boolean;
}

export type MigrateResult = { kind: 'migrated'; applied: string[] } | { kind: 'rolled-back' };

export async function migrateDatabase(ctx: ActionContext, input: MigrateInput): Promise<MigrateResult> {
  if (input.rollbackAll) {
    await migrateRollbackAll(ctx.db);
    ctx.logger.warn({ actor: ctx.actor.name }, 'every migration rolled back');
    return { kind: 'rolled-back' };
  }
  return { kind: 'migrated', applied: await migrateLatest(ctx.db) };
}
