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

/** A command module adds its commands (with help text and examples) to the program. */
export type RegisterCommands = (program: Command, cli: CliContext) => void;
