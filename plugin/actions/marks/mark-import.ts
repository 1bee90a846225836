// CSV import of marks (M2), the import-marks action's first step: every line validated, every number in
// the pool, then all marks written in one transaction with one audit entry, or nothing at all.
import type { NewMark } from '../../domain/health/mark.ts';
import { DEFAULT_MARK_PLATFORMS, type MarkObservation } from '../../domain/marks/mark.ts';
import { AppError } from '../../errors/index.ts';
import { DEFAULT_CSV_LIMITS, readCsvTable, type CsvLimits } from '../../import/csv-table.ts';
import { appendAudit, type Actor } from '../../store/audit/audit-log.ts';
import { inTransaction, type Database } from '../../store/connection/database.ts';
import { numberIdsByE164 } from '../../store/health/mark-repository.ts';
import { foldMarkObservations } from './mark-fold.ts';
import { MARK_IMPORT_COLUMNS, validateMarkRows } from '../../marks/mark-import-rows.ts';

export interface MarkImportDeps {
  db: Database;
  /** The configured platform ids; DEFAULT_MARK_PLATFORMS when absent. */
  platforms?: readonly string[];
}

export type MarkImportOutcome =
  /** newMarks: what grew or appeared, per number, for the M3 rules to look at. */
  | { ok: true; rows: number; numbers: number; newMarks: (NewMark & { numberId: number })[] }
  | { ok: false; errors: string[] };

export async function importMarksCsv(
  deps: MarkImportDeps,
  content: Buffer,
  actor: Actor,
  now: Date,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): Promise<MarkImportOutcome> {
  const table = readCsvTable(content, MARK_IMPORT_COLUMNS, limits);
  if (!table.ok) return table;
  const platforms = deps.platforms ?? DEFAULT_MARK_PLATFORMS;
  const valid = validateMarkRows(table.records, platforms, now);
  if (!valid.ok) return valid;
  const { knex } = deps.db;
  const ids = await numberIdsByE164(knex, [...new Set(valid.rows.map((r) => r.e164))]);
  const missing = valid.rows.filter((r) => !ids.has(r.e164));
  if (missing.length) {
    return { ok: false, errors: missing.map((r) => `line ${r.line}: number: ${r.e164} is not in the pool`) };
  }
  const byNumber = new Map<number, MarkObservation[]>();
  for (const row of valid.rows) {
    const id = ids.get(row.e164) ?? 0;
    byNumber.set(id, [...(byNumber.get(id) ?? []), row.observation]);
  }
  const newMarks = await inTransaction(deps.db, async (trx) => {
    const found: (NewMark & { numberId: number })[] = [];
    for (const [numberId, observations] of byNumber) {
      const merge = await foldMarkObservations(deps.db, trx, { numberId, observations, platforms, at: now });
      // Every line was checked against the same platform list, so a refusal here is a bug.
      if (merge.rejected.length) throw new AppError('NUMPOOL_MARK_REJECTED', 'the mark merge refused a line');
      found.push(...merge.newMarks.map((m) => ({ ...m, numberId })));
    }
    await appendAudit(trx, {
      actor,
      action: 'import',
      entity: 'marks',
      entityId: null,
      after: { rows: valid.rows.length, numbers: byNumber.size, newMarks: found.length },
      at: now,
    });
    return found;
  });
  return { ok: true, rows: valid.rows.length, numbers: byNumber.size, newMarks };
}
