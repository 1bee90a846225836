// The supervisor's daily statistics (M5) per sub-pool, region, agent or number over at most a
// quarter, in the pool's time zone. `numpool report stats` and the panel.
import { AppError } from '../../errors/index.ts';
import {
  dailyRollup,
  type DailyReportRow,
  type ReportDimension,
} from '../../store/reports/report-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { reportRangeProblem } from './report-period.ts';

export type { DailyReportRow, ReportDimension } from '../../store/reports/report-repository.ts';

export interface StatsReportInput {
  /** First and last civil day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  by: ReportDimension;
}

export interface StatsReport extends StatsReportInput {
  timeZone: string;
  /** Per group per day, sorted by group then day; only groups with calls on a day have a row. */
  rows: DailyReportRow[];
}

export async function statsReport(ctx: ActionContext, input: StatsReportInput): Promise<StatsReport> {
  const problem = reportRangeProblem(input.from, input.to);
  if (problem) throw new AppError('NUMPOOL_REPORT_RANGE', problem);
  const rows = await dailyRollup(ctx.db.knex, { ...input, timeZone: ctx.timeZone });
  return { ...input, timeZone: ctx.timeZone, rows };
}
