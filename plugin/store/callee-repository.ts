// Reads everything about one callee that a decision needs — DNC (C5), marketing consent (C6),
// recent calls placed, decided or unchecked (C4) and the last number used (S5) — in a single round trip.
import type { Knex } from 'knex';
import type { CalleeState } from '../domain/decision.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from './db-time.ts';

interface StateRow {
  kind: 'dnc' | 'consent' | 'call' | 'history';
  t1: string | null;
  t2: string | null;
  t3: string | null;
  s1: string | null;
  s2: string | null;
  n1: number | null;
}

/**
 * One UNION ALL over four primary-key or index lookups. Inside the reservation it runs under the
 * callee's row lock, so the calls it sees are every allowed call to this callee.
 * Kinds are SQL literals, not bindings: knex would order select-list bindings wrongly.
 */
/** `shadow`: a dry-run decision also counts earlier dry-run calls, as enforcement would have. */
export async function readCalleeState(
  knex: Knex,
  calleeE164: string,
  since: Date,
  shadow = false,
): Promise<CalleeState> {
  // Padding columns so the four selects line up; the names are fixed literals, never input.
  const nulls = (...names: string[]): Knex.Raw => knex.raw(names.map((n) => `NULL AS ${n}`).join(', '));
  const rows = (await knex
    .select(
      knex.raw("'dnc' AS kind"),
      'added_at AS t1',
      nulls('t2', 't3'),
      'reason AS s1',
      'source AS s2',
      nulls('n1'),
    )
    .from('dnc')
    .where({ callee_e164: calleeE164 })
    .unionAll([
      knex
        .select(knex.raw("'consent'"), 'granted_at', 'expires_at', 'revoked_at', nulls('s1', 's2', 'n1'))
        .from('consents')
        .where({ callee_e164: calleeE164, scope: 'marketing' }),
      knex
        .select(knex.raw("'call'"), 'decided_at', nulls('t2', 't3', 's1', 's2', 'n1'))
        .from('calls')
        .where({ callee_e164: calleeE164 })
        // Unchecked calls that went out (fail policy) count too: the callee was called (C4).
        .whereIn('decision', ['allowed', 'unchecked'])
        .whereIn('dry_run', shadow ? [false, true] : [false])
        .whereNotIn('status', ['released', 'blocked', 'not_applied'])
        .where('decided_at', '>', toDbTime(since)),
      knex
        .select(knex.raw("'history'"), nulls('t1', 't2', 't3', 's1', 's2'), 'last_number_id')
        .from('callee_history')
        .where({ callee_e164: calleeE164 }),
    ])) as StateRow[];

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
    } else if (r.kind === 'history' && r.n1 !== null) {
      state.stickyNumberId = Number(r.n1);
    }
  }
  return state;
}
