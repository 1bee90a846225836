// Writes call outcomes (answered / busy / no answer / failed, durations, cause) onto call rows,
// and reconciles rows whose outcome never arrived.
import type { Knex } from 'knex';
import { toDbTime } from './db-time.ts';

export interface CallOutcome {
  callId: number;
  dialStatus: string;
  ringSeconds: number | null;
  talkSeconds: number | null;
  hangupCause: number | null;
  endedAt: Date;
}

/** Stores the outcome once: a repeated or late event for a finished call changes nothing. */
export async function recordOutcome(knex: Knex, outcome: CallOutcome): Promise<boolean> {
  const answeredAt =
    outcome.talkSeconds !== null && outcome.talkSeconds > 0
      ? new Date(outcome.endedAt.getTime() - outcome.talkSeconds * 1000)
      : null;
  const changed = await knex('calls')
    .where({ id: outcome.callId, decision: 'allowed' })
    // not_applied: numpool lost the answer to its instructions, yet the call was dialed with them.
    .whereIn('status', ['pending', 'unknown', 'not_applied'])
    .update({
      status: 'completed',
      dial_status: outcome.dialStatus.slice(0, 16),
      ring_seconds: outcome.ringSeconds,
      talk_seconds: outcome.talkSeconds,
      hangup_cause: outcome.hangupCause,
      answered_at: answeredAt ? toDbTime(answeredAt) : null,
      ended_at: toDbTime(outcome.endedAt),
    });
  return changed > 0;
}

/** Pending calls older than the TTL never reported an outcome: mark them unknown, never leave them. */
export async function markStaleCallsUnknown(knex: Knex, olderThan: Date): Promise<number> {
  return knex('calls')
    .where({ status: 'pending' })
    .where('decided_at', '<', toDbTime(olderThan))
    .update({ status: 'unknown' });
}
