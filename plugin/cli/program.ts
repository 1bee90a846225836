// Builds the `numpool` commander program from the command modules (cli/commands.ts). Used by
// cli/main.ts and by the tests, which run commands in-process with their own context and output.
import { Command } from 'commander';
import type { CliContext, RegisterCommands } from './cli-context.ts';
import { COMMAND_MODULES } from './commands.ts';

export interface ProgramOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const HELP_AFTER_ERROR = '(add --help for usage)';

const PROGRAM_HELP = `
Exit codes: 0 done (a decision: allowed), 10 decision blocked, 2 bad arguments or configuration,
1 failure. Errors are printed as "numpool: NUMPOOL_CODE: message" (README, "Error codes").
Configuration comes from NUMPOOL_* environment variables (README, "Configuration").

Examples:
  $ numpool migrate
  $ numpool import numbers numbers.csv
  $ numpool decide --callee 13800138000 --agent 8001 --purpose marketing --dry-run
  $ numpool decide --help`;

/** `modules` defaults to every module of `numpool`; tests may pass their own. */
export function buildProgram(
  cli: CliContext,
  output: ProgramOutput,
  modules: readonly RegisterCommands[] = COMMAND_MODULES,
): Command {
  const program = new Command('numpool')
    .description('Caller-ID number pool for Asterisk: decide, import, run the pool, report.')
    .addHelpText('after', PROGRAM_HELP);
  for (const register of modules) register(program, cli);
  configureTree(program, output);
  return program;
}

/**
 * Every command, however a module added it (`.command()` inherits the parent's settings,
 * `.addCommand()` does not): errors thrown to the caller instead of exiting, output to `output`,
 * "(Did you mean …?)" for unknown commands and options.
 */
function configureTree(command: Command, output: ProgramOutput): void {
  command
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .showSuggestionAfterError(true)
    .showHelpAfterError(HELP_AFTER_ERROR);
  for (const sub of command.commands) configureTree(sub, output);
}
