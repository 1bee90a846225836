// Point reads and writes about one callee: DNC (C5), consent (C6) and call history (C4, S5).
import type { Knex } from 'knex';
import type { CalleeFacts } from '../domain/rules/callee-facts.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from './db-time.ts';

export async function readCalleeFacts(knex: Knex, calleeE164: string): Promise<CalleeFacts> {
  const [dnc, consent] = await Promise.all([
    knex('dnc').where({ callee_e164: calleeE164 }).first('reason', 'source', 'added_at') as Promise<
      { reason: string | null; source: string; added_at: string } | undefined
    >,
    knex('consents')
      .where({ callee_e164: calleeE164, scope: 'marketing' })
      .first('granted_at', 'expires_at', 'revoked_at') as Promise<
      { granted_at: string; expires_at: string | null; revoked_at: string | null } | undefined
    >,
  ]);
  return {
    dnc: dnc ? { reason: dnc.reason, source: dnc.source, addedAt: fromDbTime(dnc.added_at) } : null,
    consent: consent
      ? {
          grantedAt: fromDbTime(consent.granted_at),
          expiresAt: fromDbTimeOrNull(consent.expires_at),
          revokedAt: fromDbTimeOrNull(consent.revoked_at),
        }
      : null,
  };
}

export interface CalleeHistory {
  previousCalls: Date[];
  stickyNumberId: number | null;
}

/** Allowed, live (not dry-run, not released) calls to the callee since `since`, and its last number. */
export async function readCalleeHistory(knex: Knex, calleeE164: string, since: Date): Promise<CalleeHistory> {
  const [calls, history] = await Promise.all([
    knex('calls')
      .where({ callee_e164: calleeE164, decision: 'allowed', dry_run: false })
      .whereNot('status', 'released')
      .where('decided_at', '>', toDbTime(since))
      .select('decided_at') as Promise<{ decided_at: string }[]>,
    knex('callee_history').where({ callee_e164: calleeE164 }).first('last_number_id') as Promise<
      { last_number_id: number | null } | undefined
    >,
  ]);
  return {
    previousCalls: calls.map((c) => fromDbTime(c.decided_at)),
    stickyNumberId: history?.last_number_id == null ? null : Number(history.last_number_id),
  };
}
