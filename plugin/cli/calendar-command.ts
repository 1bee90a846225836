// `numpool calendar list | set | remove | status`: holiday and 调休 make-up workday overrides, for
// example next year's schedule before the holiday data package has it. Changes are audited.
import { calendarStatus } from '../actions/calendar/calendar-status.ts';
import { listCalendarDays, removeCalendarDay, setCalendarDay } from '../actions/calendar/calendar-days.ts';
import type { RegisterCommands } from './cli-context.ts';

/** `calendar status` exits 3 when a year's schedule is missing, so a cron job can alert on it. */
export const EXIT_SCHEDULE_MISSING = 3;

export const registerCalendarCommands: RegisterCommands = (program, cli) => {
  const calendar = program
    .command('calendar')
    .description("holiday and 调休 workday overrides; `status` warns when next year's schedule is missing")
    .addHelpText(
      'after',
      `
Examples:
  $ numpool calendar status
  $ numpool calendar set 2027-02-06 holiday 春节
  $ numpool calendar set 2027-02-14 workday 春节调休`,
    );

  calendar
    .command('list')
    .description('print every override: date, kind, name')
    .addHelpText('after', '\nExamples:\n  $ numpool calendar list')
    .action(async () => {
      const rows = await listCalendarDays(await cli.actions());
      cli.print(
        rows.length
          ? rows.map((r) => `${r.date}  ${r.kind.padEnd(7)}  ${r.name ?? ''}`.trimEnd()).join('\n')
          : 'no overrides',
      );
    });

  calendar
    .command('set')
    .description('make a date a holiday or a (make-up) workday, overriding the data package')
    .argument('<date>', 'YYYY-MM-DD')
    .argument('<kind>', 'holiday or workday')
    .argument('[name...]', 'what the day is called, e.g. 国庆节 (at most 64 characters)')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool calendar set 2026-03-10 holiday 公司 年会
  $ numpool calendar set 2027-02-14 workday 春节调休`,
    )
    .action(async (date: string, kind: string, name: string[]) => {
      const override = await setCalendarDay(await cli.actions(), { date, kind, name: name.join(' ') });
      cli.print(`${override.date} is now a ${override.kind}${override.name ? ` (${override.name})` : ''}`);
    });

  calendar
    .command('remove')
    .description('remove the override for a date (exit 1 when there was none)')
    .argument('<date>', 'YYYY-MM-DD')
    .addHelpText('after', '\nExamples:\n  $ numpool calendar remove 2026-03-10')
    .action(async (date: string) => {
      const removed = await removeCalendarDay(await cli.actions(), date);
      cli.print(removed ? `override for ${date} removed` : `no override for ${date}`);
      if (!removed) cli.setExitCode(1);
    });

  calendar
    .command('status')
    .description("whether this year's and next year's schedules are known (exit 3 when one is missing)")
    .addHelpText('after', '\nExamples:\n  $ numpool calendar status || echo "enter next year\'s holidays"')
    .action(async () => {
      const years = await calendarStatus(await cli.actions());
      for (const y of years) {
        cli.print(
          `${y.year}: ${y.covered ? 'holiday data package covers it' : 'NOT in the holiday data package'}; ` +
            `${y.entered} override(s) entered; ${y.year}-01-01 is a ${y.newYearKind}`,
        );
      }
      if (years.some((y) => y.missing)) {
        cli.print('enter the missing statutory holidays and 调休 workdays with `numpool calendar set`');
        cli.setExitCode(EXIT_SCHEDULE_MISSING);
      }
    });
};
