// The reservation's write statements per dialect: the callee's lock row and one unit of a
// number's daily cap. Shared by the batched path (MariaDB/MySQL) and the knex path (SQLite).
import { capToday, IN_SERVICE_STATES, type PoolNumber } from '../../domain/pool/pool-number.ts';
import type { Dialect } from '../connection/database.ts';
import type { Statement } from '../connection/mysql-batch.ts';

/** Row-locks the callee (creating its row if needed) so decisions for one callee run one at a time. */
export function lockCalleeStatement(dialect: Dialect, calleeE164: string): Statement {
  if (dialect === 'mysql') {
    // ON DUPLICATE KEY UPDATE takes the exclusive lock at once; INSERT IGNORE would take a shared
    // lock first and let two deciders deadlock upgrading it.
    return {
      sql: 'INSERT INTO callee_history (callee_e164, calls_total) VALUES (?, 0) ON DUPLICATE KEY UPDATE callee_e164 = callee_e164',
      values: [calleeE164],
    };
  }
  return {
    sql: 'INSERT INTO callee_history (callee_e164, calls_total) VALUES (?, 0) ON CONFLICT DO NOTHING',
    values: [calleeE164],
  };
}

/** The domain's placesCalls (main tier, in service) as SQL; the states are the domain's constants. */
const PLACES_CALLS_SQL = `tier = 'main' AND state IN (${IN_SERVICE_STATES.map((state) => `'${state}'`).join(', ')})`;

/**
 * One unit of the number's cap for the day. Affects no row when the cap is already reached
 * (MariaDB/MySQL: affectedRows 1 inserted, 2 incremented, 0 unchanged — needs the -FOUND_ROWS flag).
 * The row is taken only while the number is still in service for this purpose in the database:
 * a number suspended a moment ago (fraud mark) is refused even if this process's cache lags.
 */
export function takeCapUnitStatement(dialect: Dialect, number: PoolNumber, day: string): Statement {
  const stillServing = `SELECT ?, ?, 1 FROM numbers WHERE id = ? AND ${PLACES_CALLS_SQL} AND purpose = ?`;
  const values = [number.id, day, number.id, number.purpose, capToday(number)];
  if (dialect === 'mysql') {
    return {
      sql:
        `INSERT INTO number_daily_usage (number_id, day, used) ${stillServing} ` +
        'ON DUPLICATE KEY UPDATE used = IF(used < ?, used + 1, used)',
      values,
    };
  }
  return {
    sql:
      `INSERT INTO number_daily_usage (number_id, day, used) ${stillServing} ` +
      'ON CONFLICT (number_id, day) DO UPDATE SET used = used + 1 WHERE used < ?',
    values,
  };
}

/**
 * Remembers in the session whether the statement just before took a unit, for the calls row that
 * follows in the same batch. A user variable rather than ROW_COUNT() in the insert itself, which
 * statement-based binary logging does not replicate reliably.
 */
export const NOTE_CAP_UNIT_TAKEN: Statement = { sql: 'SET @numpool_cap_taken = ROW_COUNT()', values: [] };
export const IF_CAP_UNIT_TAKEN = '@numpool_cap_taken > 0';
