// Bounded reads behind the supervisor's reports: a long range of calls is read a few days at a time
// by the indexed decided_at range, and only the numbers those calls used. Used by report-repository.
import type { Knex } from 'knex';
import type { CallRecord } from '../../domain/health/call-record.ts';
import { addDays, daysBetween } from '../../domain/health/civil-date.ts';
import { callDay } from '../../domain/health/daily-stats.ts';
import type { SubPoolMember } from '../../domain/health/sub-pool.ts';
import type { NumberPurpose } from '../../domain/pool/pool-number.ts';
import { CALL_RECORD_COLUMNS, toCallRecord, type CallDbRow } from '../health/daily-stats-repository.ts';

/** Days read per query: a month of a large pool never sits in memory at once. */
const DAYS_PER_QUERY = 7;

export interface ReportNumber extends SubPoolMember {
  e164: string;
}

/** Every pool-local date from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
}

/**
 * Hands the calls whose stats day (callDay) is in `days` to `visit`, a few days per query. Each call
 * belongs to exactly one day, so every call is visited once and a day's calls arrive together.
 */
export async function forEachCallChunk(
  knex: Knex,
  days: readonly string[],
  timeZone: string,
  visit: (calls: CallRecord[]) => Promise<void> | void,
): Promise<void> {
  for (let i = 0; i < days.length; i += DAYS_PER_QUERY) {
    await visit(await loadCallsOfDays(knex, days.slice(i, i + DAYS_PER_QUERY), timeZone));
  }
}

async function loadCallsOfDays(knex: Knex, days: readonly string[], timeZone: string): Promise<CallRecord[]> {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return [];
  // A pool-local day lies within a UTC day either side of its date; decided_at is indexed
  // (calls_time_idx), usage_day is not, so it only narrows the rows that range finds.
  const rows = (await knex('calls')
    .where('decided_at', '>=', `${addDays(first, -1)} 00:00:00.000`)
    .where('decided_at', '<', `${addDays(last, 2)} 00:00:00.000`)
    .where((q) => {
      q.whereIn('usage_day', [...days]).orWhereNull('usage_day');
    })
    .select(...CALL_RECORD_COLUMNS)) as CallDbRow[];
  const wanted = new Set(days);
  return rows.map(toCallRecord).filter((c) => wanted.has(callDay(c, timeZone)));
}

/** Purpose, home region and E.164 of the given numbers (deleted numbers are simply absent). */
export async function loadReportNumbers(
  knex: Knex,
  ids: Iterable<number>,
): Promise<Map<number, ReportNumber>> {
  const all = [...new Set(ids)];
  const numbers = new Map<number, ReportNumber>();
  for (let i = 0; i < all.length; i += 1000) {
    const rows = (await knex('numbers')
      .whereIn('id', all.slice(i, i + 1000))
      .select('id', 'e164', 'purpose', 'region')) as {
      id: number;
      e164: string;
      purpose: NumberPurpose;
      region: string | null;
    }[];
    for (const r of rows) numbers.set(Number(r.id), { e164: r.e164, purpose: r.purpose, region: r.region });
  }
  return numbers;
}
