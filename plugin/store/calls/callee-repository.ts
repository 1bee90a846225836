// Reads everything about one callee that a decision needs — DNC (C5), marketing consent (C6),
// recent calls placed, decided or unchecked (C4) and the number of its last call (S5) — in a
// single statement, run by the reservation (inside its transaction) and by dry runs.
import type { Knex } from 'knex';
import type { CalleeState } from '../../domain/decision.ts';
import type { Dialect } from '../connection/database.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';
import type { Statement } from '../connection/mysql-batch.ts';
import { rowsOf } from '../connection/raw-result.ts';

export interface CalleeStateRow {
  kind: 'dnc' | 'consent' | 'call' | 'sticky';
  t1: string | null;
  t2: string | null;
  t3: string | null;
  s1: string | null;
  s2: string | null;
  n1: number | null;
}

// Calls that reached (or may have reached) the callee: unchecked calls that went out under the
// fail policy count for C4 too; released, blocked and withdrawn (not_applied) ones do not.
const LIVE_CALL = "status NOT IN ('released', 'blocked', 'not_applied') AND dry_run IN (0, ?)";

/**
 * One UNION ALL of four primary-key or index lookups, plain SQL that MariaDB/MySQL and SQLite both
 * run. Inside the reservation it runs under the callee's row lock, so the calls it sees are every
 * call to this callee.
 *
 * S5 reads the newest allowed call whatever its age, not only the calls in the frequency
 * lookback: a callback may come weeks later, and the number is still checked for eligibility.
 * `callee_history` only holds the lock row; its other columns are no longer maintained.
 *
 * `shadow`: a dry-run decision also counts earlier dry-run calls (and their numbers), as
 * enforcement would have.
 */
export function calleeStateStatement(calleeE164: string, since: Date, shadow: boolean): Statement {
  const dryRun = shadow ? 1 : 0;
  const sql = `SELECT 'dnc' AS kind, added_at AS t1, NULL AS t2, NULL AS t3, reason AS s1, source AS s2, NULL AS n1
  FROM dnc WHERE callee_e164 = ?
UNION ALL
SELECT 'consent', granted_at, expires_at, revoked_at, NULL, NULL, NULL
  FROM consents WHERE callee_e164 = ? AND scope = 'marketing'
UNION ALL
SELECT 'call', decided_at, NULL, NULL, NULL, NULL, NULL
  FROM calls WHERE callee_e164 = ? AND decision IN ('allowed', 'unchecked') AND ${LIVE_CALL}
    AND decided_at > ?
UNION ALL
SELECT 'sticky', NULL, NULL, NULL, NULL, NULL,
  (SELECT number_id FROM calls WHERE callee_e164 = ? AND decision = 'allowed' AND number_id IS NOT NULL
    AND ${LIVE_CALL} ORDER BY decided_at DESC LIMIT 1)`;
  return {
    sql,
    values: [calleeE164, calleeE164, calleeE164, dryRun, toDbTime(since), calleeE164, dryRun],
  };
}

export function calleeStateFromRows(rows: readonly CalleeStateRow[]): CalleeState {
  const state: CalleeState & { previousCalls: Date[] } = {
    facts: { dnc: null, consent: null },
    previousCalls: [],
    stickyNumberId: null,
  };
  for (const r of rows) {
    if (r.kind === 'dnc' && r.t1) {
      state.facts.dnc = { addedAt: fromDbTime(r.t1), reason: r.s1, source: r.s2 ?? 'unknown' };
    } else if (r.kind === 'consent' && r.t1) {
      state.facts.consent = {
        grantedAt: fromDbTime(r.t1),
        expiresAt: fromDbTimeOrNull(r.t2),
        revokedAt: fromDbTimeOrNull(r.t3),
      };
    } else if (r.kind === 'call' && r.t1) {
      state.previousCalls.push(fromDbTime(r.t1));
    } else if (r.kind === 'sticky' && r.n1 !== null) {
      state.stickyNumberId = Number(r.n1);
    }
  }
  return state;
}

/** The callee's state through knex, outside a reservation: dry runs and previews. */
export async function readCalleeState(
  knex: Knex,
  calleeE164: string,
  since: Date,
  shadow = false,
): Promise<CalleeState> {
  const { sql, values } = calleeStateStatement(calleeE164, since, shadow);
  const result: unknown = await knex.raw(sql, [...values] as Knex.RawBinding[]);
  return calleeStateFromRows(rowsOf<CalleeStateRow>(dialectOf(knex), result));
}

function dialectOf(knex: Knex): Dialect {
  const client = knex.client as { config: { client?: unknown } };
  return client.config.client === 'mysql2' ? 'mysql' : 'sqlite';
}
