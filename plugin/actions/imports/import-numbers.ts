// Import of the numbers CSV: validate every line, place each number in its area, compare with the
// numbers already in the pool (purpose, tier, caps), refuse a change of purpose unless asked
// (`--update`), then write, audit each changed number and the import, all in one transaction.
import { normalizeProvince, type Area } from '../../domain/areas/area.ts';
import {
  auditValues,
  changesPurpose,
  describeInventoryChange,
  inventoryChanges,
  type InventoryChange,
} from '../../domain/numbers/inventory-change.ts';
import type { CsvRecord } from '../../import/csv-table.ts';
import { validateNumberRows, type Lined, type NumberImportRow } from '../../import/import-rows.ts';
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { writeNumbers, type WriteCounts } from '../../store/reference/import-writer.ts';
import { findInventory } from '../../store/reference/number-inventory-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { importRejected } from './import-rejected.ts';

export interface NumbersImport {
  records: readonly CsvRecord[];
  source: string;
  /** Whether existing numbers may change purpose (service ↔ marketing). */
  update: boolean;
}

export interface NumbersImported {
  rows: number;
  counts: WriteCounts;
  /** The existing numbers whose purpose, tier or caps changed, in file order. */
  changes: InventoryChange[];
}

export async function importNumbers(ctx: ActionContext, input: NumbersImport): Promise<NumbersImported> {
  const valid = validateNumberRows(input.records);
  if (!valid.ok) throw importRejected(input.source, valid.errors);
  const { regions } = await ctx.cache.current();
  const rows = await Promise.all(
    valid.rows.map(async (r) => ({ ...r, area: await homeArea(ctx, regions, r) })),
  );
  const now = ctx.now();
  return inTransaction(ctx.db, async (tx) => {
    const existing = await findInventory(
      tx,
      rows.map((r) => r.number.e164),
    );
    const changes = rows.flatMap((r) => {
      const before = existing.get(r.number.e164);
      const fields = before ? inventoryChanges(before, r) : [];
      return fields.length ? [{ e164: r.number.e164, line: r.line, changes: fields }] : [];
    });
    const purposeChanges = changes.filter(changesPurpose);
    if (purposeChanges.length && !input.update) {
      const lines = purposeChanges.map((c) => `line ${c.line}: ${describeInventoryChange(c)}`);
      throw importRejected(input.source, [...lines, 'a change of purpose needs --update']);
    }
    const counts = await writeNumbers(tx, rows, ctx.actor, now);
    // One entry per changed number, under the number's id like its other changes, so its history
    // shows the import; a single entry for a large import would not fit the audit's text column.
    for (const change of changes) {
      const id = existing.get(change.e164)?.id ?? null;
      await appendAudit(tx, {
        actor: ctx.actor,
        action: 'import-update',
        entity: 'number',
        entityId: id === null ? null : String(id),
        ...auditValues(change),
        at: now,
      });
    }
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'import',
      entity: 'numbers',
      entityId: null,
      after: { ...counts, changed: changes.length, source: input.source },
      at: now,
    });
    return { rows: rows.length, counts, changes };
  });
}

/** The file's province/city win; otherwise the number's own area code or 号段 tells. */
async function homeArea(
  ctx: ActionContext,
  regions: Readonly<Record<string, string>>,
  row: Lined<NumberImportRow>,
): Promise<Area> {
  const resolved = await ctx.areas.resolve(row.number);
  if (!row.province) return resolved;
  const province = normalizeProvince(row.province) ?? row.province;
  const city = row.city ?? (province === resolved.province ? resolved.city : null);
  return { ...resolved, province, city, region: regions[province] ?? null, source: 'prefix-table' };
}
