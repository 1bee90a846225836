// Logs calls that went on without numpool's decision (fail policy, watchdog, late or lost
// decisions), one row per Asterisk channel, and withdraws decisions that never reached their
// channel. Called by the unchecked-call reconciler and the per-call handler.
import type { Knex } from 'knex';
import type { Area } from '../../domain/areas/area.ts';
import type { Database } from '../connection/database.ts';
import { toDbTime } from '../connection/db-time.ts';
import { isDuplicateKey } from '../connection/raw-result.ts';

export interface UncheckedOutcome {
  dialStatus: string;
  talkSeconds: number | null;
  /** Asterisk's DIALEDTIME: ringing plus talking. */
  dialedSeconds: number | null;
  hangupCause: number | null;
  endedAt: Date;
}

export interface UncheckedCall {
  serverId: string;
  /** The channel's uniqueid (ARI channel id). */
  uniqueId: string;
  startedAt: Date;
  agent: string;
  calleeInput: string;
  calleeE164: string | null;
  area: Area | null;
  purpose: string;
  /** Why numpool did not decide: APP_UNAVAILABLE, WATCHDOG, TIMEOUT, LATE, INVALID_NUMBER, … */
  reason: string;
  /** The caller ID the call went out with (the agent's own), when known. */
  callerId: string | null;
  /** Null while the call is still up. */
  outcome: UncheckedOutcome | null;
}

export type UncheckedRecordResult = 'inserted' | 'converted' | 'completed' | 'unchanged';

export interface ExistingRow {
  id: number;
  server_id: string | null;
  channel_id: string | null;
  trace: string | null;
  status: string;
  number_id: number | null;
  usage_day: string | null;
  unchecked_key: string | null;
}

/**
 * Stores the call once, whichever of its reports comes first and however often: a row already
 * logged for the channel (a decision that came too late) becomes the unchecked row and gives back
 * its cap unit; a second report only adds the outcome.
 */
export async function recordUncheckedCall(db: Database, call: UncheckedCall): Promise<UncheckedRecordResult> {
  const key = `${call.serverId}/${call.uniqueId}`.slice(0, 191);
  try {
    return await db.knex.transaction((trx) => recordOnce(db, trx, key, call));
  } catch (err) {
    // Another numpool process (or report) inserted the same call a moment ago.
    if (!isDuplicateKey(err)) throw err;
    return db.knex.transaction((trx) => recordOnce(db, trx, key, call));
  }
}

async function recordOnce(
  db: Database,
  trx: Knex.Transaction,
  key: string,
  call: UncheckedCall,
): Promise<UncheckedRecordResult> {
  const logged = (await lockedRead(db, trx('calls').where({ unchecked_key: key })).first()) as
    ExistingRow | undefined;
  if (logged) {
    // unknown: the outcome TTL passed while the call was still up (a long call); it completes now.
    if (!['pending', 'unknown'].includes(logged.status) || call.outcome === null) return 'unchanged';
    await trx('calls').where({ id: logged.id }).update(outcomeColumns(call));
    return 'completed';
  }
  const decided = (await lockedRead(
    db,
    trx('calls')
      .where({ server_id: call.serverId, channel_id: call.uniqueId })
      .whereNull('unchecked_key')
      .orderBy('id', 'desc'),
  ).first()) as ExistingRow | undefined;
  if (decided) {
    await giveBackCapUnit(trx, decided);
    await trx('calls')
      .where({ id: decided.id })
      .update({ ...uncheckedColumns(key, call), ...outcomeColumns(call) });
    return 'converted';
  }
  await trx('calls').insert({
    server_id: call.serverId,
    channel_id: call.uniqueId.slice(0, 128),
    agent: call.agent.slice(0, 64),
    callee_input: call.calleeInput.slice(0, 64),
    callee_e164: call.calleeE164,
    callee_province: call.area?.province ?? null,
    callee_city: call.area?.city ?? null,
    callee_region: call.area?.region ?? null,
    purpose: call.purpose.slice(0, 16),
    dry_run: false,
    decided_at: toDbTime(call.startedAt),
    decision_ms: null,
    trace: null,
    ...uncheckedColumns(key, call),
    ...outcomeColumns(call),
  });
  return 'inserted';
}

function uncheckedColumns(key: string, call: UncheckedCall): Record<string, unknown> {
  return {
    unchecked_key: key,
    decision: 'unchecked',
    reason: call.reason.slice(0, 32),
    number_id: null,
    caller_id: call.callerId?.slice(0, 20) || null,
    route: null,
    usage_day: null,
  };
}

/** Dialed → completed with its outcome; never dialed (refused by the policy, abandoned) → blocked. */
function outcomeColumns(call: UncheckedCall): Record<string, unknown> {
  const o = call.outcome;
  if (o === null) return { status: 'pending' };
  const dialed = o.dialStatus !== '';
  const talk = o.talkSeconds;
  const answeredAt = talk !== null && talk > 0 ? new Date(o.endedAt.getTime() - talk * 1000) : null;
  return {
    status: dialed ? 'completed' : 'blocked',
    dial_status: dialed ? o.dialStatus.slice(0, 16) : null,
    talk_seconds: talk,
    ring_seconds: o.dialedSeconds === null ? null : Math.max(0, o.dialedSeconds - (talk ?? 0)),
    hangup_cause: o.hangupCause,
    answered_at: answeredAt ? toDbTime(answeredAt) : null,
    ended_at: toDbTime(o.endedAt),
  };
}

async function giveBackCapUnit(trx: Knex.Transaction, row: ExistingRow): Promise<void> {
  if (row.status !== 'pending' || row.number_id === null || row.usage_day === null) return;
  await trx('number_daily_usage')
    .where({ number_id: row.number_id, day: String(row.usage_day).slice(0, 10) })
    .where('used', '>', 0)
    .update({ used: trx.raw('used - 1') });
}

/**
 * A decision whose channel instructions failed: its cap unit goes back and the row says it never
 * reached the channel (status not_applied). Returns the number given back, null when none, or
 * false when the row had already moved on (outcome, release, or logged as unchecked).
 */
export async function withdrawDecision(
  db: Database,
  callId: number,
): Promise<{ numberId: number | null } | false> {
  return db.knex.transaction(async (trx) => {
    const row = (await lockedRead(
      db,
      trx('calls').where({ id: callId }).whereIn('status', ['pending', 'blocked']).whereNull('unchecked_key'),
    ).first()) as ExistingRow | undefined;
    if (!row) return false;
    await giveBackCapUnit(trx, row);
    if (!(await foldIntoUncheckedRow(trx, row)))
      await trx('calls').where({ id: row.id }).update({ status: 'not_applied' });
    const released = row.status === 'pending' && row.number_id !== null;
    return { numberId: released ? Number(row.number_id) : null };
  });
}

/**
 * The dialplan may have logged this channel's call as unchecked before the withdrawn decision was
 * even written (a slow database): that row tells what happened, so the decision's row goes, its
 * trace kept on the unchecked row. One row per call either way.
 */
export async function foldIntoUncheckedRow(trx: Knex.Transaction, row: ExistingRow): Promise<boolean> {
  if (row.server_id === null || row.channel_id === null) return false;
  const logged = (await trx('calls')
    .where({ server_id: row.server_id, channel_id: row.channel_id })
    .whereNotNull('unchecked_key')
    .first('id', 'trace')) as { id: number; trace: string | null } | undefined;
  if (!logged) return false;
  if (logged.trace === null) await trx('calls').where({ id: logged.id }).update({ trace: row.trace });
  await trx('calls').where({ id: row.id }).delete();
  return true;
}

/** Row locks where the database has them; SQLite serialises writers anyway (and would warn). */
function lockedRead(db: Database, query: Knex.QueryBuilder): Knex.QueryBuilder {
  return db.dialect === 'mysql' ? query.forUpdate() : query;
}
