// Formats the supervisor's reports for a terminal: the daily statistics table and the month's mark
// rates with the reward list. Used by report-command.ts; JSON output bypasses it.
import type { DailyReportRow } from '../actions/reports/stats-report.ts';
import type { MarkReport } from '../actions/reports/mark-report.ts';
import type { AgentMarkRate, MarkRate } from '../domain/health/mark-rate.ts';

export function statsTable(byName: string, rows: readonly DailyReportRow[]): string {
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

export function marksText(report: MarkReport): string {
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
    `mark rates for ${report.month} (${report.timeZone})`,
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
