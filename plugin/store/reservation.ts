// The atomic reservation (S4, C4): in one short transaction, lock the callee, read its state, decide,
// take one unit of the chosen number's daily cap and insert the pending call row. Deadlocks and
// lock timeouts are retried here and never reach the caller.
import type { Knex } from 'knex';
import { decideForCallee, type CalleeDecisionInput, type Decision } from '../domain/decision.ts';
import { capToday, type PoolNumber } from '../domain/pool/pool-number.ts';
import { lookbackMinutes } from '../domain/rules/frequency.ts';
import { readCalleeState } from './callee-repository.ts';
import { insertCallRow, type CallRowInput } from './call-log.ts';
import type { Database } from './database.ts';
import { toDbTime } from './db-time.ts';
import { affectedRows, isRetryableLockError } from './raw-result.ts';
import type { UsageTracker } from './usage-tracker.ts';

const MAX_LOCK_RETRIES = 8;
/** After this many refused numbers the usage view is clearly stale: reload it once. */
const REFUSALS_BEFORE_REFRESH = 32;

export interface ReserveInput extends Omit<CalleeDecisionInput, 'state' | 'usage' | 'exclude'> {
  usageDay: string;
  usage: UsageTracker;
  row: Omit<CallRowInput, 'decision' | 'usageDay' | 'route'>;
  routeFor: (decision: Decision) => string | null;
}

export interface ReserveResult {
  decision: Decision;
  callId: number;
}

export async function reserve(db: Database, input: ReserveInput): Promise<ReserveResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.knex.transaction((trx) => reserveOnce(db, trx, input));
      if (result.decision.kind === 'allowed') input.usage.noteReserved(result.decision.number.id);
      return result;
    } catch (err) {
      if (!isRetryableLockError(err) || attempt >= MAX_LOCK_RETRIES) throw err;
      await sleep(2 + Math.random() * 8 * attempt);
    }
  }
}

async function reserveOnce(db: Database, trx: Knex.Transaction, input: ReserveInput): Promise<ReserveResult> {
  const calleeE164 = input.callee.e164;
  await lockCallee(db, trx, calleeE164);
  const since = new Date(
    input.now.getTime() - lookbackMinutes(input.rules.frequency[input.request.purpose]) * 60_000,
  );
  // DNC, consent, recent calls and the sticky number, read under the lock in one round trip.
  const state = await readCalleeState(trx, calleeE164, since);
  const exclude = new Set<number>();
  let refreshed = false;
  for (;;) {
    const decision = decideForCallee({ ...input, state, exclude });
    if (decision.kind === 'blocked') {
      const callId = await insertCallRow(trx, { ...input.row, decision, usageDay: null, route: null });
      return { decision, callId };
    }
    if (await takeCapUnit(db, trx, decision.number, input.usageDay)) {
      const route = input.routeFor(decision);
      const callId = await insertCallRow(trx, { ...input.row, decision, usageDay: input.usageDay, route });
      await recordCalleeCall(trx, calleeE164, decision.number.id, input.request.agent, input.now);
      return { decision, callId };
    }
    input.usage.noteFull(decision.number.id, capToday(decision.number));
    exclude.add(decision.number.id);
    if (!refreshed && exclude.size >= REFUSALS_BEFORE_REFRESH) {
      refreshed = true;
      // On the transaction's own connection: waiting for a second one while holding row locks could
      // starve the pool.
      await input.usage.refresh(input.usageDay, trx);
    }
  }
}

/** Row-locks the callee (creating its row if needed) so decisions for one callee run one at a time. */
async function lockCallee(db: Database, trx: Knex.Transaction, calleeE164: string): Promise<void> {
  if (db.dialect === 'mysql') {
    // ON DUPLICATE KEY UPDATE takes the exclusive lock at once; INSERT IGNORE would take a shared
    // lock first and let two deciders deadlock upgrading it.
    await trx.raw(
      'INSERT INTO callee_history (callee_e164, calls_total) VALUES (?, 0) ON DUPLICATE KEY UPDATE callee_e164 = callee_e164',
      [calleeE164],
    );
  } else {
    await trx.raw(
      'INSERT INTO callee_history (callee_e164, calls_total) VALUES (?, 0) ON CONFLICT DO NOTHING',
      [calleeE164],
    );
  }
}

/** One unit of the number's cap for the day, or false when the cap is already reached. */
async function takeCapUnit(
  db: Database,
  trx: Knex.Transaction,
  number: PoolNumber,
  day: string,
): Promise<boolean> {
  const cap = capToday(number);
  // The row is taken only while the number is still in service for this purpose in the database:
  // a number suspended a moment ago (fraud mark) is refused even if this process's cache lags.
  const stillServing =
    "SELECT ?, ?, 1 FROM numbers WHERE id = ? AND tier = 'main' AND state IN ('active', 'warming') AND purpose = ?";
  const bindings = [number.id, day, number.id, number.purpose, cap];
  if (db.dialect === 'mysql') {
    // affectedRows: 1 inserted, 2 incremented, 0 unchanged (cap reached; needs the -FOUND_ROWS flag).
    const result: unknown = await trx.raw(
      `INSERT INTO number_daily_usage (number_id, day, used) ${stillServing} ` +
        'ON DUPLICATE KEY UPDATE used = IF(used < ?, used + 1, used)',
      bindings,
    );
    return affectedRows(db.dialect, result) > 0;
  }
  const result: unknown = await trx.raw(
    `INSERT INTO number_daily_usage (number_id, day, used) ${stillServing} ` +
      'ON CONFLICT (number_id, day) DO UPDATE SET used = used + 1 WHERE used < ?',
    bindings,
  );
  return affectedRows(db.dialect, result) > 0;
}

async function recordCalleeCall(
  trx: Knex.Transaction,
  calleeE164: string,
  numberId: number,
  agent: string,
  now: Date,
): Promise<void> {
  const at = toDbTime(now);
  await trx('callee_history')
    .where({ callee_e164: calleeE164 })
    .update({
      first_called_at: trx.raw('COALESCE(first_called_at, ?)', [at]),
      last_called_at: at,
      last_number_id: numberId,
      last_agent: agent,
      calls_total: trx.raw('calls_total + 1'),
    });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Gives back a pending call's reservation (the channel hung up before it was dialed).
 * Returns the number whose unit was given back (null when none), or false when nothing was pending.
 */
export async function releaseReservation(
  db: Database,
  callId: number,
): Promise<{ numberId: number | null } | false> {
  return db.knex.transaction(async (trx) => {
    const call = (await trx('calls')
      .where({ id: callId, status: 'pending' })
      .first('number_id', 'usage_day')) as { number_id: number | null; usage_day: string | null } | undefined;
    if (!call) return false;
    const changed = await trx('calls')
      .where({ id: callId, status: 'pending' })
      .update({ status: 'released' });
    if (changed === 0) return false;
    if (call.number_id !== null && call.usage_day !== null) {
      await trx('number_daily_usage')
        .where({ number_id: call.number_id, day: String(call.usage_day).slice(0, 10) })
        .where('used', '>', 0)
        .update({ used: trx.raw('used - 1') });
    }
    return { numberId: call.number_id === null ? null : Number(call.number_id) };
  });
}
