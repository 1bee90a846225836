// `numpool marks add | import | list`: spam marks a supervisor saw in an app or was sent (M1–M2), by
// hand or from CSV. The mark rules (M3) apply at once, in the same transaction, as in the daily check.
import { readFile } from 'node:fs/promises';
import { addMark } from '../actions/marks/add-mark.ts';
import type { RuleOutcome } from '../actions/marks/apply-mark-rules.ts';
import { importMarks, type ImportedMarks } from '../actions/marks/import-marks.ts';
import { listNumberMarks } from '../actions/marks/list-marks.ts';
import type { NewMark } from '../domain/health/mark.ts';
import { AppError } from '../errors/index.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';
import { examples, localStamp, orRefusal } from './number-command.ts';

export const registerMarksCommands: RegisterCommands = (program, cli) => {
  const marks = program
    .command('marks')
    .description('spam marks on pool numbers: enter one by hand, import a CSV, list a number’s marks')
    .addHelpText('after', examples('marks add 010-8888 0001 360 诈骗 1', 'marks import marks.csv'));

  marks
    .command('add')
    .description('enter the mark count a platform shows for a number; the mark rules apply at once')
    .argument('<number>', 'the pool number, as dialled or E.164')
    .argument('<platform>', "the platform's id or name: 360, tencent, 腾讯手机管家 …")
    .argument('<type>', 'harassment/骚扰, sales/推销, fraud/诈骗 or other')
    .argument('<count>', 'the whole number the platform shows now')
    .addHelpText(
      'after',
      examples('marks add 010-8888 0001 360 诈骗 1', 'marks add +861088880001 tencent sales 7'),
    )
    .action(async (number: string, platform: string, type: string, countText: string) => {
      if (!/^\d{1,10}$/.test(countText))
        throw new AppError(
          'NUMPOOL_USAGE',
          `COUNT must be the whole number the platform shows (got '${countText.slice(0, 40)}')`,
        );
      const input = { number, platform, type, count: Number(countText) };
      const ctx = await cli.actions();
      const added = await orRefusal(cli, () => addMark(ctx, input));
      if (!added) return;
      cli.print(`mark recorded for ${added.e164}: ${describeNew(added.newMarks)}`);
      printRules(cli, added.rules);
    });

  marks
    .command('import')
    .description(
      'import marks from CSV (number,platform,type,count[,observed_at]); one bad line and nothing is',
    )
    .argument('<file>', 'the CSV file')
    .addHelpText('after', examples('marks import marks-2026-03.csv'))
    .action(async (file: string) => {
      const content = await readFile(file).catch((err: unknown) => {
        throw new AppError('NUMPOOL_USAGE', `${file} is not readable: ${(err as Error).message}`);
      });
      const ctx = await cli.actions();
      const imported = await importOrList(cli, file, () => importMarks(ctx, { content, source: file }));
      if (!imported) return;
      cli.print(
        `imported ${imported.rows} mark rows for ${imported.numbers} number(s): ${imported.newMarks} new or grown`,
      );
      printRules(cli, imported.rules);
    });

  marks
    .command('list')
    .description("a number's marks, open and cleared, with when they were first and last seen")
    .argument('<number>', 'the pool number, as dialled or E.164')
    .addHelpText('after', examples('marks list 010-8888 0001'))
    .action(async (number: string) => {
      const ctx = await cli.actions();
      const listed = await orRefusal(cli, () => listNumberMarks(ctx, { number }));
      if (!listed) return;
      const at = (d: Date): string => localStamp(d, ctx.timeZone);
      cli.print(`${listed.number.e164} (${listed.number.state}): ${listed.openMarks} open mark(s)`);
      for (const m of listed.marks) {
        const cleared = m.clearedAt === null ? '' : `  cleared ${at(m.clearedAt)}`;
        cli.print(
          `  ${m.platform.padEnd(8)} ${m.type.padEnd(10)} ×${m.count}  ${m.source}  ${at(m.firstSeenAt)} – ${at(m.lastSeenAt)}${cleared}`,
        );
      }
    });
};

/** A refused import lists every bad line on stdout and exits 1, as numpool has always printed it. */
async function importOrList(
  cli: CliContext,
  file: string,
  action: () => Promise<ImportedMarks>,
): Promise<ImportedMarks | undefined> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NUMPOOL_IMPORT_REJECTED') throw err;
    const { errors } = err.details as { errors: string[] };
    cli.print(`nothing imported from ${file}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    cli.setExitCode(err.exitCode);
    return undefined;
  }
}

function printRules(cli: CliContext, outcomes: readonly RuleOutcome[]): void {
  for (const { number, applied } of outcomes) {
    if (applied === null) continue;
    if (applied.kind === 'suspended') {
      cli.print(`number ${number.e164} suspended: too many open marks (mark rules)`);
      continue;
    }
    const { appeals, callsListed } = applied.disabled;
    const opened = appeals.length
      ? `urgent appeal ${appeals.map((a) => `#${a}`).join(', ')} opened`
      : 'no new appeal';
    cli.print(
      `number ${number.e164} disabled (suspended): ${opened}; ${callsListed} recent call(s) listed for audit in the fraud-mark alert`,
    );
  }
}

function describeNew(newMarks: readonly NewMark[]): string {
  if (!newMarks.length) return 'no new marks (the count did not grow)';
  return newMarks.map((m) => `${m.platform} ${m.type} +${m.added}`).join(', ');
}
