// Daily statistics rolled up per sub-pool, region and agent (M5, G2) for the dashboard: the same
// counts as a number's day plus blocked attempts by reason. Pure over the day's call rows.
import type { NumberPurpose } from '../pool/pool-number.ts';
import type { HealthSettings } from './health-settings.ts';
import { countCall, type CallRecord } from './call-record.ts';
import { callDay } from './daily-stats.ts';
import { subPoolKey, type SubPoolMember } from './sub-pool.ts';

export type RollupDimension = 'subPool' | 'region' | 'agent';

export interface GroupDayStats {
  dimension: RollupDimension;
  key: string;
  day: string;
  attempts: number;
  answered: number;
  talkSeconds: number;
  shortAnswered: number;
  /** Attempts lost to the network (CONGESTION, …), outside the answer rate. */
  networkFailures: number;
  /** Blocked calls by block reason code. */
  blocked: Record<string, number>;
  /** Calls dialed without numpool's decision (fail policy, watchdog): not attempts of a pool number. */
  unchecked: number;
}

export interface RollupContext {
  timeZone: string;
  /** Purpose and region of every number the calls used. */
  numbers: ReadonlyMap<number, SubPoolMember>;
  /** The number purpose a call purpose draws from (rules.numberPurposeFor), for blocked calls. */
  numberPurposeFor: Readonly<Record<CallRecord['purpose'], NumberPurpose>>;
}

/**
 * Attempts count under the number's sub-pool and home region; a blocked call has no number, so it
 * counts under the sub-pool and region it would have drawn from: its purpose × the callee's region.
 */
export function rollupDailyStats(
  calls: readonly CallRecord[],
  dimensions: readonly RollupDimension[],
  ctx: RollupContext,
  settings: HealthSettings['answerRate'],
): GroupDayStats[] {
  const groups = new Map<string, GroupDayStats>();
  for (const call of calls) {
    const count = countCall(call, settings.networkDialStatuses);
    // not_applied: a decision withdrawn before it reached its channel blocked nothing.
    const blocked = call.decision === 'blocked' && !call.dryRun && call.status !== 'not_applied';
    const unchecked = call.decision === 'unchecked' && call.status === 'completed';
    if (count === 'not-an-attempt' && !blocked && !unchecked) continue;
    const number = call.numberId === null ? undefined : ctx.numbers.get(call.numberId);
    const member: SubPoolMember = number ?? {
      purpose: ctx.numberPurposeFor[call.purpose],
      region: call.calleeRegion,
    };
    const day = callDay(call, ctx.timeZone);
    for (const dimension of dimensions) {
      const key =
        dimension === 'agent'
          ? call.agent
          : dimension === 'region'
            ? (member.region ?? '-')
            : subPoolKey(member);
      const g = group(groups, dimension, key, day);
      if (unchecked) g.unchecked += 1;
      else if (blocked) {
        const reason = call.reason ?? 'UNKNOWN';
        g.blocked[reason] = (g.blocked[reason] ?? 0) + 1;
      } else if (count === 'network') g.networkFailures += 1;
      else {
        g.attempts += 1;
        if (count === 'answered') {
          const talk = Math.max(0, call.talkSeconds ?? 0);
          g.answered += 1;
          g.talkSeconds += talk;
          if (talk < settings.shortCallSeconds) g.shortAnswered += 1;
        }
      }
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.dimension.localeCompare(b.dimension) || a.key.localeCompare(b.key) || a.day.localeCompare(b.day),
  );
}

function group(
  groups: Map<string, GroupDayStats>,
  dimension: RollupDimension,
  key: string,
  day: string,
): GroupDayStats {
  const id = `${dimension}|${key}|${day}`;
  let g = groups.get(id);
  if (!g) {
    g = {
      dimension,
      key,
      day,
      attempts: 0,
      answered: 0,
      talkSeconds: 0,
      shortAnswered: 0,
      networkFailures: 0,
      blocked: {},
      unchecked: 0,
    };
    groups.set(id, g);
  }
  return g;
}
