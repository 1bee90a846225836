// Facts the health jobs judge numbers on, read in bulk: marks per number, each number's latest mark
// check, and from the state history when numbers left service (sizing, appeal outcomes).
import type { Knex } from 'knex';
import type { MarkRecord } from '../../domain/health/mark.ts';
import type { MarkCheck } from '../../domain/lifecycle/warm-up.ts';
import { IN_SERVICE_STATES, isInService, NUMBER_STATES } from '../../domain/pool/pool-number.ts';
import { fromDbTime, toDbTime } from '../connection/db-time.ts';
import { MARK_COLUMNS, toMarkRecord, type MarkDbRow } from './mark-repository.ts';

/** A history row from a state in service to one out of it means the number left service. */
const SERVING = [...IN_SERVICE_STATES];
const OUT = NUMBER_STATES.filter((s) => s !== 'new' && !isInService(s));

export async function loadMarksByNumber(knex: Knex): Promise<Map<number, MarkRecord[]>> {
  const rows = (await knex('marks')
    .orderBy(['number_id', 'platform', 'mark_type'])
    .select(MARK_COLUMNS)) as MarkDbRow[];
  const byNumber = new Map<number, MarkRecord[]>();
  for (const r of rows) {
    const record = toMarkRecord(r);
    const list = byNumber.get(record.numberId) ?? [];
    list.push(record);
    byNumber.set(record.numberId, list);
  }
  return byNumber;
}

/** The latest mark_checks row of every number that was ever checked. */
export async function latestMarkChecks(knex: Knex): Promise<Map<number, MarkCheck>> {
  const latest = knex('mark_checks').max('id as id').groupBy('number_id');
  const rows = (await knex('mark_checks')
    .whereIn('id', latest)
    .select('number_id', 'checked_at', 'status')) as {
    number_id: number;
    checked_at: string;
    status: 'ok' | 'failed';
  }[];
  return new Map(
    rows.map((r) => [Number(r.number_id), { checkedAt: fromDbTime(r.checked_at), status: r.status }]),
  );
}

/** How many times each number left service in [from, to). */
export async function leftServiceCounts(knex: Knex, from: Date, to: Date): Promise<Map<number, number>> {
  const rows = (await knex('number_state_history')
    .whereIn('from_state', SERVING)
    .whereIn('to_state', OUT)
    .where('at', '>=', toDbTime(from))
    .where('at', '<', toDbTime(to))
    .groupBy('number_id')
    .select('number_id', knex.raw('COUNT(*) AS n'))) as { number_id: number; n: number | string }[];
  return new Map(rows.map((r) => [Number(r.number_id), Number(r.n)]));
}

/** When the number last left service, or null when the history never shows it leaving. */
export async function outOfServiceSince(knex: Knex, numberId: number): Promise<Date | null> {
  const row = (await knex('number_state_history')
    .where({ number_id: numberId })
    .whereIn('from_state', SERVING)
    .whereIn('to_state', OUT)
    .orderBy('id', 'desc')
    .first('at')) as { at: string } | undefined;
  return row ? fromDbTime(row.at) : null;
}
