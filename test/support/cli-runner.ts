// Runs `numpool …` in-process, as cli/main.ts does, against a test action context (fixed clock,
// test database) and collects what it prints. For tests of command modules.
import { CommanderError } from 'commander';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { buildProgram } from '../../plugin/cli/program.ts';
import { AppError } from '../../plugin/errors/index.ts';

export interface CliRun {
  code: number;
  /** stdout, as one string. */
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], context: ActionContext): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const program = buildProgram(
    {
      actions: () => Promise.resolve(context),
      print: (text) => void (stdout += `${text}\n`),
      setExitCode: (c) => void (code = c),
    },
    { out: (text) => void (stdout += text), err: (text) => void (stderr += text) },
  );
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 1 ? 2 : err.exitCode;
    else if (err instanceof AppError) {
      stderr += `numpool: ${err.code}: ${err.message}\n`;
      code = err.exitCode;
    } else throw err;
  }
  return { code, stdout, stderr };
}
