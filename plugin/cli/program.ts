// Builds the `numpool` commander program from the command modules. Used by cli/main.ts and by the
// tests, which run commands in-process with their own action context and output.
import { Command } from 'commander';
import type { CliContext } from './cli-context.ts';
import { COMMAND_MODULES } from './commands.ts';

export interface ProgramOutput {
  out(text: string): void;
  err(text: string): void;
}

export function buildProgram(cli: CliContext, output: ProgramOutput): Command {
  const program = new Command('numpool')
    .description('Caller-ID number pool for Asterisk: decide, import, run the pool, report.')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride();
  for (const register of COMMAND_MODULES) register(program, cli);
  return program;
}
