// Exports numbers, agents, the DNC list or the consents as a CSV file with the import's columns, so
// an exported file can be edited and imported back. Every cell that a spreadsheet would run as a
// formula is escaped (domain/text/csv-cell.ts). `numpool export`, later the API.
import { stringify } from 'csv-stringify/sync';
import { escapeCsvCell } from '../../domain/text/csv-cell.ts';
import { IMPORT_COLUMNS, type ImportKind } from '../../import/import-rows.ts';
import { listAgents } from '../../store/reference/agent-repository.ts';
import { listConsents } from '../../store/reference/consent-repository.ts';
import { listDnc } from '../../store/reference/dnc-repository.ts';
import { listInventory } from '../../store/reference/number-inventory-repository.ts';
import type { ActionContext } from '../action-context.ts';

export type ExportKind = ImportKind;

export interface CsvExport {
  kind: ExportKind;
  rows: number;
  /** The file's text: a header row, then one line per row, each ending in a newline. */
  csv: string;
}

type Cell = string | number | boolean | Date | null;

export async function exportCsv(ctx: ActionContext, kind: ExportKind): Promise<CsvExport> {
  const rows = await readRows(ctx, kind);
  const columns = [...IMPORT_COLUMNS[kind].required, ...IMPORT_COLUMNS[kind].optional];
  const body = rows.map((row) => columns.map((c) => escapeCsvCell(cellText(row[c] ?? null))));
  const csv = stringify([columns, ...body], { record_delimiter: 'unix' });
  ctx.logger.info({ kind, rows: rows.length }, 'CSV exported');
  return { kind, rows: rows.length, csv };
}

/** Each row keyed by the import file's column names. */
async function readRows(ctx: ActionContext, kind: ExportKind): Promise<Record<string, Cell>[]> {
  const q = ctx.db.knex;
  switch (kind) {
    case 'numbers':
      return (await listInventory(q)).map((n) => ({
        number: n.e164,
        purpose: n.purpose,
        tier: n.tier,
        state: n.state,
        daily_cap: n.dailyCap,
        warmup_cap: n.warmupCap,
        carrier: n.carrier,
        province: n.province,
        city: n.city,
        route: n.route,
        acquired_on: n.acquiredOn,
        notes: n.notes,
      }));
    case 'agents':
      return (await listAgents(q)).map((a) => ({
        id: a.id,
        name: a.name,
        marketing_trained: a.marketingTrained,
        active: a.active,
        team: a.team,
      }));
    case 'dnc':
      return (await listDnc(q)).map((d) => ({ number: d.calleeE164, reason: d.reason }));
    case 'consents':
      return (await listConsents(q)).map((c) => ({
        number: c.calleeE164,
        granted_at: c.grantedAt,
        expires_at: c.expiresAt,
        evidence: c.evidence,
        source: c.source,
      }));
  }
}

/** Booleans as the import reads them (yes/no), times as ISO 8601 in UTC. */
function cellText(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
