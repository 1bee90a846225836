// The `numpool` program as commander builds it, without a database: every command documented with
// examples, suggestions for mistyped words, and commander's exit codes mapped to numpool's.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { leafCommands, synopsis } from '../../plugin/cli/cli-doc.ts';
import { buildProgram } from '../../plugin/cli/program.ts';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { runCli } from '../support/cli-runner.ts';

/** Help and argument errors never open the actions' context: one that throws proves it. */
const NO_CONTEXT = new Proxy({} as ActionContext, {
  get: () => {
    throw new Error('the command used its context');
  },
});

function program(): Command {
  const nothing = (): void => undefined;
  return buildProgram(
    { actions: () => Promise.resolve(NO_CONTEXT), print: nothing, setExitCode: nothing },
    { out: nothing, err: nothing },
  );
}

function everyCommand(command: Command): Command[] {
  return command.commands.filter((c) => c.name() !== 'help').flatMap((c) => [c, ...everyCommand(c)]);
}

const paths = everyCommand(program()).map((c) =>
  synopsis(c)
    .split(' ')
    .filter((w) => /^[a-z][a-z-]*$/.test(w)),
);

describe('numpool help', () => {
  it.each(paths.map((p) => [p.slice(1).join(' '), p.slice(1)]))(
    'when `numpool %s --help` is run, then it shows a description and examples and exits 0',
    async (_name, path) => {
      const run = await runCli([...path, '--help'], NO_CONTEXT);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: numpool ${path.join(' ')} `));
      expect(run.stdout).toMatch(/\nExamples:\n {2}\$ .*\bnumpool /);
    },
  );

  it('when every command is listed, then each has a description', () => {
    for (const command of everyCommand(program()))
      expect(command.description(), synopsis(command)).not.toBe('');
  });

  it('when the commands are listed, then each runnable one has exactly one path', () => {
    const leaves = leafCommands(program()).map(synopsis);
    expect(new Set(leaves).size).toBe(leaves.length);
  });
});

describe('numpool argument errors', () => {
  it.each([
    [['decid'], "error: unknown command 'decid'\n(Did you mean decide?)"],
    [['rules', 'shwo'], "error: unknown command 'shwo'\n(Did you mean show?)"],
    [['decide', '--dry-rn'], "error: unknown option '--dry-rn'\n(Did you mean --dry-run?)"],
    [['migrate', '--rollbak-all'], "error: unknown option '--rollbak-all'\n(Did you mean --rollback-all?)"],
  ])('when %j is mistyped, then it exits 2 and suggests the nearest word', async (args, message) => {
    const run = await runCli(args, NO_CONTEXT);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain(message);
  });

  it.each([
    [['decide', '--agent', '8001', '--purpose', 'marketing'], 'NUMPOOL_USAGE: --callee is required'],
    [['decide', '--callee', '1', '--agent', '8001', '--purpose', 'sales'], '--purpose must be one of'],
    [['calendar', 'set', '2026-03-10'], "missing required argument 'kind'"],
    [['job', 'runs', 'lifecycle', 'ten'], 'NUMPOOL_USAGE: LIMIT must be a number'],
    [
      ['report', 'stats', '--from', '2026-03-01', '--to', '2026-03-02', '--by', 'team'],
      '--by must be one of',
    ],
    [['settings', 'show', 'colours'], 'NUMPOOL_USAGE: settings needs'],
  ])('when the arguments are %j, then it exits 2 before touching the context', async (args, message) => {
    const run = await runCli(args, NO_CONTEXT);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('when a group command is run without its subcommand, then its help goes to stderr and it exits 2', async () => {
    const run = await runCli(['calendar'], NO_CONTEXT);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^Usage: numpool calendar \[options\] \[command\]/);
  });
});
