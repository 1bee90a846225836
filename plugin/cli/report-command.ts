// `numpool report stats | marks`: the supervisor's daily statistics (M5) and monthly mark rates with
// the reward list (G2) without the panel, as a readable table or JSON. Called from cli/main.ts.
import { parseArgs } from 'node:util';
import type { Core } from '../core.ts';
import type { AgentMarkRate, MarkRate } from '../domain/health/mark-rate.ts';
import {
  dailyRollup,
  monthlyMarkReport,
  reportMonthProblem,
  reportRangeProblem,
  type DailyReportRow,
  type MonthlyMarkReport,
  type ReportDimension,
} from '../store/reports/report-repository.ts';
import { UsageError } from './admin-commands.ts';

type Out = (text: string) => void;

const USAGE =
  'report needs: stats --from DATE --to DATE [--by sub-pool|region|agent|number] [--json] | marks --month YYYY-MM [--json]';

const BY: Record<string, ReportDimension> = {
  'sub-pool': 'subPool',
  region: 'region',
  agent: 'agent',
  number: 'number',
};

export async function reportCommand(core: Core, timeZone: string, args: string[], out: Out): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'stats':
      return stats(core, timeZone, rest, out);
    case 'marks':
      return marks(core, timeZone, rest, out);
    default:
      throw new UsageError(USAGE);
  }
}

async function stats(core: Core, timeZone: string, args: string[], out: Out): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.from === undefined || values.to === undefined)
    throw new UsageError('report stats needs --from and --to');
  const problem = reportRangeProblem(values.from, values.to);
  if (problem) throw new UsageError(problem);
  const byName = values.by ?? 'sub-pool';
  const by = Object.hasOwn(BY, byName) ? BY[byName] : undefined;
  if (by === undefined)
    throw new UsageError(`--by must be one of ${Object.keys(BY).join(', ')} (got '${byName.slice(0, 40)}')`);
  const rows = await dailyRollup(core.db.knex, { from: values.from, to: values.to, timeZone, by });
  if (values.json) out(JSON.stringify({ from: values.from, to: values.to, by: byName, timeZone, rows }));
  else if (!rows.length) out(`no calls from ${values.from} to ${values.to} (${timeZone})`);
  else out(statsTable(byName, rows));
  return 0;
}

async function marks(core: Core, timeZone: string, args: string[], out: Out): Promise<number> {
  const { values } = parseArgs({ args, options: { month: { type: 'string' }, json: { type: 'boolean' } } });
  if (values.month === undefined) throw new UsageError('report marks needs --month YYYY-MM');
  const problem = reportMonthProblem(values.month);
  if (problem) throw new UsageError(problem);
  const report = await monthlyMarkReport(core.db.knex, { month: values.month, timeZone });
  out(values.json ? JSON.stringify({ timeZone, ...report }) : marksText(report, timeZone));
  return 0;
}

function statsTable(byName: string, rows: readonly DailyReportRow[]): string {
  return table(
    [byName, 'day', 'attempts', 'answered', 'answer %', 'avg talk s', 'short %', 'unchecked', 'blocked'],
    rows.map((r) => [
      r.key,
      r.day,
      String(r.attempts),
      String(r.answered),
      percent(r.answerRate),
      r.averageTalkSeconds === null ? '-' : r.averageTalkSeconds.toFixed(1),
      percent(r.shortAnsweredShare),
      String(r.unchecked),
      blockedText(r.blocked),
    ]),
  );
}

function marksText(report: MonthlyMarkReport, timeZone: string): string {
  const rate = (r: MarkRate): string[] => [
    String(r.calls),
    String(r.numbersUsed),
    String(r.numbersMarked),
    percent(r.markRate),
  ];
  const agentRow = (a: AgentMarkRate): string[] => [
    a.key,
    a.subPools.join(','),
    ...rate(a),
    percent(a.subPoolMarkRate),
  ];
  const agentHeader = ['agent', 'sub-pools', 'calls', 'numbers', 'marked', 'mark %', 'sub-pool mark %'];
  const rule =
    `sub-pool mark rate below ${percent(report.reward.maxSubPoolMarkRate)}%, ` +
    `at least ${report.reward.minCalls} calls`;
  return [
    `mark rates for ${report.month} (${timeZone})`,
    '',
    report.subPools.length
      ? table(
          ['sub-pool', 'calls', 'numbers', 'marked', 'mark %'],
          report.subPools.map((s) => [s.key, ...rate(s)]),
        )
      : 'no calls placed from pool numbers this month',
    '',
    ...(report.agents.length ? [table(agentHeader, report.agents.map(agentRow)), ''] : []),
    report.rewardList.length
      ? `reward list (${rule}):\n${table(agentHeader, report.rewardList.map(agentRow))}`
      : `reward list (${rule}): nobody`,
  ].join('\n');
}

function percent(ratio: number | null): string {
  return ratio === null ? '-' : (ratio * 100).toFixed(1);
}

function blockedText(blocked: Record<string, number>): string {
  const entries = Object.entries(blocked).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([reason, n]) => `${reason} ${n}`).join(', ') : '-';
}

/** Left-aligned text, right-aligned figures; CJK characters take two columns in a terminal. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  // The first column names the group (agent ids are digits too): always left-aligned.
  const right = header.map(
    (_, i) =>
      i > 0 &&
      rows.every((r) => /^(-|\d+(\.\d+)?)$/.test(r[i] ?? '')) &&
      rows.some((r) => /\d/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c)));
        return right[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}
