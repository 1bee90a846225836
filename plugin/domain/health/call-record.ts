// A row of the `calls` table as the health statistics read it: the store maps rows to this,
// the daily statistics, rollups, mark rates and the learning model aggregate it.

export interface CallRecord {
  id: number;
  agent: string;
  purpose: 'service' | 'marketing' | 'urgent';
  /** unchecked: the call went on without numpool's decision (fail policy, watchdog, late). */
  decision: 'allowed' | 'blocked' | 'unchecked';
  /** Block reason code (BlockReason) when blocked. */
  reason: string | null;
  numberId: number | null;
  status: 'pending' | 'completed' | 'released' | 'unknown' | 'blocked' | 'not_applied';
  dryRun: boolean;
  decidedAt: Date;
  /** The counter day the reservation was taken on (pool time zone); null for blocked calls. */
  usageDay: string | null;
  dialStatus: string | null;
  talkSeconds: number | null;
  calleeProvince: string | null;
  calleeCity: string | null;
  calleeRegion: string | null;
}

/** How a call counts in answer rates. */
export type CallCount = 'answered' | 'unanswered' | 'network' | 'not-an-attempt';

/**
 * Only calls that really went out with a pool number and whose outcome is known are attempts:
 * pending calls fold in on a later rebuild; released, unknown, dry-run and blocked calls never do.
 * Network failures (CONGESTION, …) are not the callee's choice and stay out of the rate (seed: "排除网络因素").
 */
export function countCall(call: CallRecord, networkDialStatuses: readonly string[]): CallCount {
  if (call.decision !== 'allowed' || call.dryRun || call.numberId === null || call.status !== 'completed') {
    return 'not-an-attempt';
  }
  if (call.dialStatus === 'ANSWER') return 'answered';
  if (call.dialStatus !== null && networkDialStatuses.includes(call.dialStatus)) return 'network';
  return 'unanswered';
}
