// Folds observations into one number's marks inside the caller's transaction with the health
// domain's merge rule: lock the number, merge, save the records that changed. Shared by provider
// checks, CSV imports and manual entry.
import { mergeMarkObservations, type MarkMerge } from '../../domain/health/mark.ts';
import type { MarkObservation, MarkRecord } from '../../domain/marks/mark.ts';
import type { Database, Queryable } from '../../store/connection/database.ts';
import { lockNumberMarks, saveMarkRecords } from '../../store/health/mark-repository.ts';

export interface MarkFold {
  numberId: number;
  observations: readonly MarkObservation[];
  /** The configured platform ids; observations for others are rejected. */
  platforms: readonly string[];
  at: Date;
}

/** The merge; when it rejected any observation nothing was saved, and the caller decides. */
export async function foldMarkObservations(db: Database, trx: Queryable, fold: MarkFold): Promise<MarkMerge> {
  const current = await lockNumberMarks(db, trx, fold.numberId);
  const merge = mergeMarkObservations(fold.numberId, current, fold.observations, fold.platforms);
  if (merge.rejected.length) return merge;
  const before = new Map(current.map((r) => [`${r.platform}|${r.type}`, r]));
  const changed = merge.records.filter((r) => !sameRecord(before.get(`${r.platform}|${r.type}`), r));
  await saveMarkRecords(trx, changed, fold.at);
  return merge;
}

function sameRecord(a: MarkRecord | undefined, b: MarkRecord): boolean {
  return (
    a !== undefined &&
    a.count === b.count &&
    a.source === b.source &&
    a.firstSeenAt.getTime() === b.firstSeenAt.getTime() &&
    a.lastSeenAt.getTime() === b.lastSeenAt.getTime() &&
    (a.clearedAt?.getTime() ?? null) === (b.clearedAt?.getTime() ?? null)
  );
}
