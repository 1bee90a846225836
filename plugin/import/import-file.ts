// The CSV import use case shared by the CLI and (later) the REST API: read, validate every line,
// resolve number areas, then write everything in one transaction or nothing at all.
import { normalizeProvince, type Area } from '../domain/areas/area.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import type { Database } from '../store/connection/database.ts';
import {
  writeAgents,
  writeConsents,
  writeDnc,
  writeNumbers,
  type WriteCounts,
} from '../store/reference/import-writer.ts';
import { DEFAULT_CSV_LIMITS, readCsvTable, type CsvLimits } from './csv-table.ts';
import {
  IMPORT_COLUMNS,
  validateAgentRows,
  validateConsentRows,
  validateDncRows,
  validateNumberRows,
  type ImportKind,
  type NumberImportRow,
} from './import-rows.ts';

export interface ImportDeps {
  db: Database;
  areas: CalleeAreaResolver;
  regions: () => Readonly<Record<string, string>>;
}

export type ImportOutcome =
  { ok: true; kind: ImportKind; rows: number; counts: WriteCounts } | { ok: false; errors: string[] };

export async function importCsv(
  deps: ImportDeps,
  kind: ImportKind,
  content: Buffer,
  actor: Actor,
  now: Date,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): Promise<ImportOutcome> {
  const table = readCsvTable(content, IMPORT_COLUMNS[kind], limits);
  if (!table.ok) return table;
  const { records } = table;
  const { knex } = deps.db;
  switch (kind) {
    case 'numbers': {
      const valid = validateNumberRows(records);
      if (!valid.ok) return valid;
      const rows = await Promise.all(valid.rows.map(async (r) => ({ ...r, area: await homeArea(deps, r) })));
      const counts = await knex.transaction((trx) => writeNumbers(trx, rows, actor, now));
      return { ok: true, kind, rows: rows.length, counts };
    }
    case 'agents': {
      const valid = validateAgentRows(records);
      if (!valid.ok) return valid;
      const counts = await knex.transaction((trx) => writeAgents(trx, valid.rows, actor, now));
      return { ok: true, kind, rows: valid.rows.length, counts };
    }
    case 'dnc': {
      const valid = validateDncRows(records);
      if (!valid.ok) return valid;
      const counts = await knex.transaction((trx) => writeDnc(trx, valid.rows, actor, now));
      return { ok: true, kind, rows: valid.rows.length, counts };
    }
    case 'consents': {
      const valid = validateConsentRows(records);
      if (!valid.ok) return valid;
      const counts = await knex.transaction((trx) => writeConsents(trx, valid.rows, actor, now));
      return { ok: true, kind, rows: valid.rows.length, counts };
    }
  }
}

/** The file's province/city win; otherwise the number's own area code or 号段 tells. */
async function homeArea(deps: ImportDeps, row: NumberImportRow): Promise<Area> {
  const resolved = await deps.areas.resolve(row.number);
  if (!row.province) return resolved;
  const province = normalizeProvince(row.province) ?? row.province;
  const city = row.city ?? (province === resolved.province ? resolved.city : null);
  return { ...resolved, province, city, region: deps.regions()[province] ?? null, source: 'prefix-table' };
}
