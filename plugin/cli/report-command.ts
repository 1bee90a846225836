// `numpool report stats | marks`: the supervisor's daily statistics (M5) and monthly mark rates with
// the reward list (G2) without the panel, as a readable table or JSON.
import type { Command } from 'commander';
import { markReport } from '../actions/reports/mark-report.ts';
import { statsReport, type ReportDimension } from '../actions/reports/stats-report.ts';
import { AppError } from '../errors/index.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';
import { marksText, statsTable } from './report-tables.ts';

/** `--by` as people type it → the report's dimension. */
const BY: Record<string, ReportDimension> = {
  'sub-pool': 'subPool',
  region: 'region',
  agent: 'agent',
  number: 'number',
};

export const registerReportCommands: RegisterCommands = (program, cli) => {
  const report = program
    .command('report')
    .description('daily statistics (M5) and monthly mark rates with the reward list (G2)')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool report stats --from 2026-03-01 --to 2026-03-07 --by agent
  $ numpool report marks --month 2026-03`,
    );
  registerStats(report, cli);
  registerMarks(report, cli);
};

function registerStats(report: Command, cli: CliContext): void {
  report
    .command('stats')
    .description(
      'per group and day: attempts, answered, answer rate, average talk, very short share, ' +
        'calls that went out unchecked, blocks by reason; at most 92 days',
    )
    .option('--from <date>', 'first day, YYYY-MM-DD (required)')
    .option('--to <date>', 'last day, YYYY-MM-DD, included (required)')
    .option('--by <group>', `${Object.keys(BY).join(', ')}`, 'sub-pool')
    .option('--json', 'print one JSON object instead of the table')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool report stats --from 2026-03-01 --to 2026-03-07
  $ numpool report stats --from 2026-03-02 --to 2026-03-02 --by agent
  $ numpool report stats --from 2026-03-01 --to 2026-03-31 --by region --json`,
    )
    .action(async (options: { from?: string; to?: string; by: string; json?: boolean }) => {
      const { from, to, by: byName } = options;
      if (from === undefined || to === undefined) throw usage('report stats needs --from and --to');
      const by = Object.hasOwn(BY, byName) ? BY[byName] : undefined;
      if (by === undefined) {
        throw usage(`--by must be one of ${Object.keys(BY).join(', ')} (got '${byName.slice(0, 40)}')`);
      }
      const { timeZone, rows } = await statsReport(await cli.actions(), { from, to, by });
      if (options.json) cli.print(JSON.stringify({ from, to, by: byName, timeZone, rows }));
      else if (!rows.length) cli.print(`no calls from ${from} to ${to} (${timeZone})`);
      else cli.print(statsTable(byName, rows));
    });
}

function registerMarks(report: Command, cli: CliContext): void {
  report
    .command('marks')
    .description(
      "the month's mark rate per sub-pool and per agent, and the reward list: agents whose " +
        'sub-pool rate is below 5% by default',
    )
    .option('--month <month>', 'YYYY-MM (required)')
    .option('--json', 'print one JSON object instead of the tables')
    .addHelpText(
      'after',
      '\nExamples:\n  $ numpool report marks --month 2026-03\n  $ numpool report marks --month 2026-03 --json',
    )
    .action(async (options: { month?: string; json?: boolean }) => {
      if (options.month === undefined) throw usage('report marks needs --month YYYY-MM');
      const result = await markReport(await cli.actions(), { month: options.month });
      cli.print(options.json ? JSON.stringify(result) : marksText(result));
    });
}

function usage(message: string): AppError {
  return new AppError('NUMPOOL_USAGE', message);
}
