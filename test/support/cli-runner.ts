// Runs `numpool …` two ways: in-process, as cli/main.ts does, against a test action context (fixed
// clock, test database), for tests of command modules; and as the real command (bin/numpool.js, the
// compiled CLI: `npm run build` first), for tests of what a user's shell sees.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import type { RegisterCommands } from '../../plugin/cli/cli-context.ts';
import { buildProgram } from '../../plugin/cli/program.ts';
import { AppError } from '../../plugin/errors/index.ts';

export interface CliRun {
  code: number;
  /** stdout, as one string. */
  stdout: string;
  stderr: string;
}

/** `modules`: the command modules to build the program from (default: every module of numpool). */
export async function runCli(
  args: readonly string[],
  context: ActionContext,
  modules?: readonly RegisterCommands[],
): Promise<CliRun> {
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
    modules,
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

const BIN = fileURLToPath(new URL('../../bin/numpool.js', import.meta.url));
const COMPILED = new URL('../../dist/plugin/cli/main.js', import.meta.url);

/** Runs bin/numpool.js in a child process with only PATH and `env` set. */
export function spawnNumpool(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  if (!existsSync(COMPILED))
    throw new Error('bin/numpool.js runs the compiled CLI: run `npm run build` first');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
