// Writes call outcomes (answered / busy / no answer / failed, durations, cause) onto call rows,
// and reconciles rows whose outcome never arrived.
import type { Knex } from 'knex';
import { toDbTime } from '../connection/db-time.ts';

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
  const completed = {
    status: 'completed',
    dial_status: outcome.dialStatus.slice(0, 16),
    ring_seconds: outcome.ringSeconds,
    talk_seconds: outcome.talkSeconds,
    hangup_cause: outcome.hangupCause,
    answered_at: answeredAt ? toDbTime(answeredAt) : null,
    ended_at: toDbTime(outcome.endedAt),
  };
  const allowedRow = () => knex('calls').where({ id: outcome.callId, decision: 'allowed' });
  if ((await allowedRow().whereIn('status', ['pending', 'unknown']).update(completed)) > 0) return true;
  // not_applied: numpool lost the answer to its instructions and gave the cap unit back, yet the
  // call was dialed with them (rare): the unit is taken again, so usage stays the truth.
  return knex.transaction(async (trx) => {
    const row = (await trx('calls')
      .where({ id: outcome.callId, decision: 'allowed', status: 'not_applied' })
      .first('number_id', 'usage_day')) as { number_id: number | null; usage_day: string | null } | undefined;
    if (!row) return false;
    const changed = await trx('calls').where({ id: outcome.callId, status: 'not_applied' }).update(completed);
    if (changed > 0 && row.number_id !== null && row.usage_day !== null)
      await trx('number_daily_usage')
        .where({ number_id: row.number_id, day: String(row.usage_day).slice(0, 10) })
        .update({ used: trx.raw('used + 1') });
    return changed > 0;
  });
}

/** Pending calls older than the TTL never reported an outcome: mark them unknown, never leave them. */
export async function markStaleCallsUnknown(knex: Knex, olderThan: Date): Promise<number> {
  return knex('calls')
    .where({ status: 'pending' })
    .where('decided_at', '<', toDbTime(olderThan))
    .update({ status: 'unknown' });
}
