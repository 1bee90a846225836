// number_daily_stats (M4) and numbers.answer_rate: call rows of given days ↔ CallRecord in, the
// rebuilt rows out. A rebuild replaces whole days in one transaction, so it is idempotent.
import type { Knex } from 'knex';
import type { CallRecord } from '../../domain/health/call-record.ts';
import { addDays } from '../../domain/health/civil-date.ts';
import { callDay, type DayCounts, type NumberDayStats } from '../../domain/health/daily-stats.ts';
import { fromDbDate, fromDbTime, toDbTime } from '../connection/db-time.ts';

/** The columns toCallRecord reads: select these, never `*` (calls rows carry a trace). */
export const CALL_RECORD_COLUMNS = [
  'id',
  'agent',
  'purpose',
  'decision',
  'reason',
  'number_id',
  'status',
  'dry_run',
  'decided_at',
  'usage_day',
  'dial_status',
  'talk_seconds',
  'callee_province',
  'callee_city',
  'callee_region',
] as const;

export interface CallDbRow {
  id: number;
  agent: string;
  purpose: CallRecord['purpose'];
  decision: CallRecord['decision'];
  reason: string | null;
  number_id: number | null;
  status: CallRecord['status'];
  dry_run: number | boolean;
  decided_at: string;
  usage_day: string | null;
  dial_status: string | null;
  talk_seconds: number | null;
  callee_province: string | null;
  callee_city: string | null;
  callee_region: string | null;
}

export interface AuditedCall {
  id: number;
  decidedAt: string;
  agent: string;
  callee: string | null;
  dialStatus: string | null;
  talkSeconds: number | null;
}

/** The calls whose stats day (callDay) is one of `days` (consecutive pool-local dates). */
export async function loadCallRecords(
  knex: Knex,
  days: readonly string[],
  timeZone: string,
): Promise<CallRecord[]> {
  if (days.length === 0) return [];
  const sorted = [...days].sort();
  // A day in any zone lies within a day either side of the UTC date range.
  const from = `${addDays(sorted[0] ?? '', -1)} 00:00:00.000`;
  const to = `${addDays(sorted[sorted.length - 1] ?? '', 2)} 00:00:00.000`;
  // The outer decided_at range is what an index can serve at 10M rows (usage_day has none); a
  // reservation's usage_day is the pool-local day of its decided_at, so it always lies inside.
  const rows = (await knex('calls')
    .whereBetween('decided_at', [from, to])
    .where((q) => {
      q.whereIn('usage_day', sorted).orWhere((o) => {
        o.whereNull('usage_day').whereBetween('decided_at', [from, to]);
      });
    })
    .select(...CALL_RECORD_COLUMNS)) as CallDbRow[];
  const wanted = new Set(sorted);
  return rows.map(toCallRecord).filter((c) => wanted.has(callDay(c, timeZone)));
}

/** Replaces every row of `days` with `rows` (which must all fall on those days). */
export async function replaceDailyStats(
  knex: Knex,
  days: readonly string[],
  rows: readonly NumberDayStats[],
): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('number_daily_stats')
      .whereIn('day', [...days])
      .del();
    const inserts = rows.map((r) => ({
      number_id: r.numberId,
      day: r.day,
      attempts: r.attempts,
      answered: r.answered,
      talk_seconds: r.talkSeconds,
      short_answered: r.shortAnswered,
    }));
    for (let i = 0; i < inserts.length; i += 500)
      await trx('number_daily_stats').insert(inserts.slice(i, i + 500));
  });
}

/** Day counts per number from `since` (inclusive), oldest first. */
export async function loadDailyStats(knex: Knex, since: string): Promise<Map<number, DayCounts[]>> {
  const rows = (await knex('number_daily_stats')
    .where('day', '>=', since)
    .orderBy(['number_id', 'day'])
    .select('number_id', 'day', 'attempts', 'answered')) as {
    number_id: number;
    day: string;
    attempts: number;
    answered: number;
  }[];
  const byNumber = new Map<number, DayCounts[]>();
  for (const r of rows) {
    const id = Number(r.number_id);
    const list = byNumber.get(id) ?? [];
    list.push({ day: fromDbDate(r.day) ?? '', attempts: Number(r.attempts), answered: Number(r.answered) });
    byNumber.set(id, list);
  }
  return byNumber;
}

/** Writes numbers.answer_rate where it changed; returns how many numbers changed. */
export async function writeAnswerRates(
  knex: Knex,
  rates: ReadonlyMap<number, number | null>,
): Promise<number> {
  let changed = 0;
  for (const [id, rate] of rates) {
    const rounded = rate === null ? null : Math.round(rate * 10_000) / 10_000;
    const query = knex('numbers').where({ id });
    if (rounded === null) query.whereNotNull('answer_rate');
    else
      query.where((q) => {
        q.whereNull('answer_rate').orWhere('answer_rate', '<>', rounded);
      });
    changed += await query.update({ answer_rate: rounded });
  }
  return changed;
}

/** The number's calls in [since, until], for the internal audit a fraud mark calls for (M3). */
export async function listCallsForAudit(
  knex: Knex,
  numberId: number,
  since: Date,
  until: Date,
  limit = 200,
): Promise<AuditedCall[]> {
  const rows = (await knex('calls')
    .where({ number_id: numberId, decision: 'allowed' })
    .whereBetween('decided_at', [toDbTime(since), toDbTime(until)])
    .orderBy('decided_at', 'desc')
    .limit(limit)
    .select('id', 'decided_at', 'agent', 'callee_e164', 'dial_status', 'talk_seconds')) as {
    id: number;
    decided_at: string;
    agent: string;
    callee_e164: string | null;
    dial_status: string | null;
    talk_seconds: number | null;
  }[];
  return rows.map((r) => ({
    id: Number(r.id),
    decidedAt: fromDbTime(r.decided_at).toISOString(),
    agent: r.agent,
    callee: r.callee_e164,
    dialStatus: r.dial_status,
    talkSeconds: r.talk_seconds === null ? null : Number(r.talk_seconds),
  }));
}

export function toCallRecord(r: CallDbRow): CallRecord {
  return {
    id: Number(r.id),
    agent: r.agent,
    purpose: r.purpose,
    decision: r.decision,
    reason: r.reason,
    numberId: r.number_id === null ? null : Number(r.number_id),
    status: r.status,
    dryRun: Boolean(r.dry_run),
    decidedAt: fromDbTime(r.decided_at),
    usageDay: fromDbDate(r.usage_day),
    dialStatus: r.dial_status,
    talkSeconds: r.talk_seconds === null ? null : Number(r.talk_seconds),
    calleeProvince: r.callee_province,
    calleeCity: r.callee_city,
    calleeRegion: r.callee_region,
  };
}
