// Checks one pool number with a mark provider and records the outcome: the mark-check job's step
// per number. A failure (garbage, a provider bug) is logged and stored as a failed check, nothing else.
import type { MarkMerge } from '../../domain/health/mark.ts';
import type { MarkCheckError, MarkCheckResult, MarkProvider } from '../../domain/marks/mark-provider.ts';
import type { Logger } from '../../logger.ts';
import { inTransaction, type Database, type Queryable } from '../../store/connection/database.ts';
import { insertMarkCheck } from '../../store/health/mark-repository.ts';
import { foldMarkObservations } from './mark-fold.ts';

export interface MarkCheckDeps {
  db: Database;
  provider: MarkProvider;
  /** The configured platform ids (HealthSettings.marks.platforms). */
  platforms: readonly string[];
  /** The job run's logger. */
  logger: Logger;
}

/** Runs in the transaction that saved the marks, e.g. to apply the M3 verdict atomically with them. */
export type OnMarksMerged = (trx: Queryable, merge: MarkMerge) => Promise<void>;

export type MarkCheckOutcome = { ok: true; merge: MarkMerge } | { ok: false; error: MarkCheckError };

export async function checkNumberMarks(
  deps: MarkCheckDeps,
  number: { id: number; e164: string },
  now: Date,
  onMerged?: OnMarksMerged,
): Promise<MarkCheckOutcome> {
  const { db, provider, logger } = deps;
  let result = await askProvider(deps, number, now);
  if (result.ok) {
    const { observations, raw } = result;
    const merge = await inTransaction(db, async (trx) => {
      const merged = await foldMarkObservations(db, trx, {
        numberId: number.id,
        observations,
        platforms: deps.platforms,
        at: now,
      });
      if (merged.rejected.length) return merged;
      await insertMarkCheck(trx, { numberId: number.id, provider: provider.name, checkedAt: now, result });
      await onMerged?.(trx, merged);
      return merged;
    });
    if (!merge.rejected.length) return { ok: true, merge };
    const [first] = merge.rejected;
    const message = `${merge.rejected.length} observation(s) refused, e.g. ${first?.reason} for platform '${first?.observation.platform}'`;
    result = { ok: false, error: { code: 'BAD_RESPONSE', message }, raw };
  }
  logger.warn({ provider: provider.name, numberId: number.id, error: result.error }, 'mark check failed');
  await insertMarkCheck(db.knex, { numberId: number.id, provider: provider.name, checkedAt: now, result });
  return { ok: false, error: result.error };
}

async function askProvider(
  deps: MarkCheckDeps,
  number: { id: number; e164: string },
  now: Date,
): Promise<MarkCheckResult> {
  try {
    return await deps.provider.check(number.e164, now);
  } catch (err) {
    deps.logger.error({ err, provider: deps.provider.name, numberId: number.id }, 'mark provider threw');
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'PROVIDER_ERROR', message } };
  }
}
