// What every command module is given by the composition root (cli/main.ts): the action context,
// opened on first use so `--help` and usage errors never touch the database, and the output.
import type { Command } from 'commander';
import type { ActionContext } from '../actions/action-context.ts';

export interface CliContext {
  /** The actions' context (database, caches, clock, actor, logger); opened once, on first use. */
  actions(): Promise<ActionContext>;
  /** Writes one line (or several) to stdout. */
  print(text: string): void;
  /** Sets the exit code for an outcome that is not an error, e.g. 10 for a blocked decision. */
  setExitCode(code: number): void;
}

/**
 * A command module adds its commands to the program with `program.command(…)` (so they inherit the
 * program's output, suggestions and error handling), each with a description, its options and
 * `.addHelpText('after', '\nExamples:\n  $ numpool …')`. A handler validates its arguments, calls
 * `await cli.actions()` and one action, and prints; a wrong argument is
 * `AppError('NUMPOOL_USAGE', …)` (exit 2), an outcome that is no error but not a success sets its
 * exit code with `setExitCode` (e.g. 10 for a blocked decision). An option the command cannot run
 * without ends its description with "(required)": the README's command table shows it so.
 * Registered in cli/commands.ts.
 */
export type RegisterCommands = (program: Command, cli: CliContext) => void;
