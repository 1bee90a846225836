// A month's mark rates per sub-pool and agent, and the agents listed for reward (G2), in the pool's
// time zone. `numpool report marks` and the panel.
import { AppError } from '../../errors/index.ts';
import { monthlyMarkReport, type MonthlyMarkReport } from '../../store/reports/report-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { reportMonthProblem } from './report-period.ts';

export interface MarkReport extends MonthlyMarkReport {
  timeZone: string;
}

export async function markReport(ctx: ActionContext, input: { month: string }): Promise<MarkReport> {
  const problem = reportMonthProblem(input.month);
  if (problem) throw new AppError('NUMPOOL_REPORT_RANGE', problem);
  const report = await monthlyMarkReport(ctx.db.knex, { month: input.month, timeZone: ctx.timeZone });
  return { timeZone: ctx.timeZone, ...report };
}
