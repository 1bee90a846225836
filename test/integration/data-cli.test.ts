// `numpool import | export | dnc | consent | agent` run in-process (runCli) on MariaDB: what the
// administrator types and sees, exit codes included.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { testActionContext } from '../support/action-context.ts';
import { runCli } from '../support/cli-runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let tdb: TestDatabase;
let ctx: ActionContext;
let dir: string;

beforeAll(async () => {
  tdb = await createTestDatabase('datacli');
  ctx = testActionContext(tdb.open(), { now: new Date('2026-03-02T02:00:00Z') });
  dir = await mkdtemp(join(tmpdir(), 'numpool-data-cli-'));
});

afterAll(async () => {
  await tdb.drop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const table of ['number_state_history', 'numbers', 'agents', 'dnc', 'consents', 'audit_log'])
    await ctx.db.knex(table).del();
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('numpool import', () => {
  it('when a numbers file changes a purpose, then --update is needed and the changes are listed', async () => {
    const first = await file(
      'n1.csv',
      'number,purpose,daily_cap\n01088880001,marketing,20\n01088880002,service,\n',
    );
    expect(await runCli(['import', 'numbers', first], ctx)).toEqual({
      code: 0,
      stdout: 'imported 2 numbers rows: 2 new, 0 updated\n',
      stderr: '',
    });
    const second = await file(
      'n2.csv',
      'number,purpose,daily_cap\n01088880001,service,5\n01088880002,service,\n',
    );
    const refused = await runCli(['import', 'numbers', second], ctx);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`nothing imported from ${second}:\n`);
    expect(refused.stderr).toContain(
      '  line 2: +861088880001: purpose marketing → service, daily cap 20 → 5\n',
    );
    expect(refused.stderr).toContain('--update');

    expect(await runCli(['import', 'numbers', second, '--update'], ctx)).toEqual({
      code: 0,
      stdout:
        'imported 2 numbers rows: 0 new, 2 updated\n  +861088880001: purpose marketing → service, daily cap 20 → 5\n',
      stderr: '',
    });
  });

  it('when a DNC file holds a NUL byte in a reason, then nothing is imported and the line and column are named', async () => {
    const path = await file('dnc.csv', 'number,reason\n13800138000,ok\n13900139000,bad\u0000reason\n');
    const run = await runCli(['import', 'dnc', path], ctx);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3: reason holds a control character (U+0000) at column 4');
    expect(await ctx.db.knex('dnc').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when the kind is unknown or the file is missing, then it exits 2 with a clear message', async () => {
    const kind = await runCli(['import', 'people', 'x.csv'], ctx);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('Allowed choices are numbers, agents, dnc, consents');
    const missing = await runCli(['import', 'dnc', join(dir, 'nope.csv')], ctx);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NUMPOOL_FILE_UNREADABLE');
  });
});

describe('numpool export', () => {
  it('when DNC entries are exported to stdout or a file, then formula-like reasons are escaped', async () => {
    await runCli(['dnc', 'add', '13800138000', '--reason', '=HYPERLINK("x")'], ctx);
    const printed = await runCli(['export', 'dnc'], ctx);
    expect(printed).toEqual({
      code: 0,
      stdout: `number,reason\n+8613800138000,"'=HYPERLINK(""x"")"\n`,
      stderr: '',
    });
    const out = join(dir, 'dnc-out.csv');
    expect((await runCli(['export', 'dnc', '--output', out], ctx)).stdout).toBe(
      `exported 1 dnc rows to ${out}\n`,
    );
    expect(await readFile(out, 'utf8')).toBe(printed.stdout);
  });
});

describe('numpool dnc, consent and agent', () => {
  it('when a callee is added, checked and removed, then each step says what happened', async () => {
    expect((await runCli(['dnc', 'add', '138-0013-8000', '--reason', '客户要求'], ctx)).stdout).toBe(
      '+8613800138000 added to the DNC list\n',
    );
    expect((await runCli(['dnc', 'check', '13800138000'], ctx)).stdout).toBe(
      '+8613800138000 is on the DNC list since 2026-03-02T02:00:00.000Z (cli, by tester): 客户要求\n',
    );
    expect((await runCli(['dnc', 'remove', '13800138000'], ctx)).code).toBe(2);
    expect(await runCli(['dnc', 'remove', '13800138000', '--reason', 'mistake'], ctx)).toMatchObject({
      code: 0,
      stdout: '+8613800138000 removed from the DNC list\n',
    });
    expect(await runCli(['dnc', 'remove', '13800138000', '--reason', 'mistake'], ctx)).toMatchObject({
      code: 1,
    });
  });

  it('when a reason holds a control character, then it exits 2 with NUMPOOL_INVALID_TEXT', async () => {
    const run = await runCli(['dnc', 'add', '13800138000', '--reason', 'a\u0001b'], ctx);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'numpool: NUMPOOL_INVALID_TEXT: reason holds a control character (U+0001) at column 2\n',
    );
  });

  it('when a consent is granted and revoked, then both are confirmed', async () => {
    expect(
      (
        await runCli(
          ['consent', 'grant', '13800138000', '--at', '2026-03-01', '--expires', '2027-03-01'],
          ctx,
        )
      ).stdout,
    ).toBe(
      'consent recorded for +8613800138000 from 2026-02-28T16:00:00.000Z until 2027-02-28T16:00:00.000Z\n',
    );
    expect((await runCli(['consent', 'grant', '13800138000', '--at', 'yesterday'], ctx)).code).toBe(2);
    expect((await runCli(['consent', 'revoke', '13800138000', '--reason', '撤回'], ctx)).stdout).toBe(
      'consent of +8613800138000 revoked\n',
    );
  });

  it('when an agent is set twice, then it is created, then updated with the flag', async () => {
    expect((await runCli(['agent', 'set', '8001', '--name', '张三'], ctx)).stdout).toBe(
      'agent 8001 created: name 张三, team -, marketing-trained no, active yes\n',
    );
    expect((await runCli(['agent', 'set', '8001', '--marketing-trained', '是'], ctx)).stdout).toBe(
      'agent 8001 updated: name 张三, team -, marketing-trained yes, active yes\n',
    );
    expect((await runCli(['agent', 'set', '8001', '--active', 'maybe'], ctx)).code).toBe(2);
  });

  it.each([
    'import',
    'export',
    'dnc add',
    'dnc remove',
    'dnc check',
    'consent grant',
    'consent revoke',
    'agent set',
  ])('when `numpool %s --help` is asked, then it shows examples', async (command) => {
    const run = await runCli([...command.split(' '), '--help'], ctx);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:\n  $ numpool ');
  });
});
