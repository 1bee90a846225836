// The atomic reservation (S4, C4) for one callee: in one short transaction, lock the callee, read
// its state, let the caller decide on it, take one unit of the chosen number's daily cap and insert
// the call row. On MariaDB/MySQL two round trips (reservation-batch.ts); on SQLite the same
// statements through knex. The store chooses nothing: a number found full is reported back and
// call-flow (call-flow/decision-steps/reserve.ts) decides what to try next. Deadlocks and lock
// timeouts are retried here and never reach the caller.
import type { Knex } from 'knex';
import { insertCallRow } from '../calls/call-log.ts';
import {
  calleeStateFromRows,
  calleeStateStatement,
  type CalleeStateRow,
} from '../calls/callee-repository.ts';
import type { Database } from '../connection/database.ts';
import type { Statement } from '../connection/mysql-batch.ts';
import { affectedRows, isRetryableLockError, rowsOf } from '../connection/raw-result.ts';
import type { ReserveAttempt, ReserveInput } from './reservation-attempt.ts';
import { reserveInBatches } from './reservation-batch.ts';
import { foldIntoUncheckedRow, type ExistingRow } from '../calls/unchecked-call-repository.ts';
import { lockCalleeStatement, takeCapUnitStatement } from './reservation-sql.ts';

export type { ReserveAttempt, ReserveInput } from './reservation-attempt.ts';

const MAX_LOCK_RETRIES = 8;

/** Decides under the callee's lock and records the decision, with its cap unit when allowed. */
export function reserveForCallee(db: Database, input: ReserveInput): Promise<ReserveAttempt> {
  return withLockRetries(() =>
    db.dialect === 'mysql' ? reserveInBatches(db, input) : reserveWithKnex(db, input),
  );
}

async function withLockRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryableLockError(err) || n >= MAX_LOCK_RETRIES) throw err;
      await sleep(2 + Math.random() * 8 * n);
    }
  }
}

/** The same attempt as reserveInBatches, one statement at a time in a knex transaction. */
function reserveWithKnex(db: Database, input: ReserveInput): Promise<ReserveAttempt> {
  const { calleeE164 } = input;
  return db.knex.transaction(async (trx): Promise<ReserveAttempt> => {
    await run(trx, lockCalleeStatement(db.dialect, calleeE164));
    const stateResult = await run(trx, calleeStateStatement(calleeE164, input.since, false));
    const decision = input.decide(calleeStateFromRows(rowsOf<CalleeStateRow>(db.dialect, stateResult)));
    if (decision.kind === 'blocked') {
      const callId = await insertCallRow(trx, { ...input.row, decision, usageDay: null, route: null });
      return { kind: 'decided', decision, callId };
    }
    const taken = await run(trx, takeCapUnitStatement(db.dialect, decision.number, input.usageDay));
    if (affectedRows(db.dialect, taken) === 0) return { kind: 'refused', number: decision.number };
    const route = input.routeFor(decision);
    const callId = await insertCallRow(trx, { ...input.row, decision, usageDay: input.usageDay, route });
    return { kind: 'decided', decision, callId };
  });
}

function run(trx: Knex.Transaction, statement: Statement): Promise<unknown> {
  return trx.raw(statement.sql, [...statement.values] as Knex.RawBinding[]);
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
      .first(
        'id',
        'number_id',
        'usage_day',
        'server_id',
        'channel_id',
        'trace',
        'status',
        'unchecked_key',
      )) as ExistingRow | undefined;
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
    await foldIntoUncheckedRow(trx, call);
    return { numberId: call.number_id === null ? null : Number(call.number_id) };
  });
}
