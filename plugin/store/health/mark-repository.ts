// Spam marks per number × platform × type (M1) and the log of provider checks: rows ↔ MarkRecord.
// The merge rule is the domain's; callers lock, merge and save inside one transaction.
import type { Knex } from 'knex';
import type { MarkRecord, MarkSource, MarkType } from '../../domain/marks/mark.ts';
import type { MarkCheckResult } from '../../domain/marks/mark-provider.ts';
import { AppError } from '../../errors/index.ts';
import type { Database } from '../connection/database.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';

export interface MarkCheckRow {
  numberId: number;
  provider: string;
  checkedAt: Date;
  status: 'ok' | 'failed';
  error: { code: string; message: string } | null;
  raw: string | null;
}

export interface MarkDbRow {
  number_id: number;
  platform: string;
  mark_type: MarkType;
  count: number;
  first_seen_at: string;
  last_seen_at: string;
  source: MarkSource;
  cleared_at: string | null;
}

const RAW_MAX_CHARS = 4000;
export const MARK_COLUMNS = [
  'number_id',
  'platform',
  'mark_type',
  'count',
  'first_seen_at',
  'last_seen_at',
  'source',
  'cleared_at',
];

/** One `marks` row as the domain's MarkRecord. */
export function toMarkRecord(r: MarkDbRow): MarkRecord {
  return {
    numberId: Number(r.number_id),
    platform: r.platform,
    type: r.mark_type,
    count: Number(r.count),
    firstSeenAt: fromDbTime(r.first_seen_at),
    lastSeenAt: fromDbTime(r.last_seen_at),
    source: r.source,
    clearedAt: fromDbTimeOrNull(r.cleared_at),
  };
}

/** Locks the number's row (so one writer at a time folds into its marks) and returns its marks. */
export async function lockNumberMarks(db: Database, trx: Knex, numberId: number): Promise<MarkRecord[]> {
  const lock = trx('numbers').where({ id: numberId }).first('id');
  if (!(await (db.dialect === 'mysql' ? lock.forUpdate() : lock))) {
    throw new AppError('NUMPOOL_NUMBER_UNKNOWN', `number ${numberId} does not exist`);
  }
  return listMarks(trx, numberId);
}

/** Upserts records by (number, platform, type). */
export async function saveMarkRecords(trx: Knex, records: readonly MarkRecord[], at: Date): Promise<void> {
  for (const record of records) {
    await trx('marks')
      .insert(toRow(record, at))
      .onConflict(['number_id', 'platform', 'mark_type'])
      .merge(['count', 'first_seen_at', 'last_seen_at', 'source', 'cleared_at', 'updated_at']);
  }
}

/** Logs one provider check, ok or failed (with the error and the raw answer for diagnosis). */
export async function insertMarkCheck(
  knex: Knex,
  check: { numberId: number; provider: string; checkedAt: Date; result: MarkCheckResult },
): Promise<void> {
  const { result } = check;
  await knex('mark_checks').insert({
    number_id: check.numberId,
    provider: check.provider.slice(0, 64),
    checked_at: toDbTime(check.checkedAt),
    status: result.ok ? 'ok' : 'failed',
    error: result.ok
      ? null
      : JSON.stringify({ code: result.error.code, message: result.error.message.slice(0, 1000) }),
    raw: result.raw === undefined ? null : result.raw.slice(0, RAW_MAX_CHARS),
  });
}

export async function listMarks(
  knex: Knex,
  numberId: number,
  options: { includeCleared?: boolean } = {},
): Promise<MarkRecord[]> {
  const query = knex('marks').where({ number_id: numberId });
  if (options.includeCleared === false) query.whereNull('cleared_at');
  const rows = (await query.orderBy(['platform', 'mark_type']).select(MARK_COLUMNS)) as MarkDbRow[];
  return rows.map(toMarkRecord);
}

export async function listMarkChecks(knex: Knex, numberId: number, limit = 20): Promise<MarkCheckRow[]> {
  const rows = (await knex('mark_checks')
    .where({ number_id: numberId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('number_id', 'provider', 'checked_at', 'status', 'error', 'raw')) as {
    number_id: number;
    provider: string;
    checked_at: string;
    status: 'ok' | 'failed';
    error: string | null;
    raw: string | null;
  }[];
  return rows.map((r) => ({
    numberId: Number(r.number_id),
    provider: r.provider,
    checkedAt: fromDbTime(r.checked_at),
    status: r.status,
    error: r.error === null ? null : (JSON.parse(r.error) as { code: string; message: string }),
    raw: r.raw,
  }));
}

/** Pool number ids by E.164, for imports and manual entry that name numbers. */
export async function numberIdsByE164(knex: Knex, e164s: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < e164s.length; i += 500) {
    const rows = (await knex('numbers')
      .whereIn('e164', e164s.slice(i, i + 500))
      .select('id', 'e164')) as { id: number; e164: string }[];
    for (const r of rows) ids.set(r.e164, Number(r.id));
  }
  return ids;
}

function toRow(record: MarkRecord, at: Date): Record<string, string | number | null> {
  return {
    number_id: record.numberId,
    platform: record.platform,
    mark_type: record.type,
    count: record.count,
    first_seen_at: toDbTime(record.firstSeenAt),
    last_seen_at: toDbTime(record.lastSeenAt),
    source: record.source,
    cleared_at: record.clearedAt === null ? null : toDbTime(record.clearedAt),
    updated_at: toDbTime(at),
  };
}
