// Import of the reference data an administrator keeps in spreadsheets: agents, the DNC list and
// marketing consents. Every line validated (free text included), then written and audited in one
// transaction, or nothing at all. Called by import-csv.ts.
import type { CsvRecord } from '../../import/csv-table.ts';
import {
  validateAgentRows,
  validateConsentRows,
  validateDncRows,
  type RowsResult,
} from '../../import/import-rows.ts';
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction, type Queryable } from '../../store/connection/database.ts';
import {
  writeAgents,
  writeConsents,
  writeDnc,
  type WriteCounts,
} from '../../store/reference/import-writer.ts';
import type { ActionContext } from '../action-context.ts';
import { importRejected } from './import-rejected.ts';

export type ReferenceKind = 'agents' | 'dnc' | 'consents';

export interface ReferenceImported {
  rows: number;
  counts: WriteCounts;
}

export async function importReference(
  ctx: ActionContext,
  kind: ReferenceKind,
  records: readonly CsvRecord[],
  source: string,
): Promise<ReferenceImported> {
  const now = ctx.now();
  switch (kind) {
    case 'agents':
      return save(ctx, kind, source, validateAgentRows(records), (tx, rows) =>
        writeAgents(tx, rows, ctx.actor, now),
      );
    case 'dnc':
      return save(ctx, kind, source, validateDncRows(records), (tx, rows) =>
        writeDnc(tx, rows, ctx.actor, now),
      );
    case 'consents':
      return save(ctx, kind, source, validateConsentRows(records), (tx, rows) => writeConsents(tx, rows));
  }
}

/** Refuses the file when a line is bad; otherwise writes the rows and one audit entry for the import. */
async function save<T>(
  ctx: ActionContext,
  kind: ReferenceKind,
  source: string,
  valid: RowsResult<T>,
  write: (tx: Queryable, rows: readonly T[]) => Promise<WriteCounts>,
): Promise<ReferenceImported> {
  if (!valid.ok) throw importRejected(source, valid.errors);
  const { rows } = valid;
  return inTransaction(ctx.db, async (tx) => {
    const counts = await write(tx, rows);
    // A DNC entry already listed keeps its first reason: it is counted as unchanged, not updated.
    const unchanged = rows.length - counts.inserted - counts.updated;
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'import',
      entity: kind,
      entityId: null,
      after: { ...counts, ...(unchanged ? { unchanged } : {}), source },
      at: ctx.now(),
    });
    return { rows: rows.length, counts };
  });
}
