// The supervisor's reports (M5, G2) from the calls table: daily statistics per sub-pool, region, agent
// or number, and a month's mark rates with the reward list. Used by `numpool report` and the panel.
import type { Knex } from 'knex';
import type { CallRecord } from '../../domain/health/call-record.ts';
import { addDays, addMonths } from '../../domain/health/civil-date.ts';
import { answerRate, averageTalkSeconds, shortAnsweredShare } from '../../domain/health/daily-stats.ts';
import type { HealthSettings } from '../../domain/health/health-settings.ts';
import {
  agentNumberUsage,
  monthlyMarkRates,
  type AgentNumberUsage,
  type MonthlyMarkRates,
} from '../../domain/health/mark-rate.ts';
import {
  rollupDailyStats,
  type GroupDayStats,
  type RollupContext,
} from '../../domain/health/stats-rollup.ts';
import { loadMarksByNumber } from '../health/health-facts-repository.ts';
import { loadHealthSettings } from '../health/health-settings-repository.ts';
import { loadRules } from '../reference/reference-repository.ts';
import {
  daysFrom,
  forEachCallChunk,
  loadReportNumbers,
  type ReportNumber,
} from './report-repository-calls.ts';

export const REPORT_DIMENSIONS = ['subPool', 'region', 'agent', 'number'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface DailyReportRow extends Omit<GroupDayStats, 'dimension'> {
  dimension: ReportDimension;
  answerRate: number | null;
  averageTalkSeconds: number | null;
  shortAnsweredShare: number | null;
}

export interface MonthlyMarkReport extends MonthlyMarkRates {
  /** The G2 rule the reward list was drawn with (health settings). */
  reward: HealthSettings['agentReward'];
}

/**
 * Per group per day, sorted by group then day; only groups with calls on a day have a row. The
 * period is the caller's to check (actions/reports/report-period.ts).
 */
export async function dailyRollup(
  knex: Knex,
  q: { from: string; to: string; timeZone: string; by: ReportDimension },
): Promise<DailyReportRow[]> {
  const [settings, rules] = await Promise.all([loadHealthSettings(knex), loadRules(knex)]);
  const rows: DailyReportRow[] = [];
  await forEachCallChunk(knex, daysFrom(q.from, q.to), q.timeZone, async (calls) => {
    const numbers = await loadReportNumbers(knex, numberIds(calls));
    const ctx = { timeZone: q.timeZone, numbers, numberPurposeFor: rules.numberPurposeFor };
    for (const g of rollup(calls, q.by, ctx, settings.answerRate)) rows.push(withRates(g, q.by));
  });
  return rows.sort((a, b) => a.key.localeCompare(b.key) || a.day.localeCompare(b.day));
}

/** The month's (YYYY-MM, checked by the caller) mark rates per sub-pool and agent, and the reward list (G2). */
export async function monthlyMarkReport(
  knex: Knex,
  q: { month: string; timeZone: string },
): Promise<MonthlyMarkReport> {
  const settings = await loadHealthSettings(knex);
  const first = `${q.month}-01`;
  const usage = new Map<string, AgentNumberUsage>();
  await forEachCallChunk(knex, daysFrom(first, addDays(addMonths(first, 1), -1)), q.timeZone, (calls) => {
    // Chunks hold disjoint days, so the month's usage is the sum of the chunks'.
    for (const u of agentNumberUsage(calls, q.month, q.timeZone)) {
      const key = `${u.agent}|${u.numberId}`;
      usage.set(key, { ...u, calls: (usage.get(key)?.calls ?? 0) + u.calls });
    }
  });
  const used = [...usage.values()];
  const numbers = await loadReportNumbers(
    knex,
    used.map((u) => u.numberId),
  );
  const marks = [...(await loadMarksByNumber(knex)).values()].flat().filter((m) => numbers.has(m.numberId));
  const rates = monthlyMarkRates(
    { month: q.month, timeZone: q.timeZone, usage: used, numbers, marks },
    settings.agentReward,
  );
  return { ...rates, reward: settings.agentReward };
}

function rollup(
  calls: readonly CallRecord[],
  by: ReportDimension,
  ctx: RollupContext & { numbers: ReadonlyMap<number, ReportNumber> },
  settings: HealthSettings['answerRate'],
): GroupDayStats[] {
  if (by !== 'number') return rollupDailyStats(calls, [by], ctx, settings);
  // The domain rolls up by agent, sub-pool or region. A number's row counts exactly like an agent's,
  // so each call that used a number is rolled up with the number in the agent's place; blocked
  // calls used none and have no number row.
  const asNumber = calls
    .filter((c) => c.numberId !== null)
    .map((c) => ({ ...c, agent: numberLabel(c.numberId ?? 0, ctx.numbers) }));
  return rollupDailyStats(asNumber, ['agent'], ctx, settings);
}

function withRates(g: GroupDayStats, by: ReportDimension): DailyReportRow {
  return {
    ...g,
    dimension: by,
    answerRate: answerRate(g),
    averageTalkSeconds: averageTalkSeconds(g),
    shortAnsweredShare: shortAnsweredShare(g),
  };
}

function numberLabel(id: number, numbers: ReadonlyMap<number, ReportNumber>): string {
  return numbers.get(id)?.e164 ?? `#${id}`;
}

function numberIds(calls: readonly CallRecord[]): number[] {
  return calls.flatMap((c) => (c.numberId === null ? [] : [c.numberId]));
}
