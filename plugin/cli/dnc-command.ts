// `numpool dnc add | remove | check NUMBER`: the do-not-call list (C5) one callee at a time, for the
// requests that come by phone or e-mail. Additions and removals are audited; a removal needs a reason.
import { addDnc } from '../actions/reference/add-dnc.ts';
import { checkDnc } from '../actions/reference/check-dnc.ts';
import { removeDnc } from '../actions/reference/remove-dnc.ts';
import type { DncEntry } from '../store/reference/dnc-repository.ts';
import type { RegisterCommands } from './cli-context.ts';

function describeEntry(entry: DncEntry): string {
  const reason = entry.reason === null ? '' : `: ${entry.reason}`;
  return `since ${entry.addedAt.toISOString()} (${entry.source}, by ${entry.addedBy})${reason}`;
}

export const registerDncCommands: RegisterCommands = (program, cli) => {
  const dnc = program
    .command('dnc')
    .description('the do-not-call list, one callee at a time (a whole file: numpool import dnc)')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool dnc add 13800138000 --reason "客户要求不再来电"
  $ numpool dnc check 138-0013-8000
  $ numpool dnc remove +8613800138000 --reason "客户重新同意来电"`,
    );

  dnc
    .command('add')
    .description('put a callee on the list; a callee already listed keeps its first entry')
    .argument('<number>', 'the callee, in any dialling form')
    .option('--reason <text>', 'why (at most 255 characters)')
    .addHelpText('after', '\nExamples:\n  $ numpool dnc add 13800138000 --reason "客户要求"')
    .action(async (number: string, options: { reason?: string }) => {
      const ctx = await cli.actions();
      const done = await addDnc(ctx, { callee: number, reason: options.reason ?? null, source: 'cli' });
      const e164 = done.entry.calleeE164;
      cli.print(
        done.added
          ? `${e164} added to the DNC list`
          : `${e164} was already on the DNC list ${describeEntry(done.entry)}`,
      );
    });

  dnc
    .command('remove')
    .description('take a callee off the list (exit 1 when it was not listed)')
    .argument('<number>', 'the callee, in any dialling form')
    .requiredOption('--reason <text>', 'why the callee may be called again (audited)')
    .addHelpText('after', '\nExamples:\n  $ numpool dnc remove 13800138000 --reason "entered by mistake"')
    .action(async (number: string, options: { reason: string }) => {
      const done = await removeDnc(await cli.actions(), { callee: number, reason: options.reason });
      if (done.removed) cli.print(`${done.e164} removed from the DNC list`);
      else {
        cli.print(`${done.e164} was not on the DNC list`);
        cli.setExitCode(1);
      }
    });

  dnc
    .command('check')
    .description('tell whether a callee is on the list, since when and why')
    .argument('<number>', 'the callee, in any dialling form')
    .addHelpText('after', '\nExamples:\n  $ numpool dnc check 13800138000')
    .action(async (number: string) => {
      const status = await checkDnc(await cli.actions(), number);
      cli.print(
        status.entry
          ? `${status.e164} is on the DNC list ${describeEntry(status.entry)}`
          : `${status.e164} is not on the DNC list`,
      );
    });
};
