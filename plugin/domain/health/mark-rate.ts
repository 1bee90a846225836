// Monthly mark rates (G2): per sub-pool, the share of its numbers in use that carried a mark during
// the month; per agent, the same over the numbers the agent called from; and the reward list of
// agents whose sub-pool's rate is below 5%.
import type { HealthSettings } from './health-settings.ts';
import type { CallRecord } from './call-record.ts';
import { localDate, monthOf } from './civil-date.ts';
import type { MarkRecord } from './mark.ts';
import { subPoolKey, type SubPoolMember } from './sub-pool.ts';

/** Calls an agent placed from a number during the month (GROUP BY agent, number_id). */
export interface AgentNumberUsage {
  agent: string;
  numberId: number;
  calls: number;
}

export interface MarkRate {
  key: string;
  calls: number;
  numbersUsed: number;
  numbersMarked: number;
  markRate: number | null;
}

export interface AgentMarkRate extends MarkRate {
  /** The sub-pools the agent is responsible for: configured, else where most of their calls went. */
  subPools: string[];
  subPoolMarkRate: number | null;
}

export interface MonthlyMarkRates {
  month: string;
  subPools: MarkRate[];
  agents: AgentMarkRate[];
  /** G2: agents whose sub-pools' mark rate is below the threshold, with enough calls. */
  rewardList: AgentMarkRate[];
}

export interface MarkRateInput {
  month: string;
  timeZone: string;
  usage: readonly AgentNumberUsage[];
  numbers: ReadonlyMap<number, SubPoolMember>;
  marks: readonly MarkRecord[];
  agentSubPools?: ReadonlyMap<string, readonly string[]>;
}

/** Agent × number call counts of one month from call rows (allowed, non-dry-run calls). */
export function agentNumberUsage(
  calls: readonly CallRecord[],
  month: string,
  timeZone: string,
): AgentNumberUsage[] {
  const counts = new Map<string, AgentNumberUsage>();
  for (const c of calls) {
    if (c.decision !== 'allowed' || c.dryRun || c.numberId === null) continue;
    if (c.status === 'released' || c.status === 'not_applied') continue; // never placed with the number
    if (monthOf(c.usageDay ?? localDate(c.decidedAt, timeZone)) !== month) continue;
    const key = `${c.agent}|${c.numberId}`;
    const u = counts.get(key) ?? { agent: c.agent, numberId: c.numberId, calls: 0 };
    u.calls += 1;
    counts.set(key, u);
  }
  return [...counts.values()];
}

/** A number counts as marked in a month when one of its marks was present at some point in it. */
export function markedNumbersIn(month: string, marks: readonly MarkRecord[], timeZone: string): Set<number> {
  const marked = new Set<number>();
  for (const m of marks) {
    if (m.count <= 0) continue;
    const first = monthOf(localDate(m.firstSeenAt, timeZone));
    const last = monthOf(localDate(m.lastSeenAt, timeZone));
    const cleared = m.clearedAt === null ? null : monthOf(localDate(m.clearedAt, timeZone));
    if (first <= month && month <= (cleared ?? last) && (cleared === null || cleared >= first))
      marked.add(m.numberId);
  }
  return marked;
}

export function monthlyMarkRates(
  input: MarkRateInput,
  settings: HealthSettings['agentReward'],
): MonthlyMarkRates {
  const marked = markedNumbersIn(input.month, input.marks, input.timeZone);
  const subPoolOf = (id: number): string => {
    const n = input.numbers.get(id);
    return n ? subPoolKey(n) : '-/-';
  };
  const bySubPool = rates(input.usage, (u) => subPoolOf(u.numberId), marked);
  const subPoolRates = new Map(bySubPool.map((r) => [r.key, r]));
  const agents = rates(input.usage, (u) => u.agent, marked).map((r): AgentMarkRate => {
    const subPools = [
      ...(input.agentSubPools?.get(r.key) ?? [busiestSubPool(input.usage, r.key, subPoolOf)]),
    ];
    const own = subPools.map((k) => subPoolRates.get(k)).filter((s): s is MarkRate => s !== undefined);
    const used = own.reduce((t, s) => t + s.numbersUsed, 0);
    const markedOwn = own.reduce((t, s) => t + s.numbersMarked, 0);
    return { ...r, subPools, subPoolMarkRate: used > 0 ? markedOwn / used : null };
  });
  const rewardList = agents.filter(
    (a) =>
      a.calls >= settings.minCalls &&
      a.subPoolMarkRate !== null &&
      a.subPoolMarkRate < settings.maxSubPoolMarkRate,
  );
  return { month: input.month, subPools: bySubPool, agents, rewardList };
}

function rates(
  usage: readonly AgentNumberUsage[],
  keyOf: (u: AgentNumberUsage) => string,
  marked: ReadonlySet<number>,
): MarkRate[] {
  const groups = new Map<string, { calls: number; numbers: Set<number> }>();
  for (const u of usage) {
    const g = groups.get(keyOf(u)) ?? { calls: 0, numbers: new Set<number>() };
    g.calls += u.calls;
    g.numbers.add(u.numberId);
    groups.set(keyOf(u), g);
  }
  return [...groups]
    .map(([key, g]) => {
      const numbersMarked = [...g.numbers].filter((id) => marked.has(id)).length;
      return {
        key,
        calls: g.calls,
        numbersUsed: g.numbers.size,
        numbersMarked,
        markRate: numbersMarked / g.numbers.size,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

function busiestSubPool(
  usage: readonly AgentNumberUsage[],
  agent: string,
  subPoolOf: (id: number) => string,
): string {
  const calls = new Map<string, number>();
  for (const u of usage)
    if (u.agent === agent)
      calls.set(subPoolOf(u.numberId), (calls.get(subPoolOf(u.numberId)) ?? 0) + u.calls);
  return [...calls].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '-/-';
}
