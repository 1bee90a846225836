// Imports one CSV file of numbers, agents, DNC entries or consents: read (UTF-8, known columns,
// size limits), validate every line, compare, save and audit, all or nothing. A bad line refuses
// the whole file (NUMPOOL_IMPORT_REJECTED, each line listed). `numpool import`, later the API.
import { DEFAULT_CSV_LIMITS, readCsvTable, type CsvLimits } from '../../import/csv-table.ts';
import { IMPORT_COLUMNS, type ImportKind } from '../../import/import-rows.ts';
import type { InventoryChange } from '../../domain/numbers/inventory-change.ts';
import type { WriteCounts } from '../../store/reference/import-writer.ts';
import type { ActionContext } from '../action-context.ts';
import { importNumbers } from './import-numbers.ts';
import { importReference } from './import-reference.ts';
import { importRejected } from './import-rejected.ts';

export interface CsvImport {
  kind: ImportKind;
  content: Buffer;
  /** Where the file came from (its name), for the messages and the audit. */
  source: string;
  /** Numbers only: lets an existing number change purpose. */
  update?: boolean;
  limits?: CsvLimits;
}

export interface CsvImported {
  kind: ImportKind;
  rows: number;
  counts: WriteCounts;
  /** Numbers only: existing numbers whose purpose, tier or caps changed. */
  changes: InventoryChange[];
}

export async function importCsvFile(ctx: ActionContext, input: CsvImport): Promise<CsvImported> {
  const table = readCsvTable(input.content, IMPORT_COLUMNS[input.kind], input.limits ?? DEFAULT_CSV_LIMITS);
  if (!table.ok) throw importRejected(input.source, table.errors);
  const { kind, source } = input;
  if (kind === 'numbers') {
    const done = await importNumbers(ctx, { records: table.records, source, update: input.update ?? false });
    ctx.logger.info({ kind, source, rows: done.rows, changed: done.changes.length }, 'CSV imported');
    return { kind, ...done };
  }
  const done = await importReference(ctx, kind, table.records, source);
  ctx.logger.info({ kind, source, rows: done.rows }, 'CSV imported');
  return { kind, ...done, changes: [] };
}
