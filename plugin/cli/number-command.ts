// `numpool number show | state | tier`: one pool number for supervisors — what it is now (state, tier,
// caps, marks, appeals, history) and lifecycle moves checked by the lifecycle domain and audited (L1, G3).
import { Argument } from 'commander';
import {
  changeNumberState,
  changeNumberTier,
  type NumberMove,
} from '../actions/numbers/change-number-state.ts';
import { showNumber, type NumberDetails } from '../actions/numbers/show-number.ts';
import { toLocalTime } from '../domain/calendar/local-time.ts';
import { NUMBER_STATES, NUMBER_TIERS } from '../domain/pool/pool-number.ts';
import { AppError, type ErrorCode } from '../errors/index.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';

export const registerNumberCommands: RegisterCommands = (program, cli) => {
  const number = program
    .command('number')
    .description('one pool number: what it is now (`show`), and lifecycle moves by a supervisor')
    .addHelpText(
      'after',
      examples('number show 010-8888 0001', 'number state +861088880001 cooling --reason "rest a week"'),
    );

  number
    .command('show')
    .description('state, tier, caps, marks, appeals and the last 10 lifecycle changes of a number')
    .argument('<number>', 'the pool number, as dialled (010-8888 0001) or E.164 (+861088880001)')
    .addHelpText('after', examples('number show 010-8888 0001'))
    .action(async (input: string) => {
      const ctx = await cli.actions();
      const details = await orRefusal(cli, () => showNumber(ctx, { number: input }));
      if (details) printDetails(cli, details, ctx.timeZone);
    });

  number
    .command('state')
    .description('move a number to another lifecycle state (checked against the allowed moves, audited)')
    .argument('<number>', 'the pool number, as dialled or E.164')
    .addArgument(new Argument('<state>', 'the new state').choices(NUMBER_STATES))
    .requiredOption('--reason <text>', 'why, for the history and the audit log')
    .addHelpText(
      'after',
      examples(
        'number state 010-8888 0001 cooling --reason "rest a week"',
        'number state +861088880001 retired --reason "carrier contract ends"',
      ),
    )
    .action(async (input: string, state: (typeof NUMBER_STATES)[number], options: { reason: string }) => {
      const ctx = await cli.actions();
      const moved = await orRefusal(cli, () =>
        changeNumberState(ctx, { number: input, state, reason: options.reason }),
      );
      if (moved) printMove(cli, moved);
    });

  number
    .command('tier')
    .description('move a number between the main pool and the reserve (audited)')
    .argument('<number>', 'the pool number, as dialled or E.164')
    .addArgument(new Argument('<tier>', 'the new tier').choices(NUMBER_TIERS))
    .requiredOption('--reason <text>', 'why, for the history and the audit log')
    .addHelpText('after', examples('number tier 010-8888 0001 reserve --reason "spare for Q3"'))
    .action(async (input: string, tier: (typeof NUMBER_TIERS)[number], options: { reason: string }) => {
      const ctx = await cli.actions();
      const moved = await orRefusal(cli, () =>
        changeNumberTier(ctx, { number: input, tier, reason: options.reason }),
      );
      if (moved) printMove(cli, moved);
    });
};

/** An "Examples:" block for a command's help. */
export function examples(...commands: string[]): string {
  return `\nExamples:\n${commands.map((c) => `  $ numpool ${c}`).join('\n')}`;
}

/** How a refusal of the supervisor commands reads on stdout (exit 1), as numpool has always printed it. */
const REFUSAL_LINES: Partial<Record<ErrorCode, (message: string) => string>> = {
  NUMPOOL_NUMBER_UNKNOWN: (message) => message,
  NUMPOOL_APPEAL_UNKNOWN: (message) => `${message}; see numpool appeal list`,
  NUMPOOL_ILLEGAL_TRANSITION: (message) => `refused: ${message}`,
  NUMPOOL_APPEAL_REFUSED: (message) => `refused: ${message}`,
};

/** Runs the action; a refusal is printed with its exit code and gives undefined, any other error goes up. */
export async function orRefusal<T>(cli: CliContext, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (err) {
    const line = err instanceof AppError ? REFUSAL_LINES[err.code] : undefined;
    if (line === undefined || !(err instanceof AppError)) throw err;
    cli.print(line(err.message));
    cli.setExitCode(err.exitCode);
    return undefined;
  }
}

/** 'YYYY-MM-DD HH:MM' in the pool's time zone. */
export function localStamp(d: Date, timeZone: string): string {
  const local = toLocalTime(d, timeZone);
  return `${local.date} ${local.hhmm}`;
}

function printMove(cli: CliContext, m: NumberMove): void {
  cli.print(
    `number ${m.e164}: ${m.before.state}/${m.before.tier} → ${m.after.state}/${m.after.tier} (${m.reason})`,
  );
}

function printDetails(cli: CliContext, d: NumberDetails, timeZone: string): void {
  const at = (date: Date): string => localStamp(date, timeZone);
  const n = d.number;
  const area = [n.province, n.city, n.region].filter((x) => x !== null).join(' ') || 'unknown';
  const rate =
    n.answerRate === null ? 'no answer rate yet' : `answer rate ${(n.answerRate * 100).toFixed(1)}%`;
  cli.print(`${n.e164}  ${n.type}, ${n.purpose}, ${n.tier} tier, area ${area}, ${rate}`);
  cli.print(`state     ${n.state}${n.stateChangedAt ? ` since ${at(n.stateChangedAt)}` : ''}`);
  cli.print(`caps      daily ${n.dailyCap}, warm-up ${n.warmupCap}, today ${d.capToday}`);
  cli.print(`marks     ${d.openMarks} open`);
  for (const m of d.marks) {
    const cleared = m.clearedAt === null ? '' : `, cleared ${at(m.clearedAt)}`;
    cli.print(`  ${m.platform} ${m.type} ×${m.count} (${m.source}, last seen ${at(m.lastSeenAt)}${cleared})`);
  }
  cli.print(`appeals   ${d.appeals.length}`);
  for (const { appeal: a, deadline } of d.appeals) {
    const due = a.dueOn === null ? '' : `, due ${a.dueOn} (${deadline})`;
    cli.print(`  #${a.id} ${a.platform} ${a.status}${a.urgent ? ' urgent' : ''}${due}`);
  }
  cli.print(`history   last ${d.history.length}`);
  for (const h of d.history) {
    cli.print(`  ${at(h.at)}  ${h.from ?? '-'} → ${h.to}  by ${h.actorKind} ${h.actor}: ${h.reason ?? ''}`);
  }
}
