// The supervisor's side of pool health on the command line (M1–M3, A1–A2, L1, G3), on MariaDB: the
// appeal, marks and number commands run through `numpool`'s commander program in-process (runCli),
// with a fixed clock, as user alice.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAlerts } from '../../plugin/store/health/alert-repository.ts';
import { listAppeals } from '../../plugin/store/health/appeal-repository.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { listMarks } from '../../plugin/store/health/mark-repository.ts';
import {
  loadHealthNumbers,
  type HealthNumber,
} from '../../plugin/store/numbers/number-lifecycle-repository.ts';
import { testActionContext } from '../support/action-context.ts';
import { runCli } from '../support/cli-runner.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const MONDAY = new Date('2026-03-02T02:00:00Z'); // 10:00 on Monday 2026-03-02 in Shanghai
const DAY_MS = 86_400_000;
const NUMBER = '+861088880001';
const TYPED = '010-8888 0001';

let tdb: TestDatabase;
let db: Database;

beforeAll(async () => {
  tdb = await createTestDatabase('supervisorcli');
  db = tdb.open();
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['alerts', 'audit_log', 'number_state_history', 'marks', 'appeals', 'settings'])
    await db.knex(table).del();
  await db.knex('numbers').del();
  await seedNumbers(db.knex, [{ e164: NUMBER, purpose: 'marketing', state: 'active', city: '北京' }]);
});

/** Runs `numpool <command> …` as alice at `now` and collects what it printed on stdout. */
async function run(
  command: 'appeal' | 'marks' | 'number',
  args: string[],
  now = MONDAY,
): Promise<{ code: number; text: string; stderr: string }> {
  const ctx = testActionContext(db, { now, actor: { kind: 'cli', name: 'alice' } });
  const result = await runCli([command, ...args], ctx);
  return { code: result.code, text: result.stdout.replace(/\n$/, ''), stderr: result.stderr };
}

async function number(): Promise<HealthNumber> {
  const found = (await loadHealthNumbers(db.knex)).find((n) => n.e164 === NUMBER);
  if (!found) throw new Error('seeded number missing');
  return found;
}

async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ['marks', 'appeals', 'audit_log', 'number_state_history', 'alerts']) {
    const row = (await db.knex(table).count({ n: '*' }).first()) as { n: number | string };
    result[table] = Number(row.n);
  }
  return result;
}

describe('appeal commands', () => {
  it('when a suspended number is appealed with every material and approved 20 days later, then its marks are cleared and it warms up again', async () => {
    expect((await run('marks', ['add', TYPED, 'tencent', '骚扰', '7'])).text).toContain('suspended');
    const opened = await run('appeal', ['open', TYPED, '腾讯手机管家']);
    expect(opened).toMatchObject({ code: 0 });
    const [appeal] = await listAppeals(db.knex, { numberId: (await number()).id });
    const id = String(appeal?.id);
    expect(appeal).toMatchObject({ platform: 'tencent', status: 'draft', urgent: false });

    const early = await run('appeal', ['submit', id]);
    expect(early.code).toBe(1);
    expect(early.text).toContain('materials missing: 营业执照, 号码使用证明, 业务合法性说明');

    for (const item of ['营业执照', '号码使用证明', '业务合法性说明'])
      expect((await run('appeal', ['material', id, item, 'yes'])).code).toBe(0);
    const submitted = await run('appeal', ['submit', id]);
    expect(submitted).toEqual({
      code: 0,
      text: `appeal #${id} submitted for ${NUMBER} (now appealing): reply due 2026-03-05`,
      stderr: '',
    });

    const later = new Date(MONDAY.getTime() + 20 * DAY_MS);
    const listed = await run('appeal', ['list', '--overdue'], later);
    expect(listed.text).toMatch(
      new RegExp(`^#${id}  \\${NUMBER}  tencent  submitted .*due 2026-03-05  OVERDUE 17 day\\(s\\)$`),
    );

    const answered = await run('appeal', ['answer', id, 'approved', 'platform', 'removed', 'it'], later);
    expect(answered).toEqual({
      code: 0,
      text: `appeal #${id} approved for ${NUMBER} (now warming)`,
      stderr: '',
    });
    const after = await number();
    expect(after).toMatchObject({ state: 'warming', warmupCap: 5 });
    expect((await listMarks(db.knex, after.id)).every((m) => m.clearedAt !== null)).toBe(true);
    const [stored] = await listAppeals(db.knex, { numberId: after.id });
    expect(stored).toMatchObject({ status: 'approved', outcomeNote: 'platform removed it' });
    expect(stored?.effectsAppliedAt).toEqual(later);
    const actors = (await db.knex('audit_log').where({ entity: 'appeal' }).pluck('actor')) as string[];
    expect(new Set(actors)).toEqual(new Set(['alice']));
  });

  it('when an appeal is answered twice, then the second answer is refused and nothing changes', async () => {
    await run('marks', ['add', TYPED, 'tencent', 'sales', '7']);
    await run('appeal', ['open', TYPED, 'tencent']);
    const id = String((await listAppeals(db.knex))[0]?.id);
    for (const item of ['营业执照', '号码使用证明', '业务合法性说明'])
      await run('appeal', ['material', id, item, 'yes']);
    await run('appeal', ['submit', id]);
    expect((await run('appeal', ['answer', id, 'rejected'])).text).toContain('rejected');
    const before = await counts();

    const again = await run('appeal', ['answer', id, 'approved']);

    expect(again).toEqual({
      code: 1,
      text: 'refused: an appeal cannot go from rejected to approved',
      stderr: '',
    });
    expect(await counts()).toEqual(before);
    expect((await number()).state).toBe('suspended');
  });
});

describe('marks commands', () => {
  it('when a supervisor enters a fraud mark by hand, then the number is disabled at once with an urgent appeal and an audit alert', async () => {
    const entered = await run('marks', ['add', '01088880001', '360', '诈骗', '1']);

    expect(entered.code).toBe(0);
    expect(entered.text).toContain(`mark recorded for ${NUMBER}: 360 fraud +1`);
    expect(entered.text).toContain(`number ${NUMBER} disabled (suspended): urgent appeal #`);
    const n = await number();
    expect(n.state).toBe('suspended');
    expect(await listAppeals(db.knex, { numberId: n.id })).toMatchObject([
      { platform: '360', status: 'draft', urgent: true, createdBy: 'mark-check' },
    ]);
    expect((await listAlerts(db.knex, { open: true })).map((a) => a.kind).sort()).toEqual([
      'fraud-mark',
      'left-service',
    ]);
    const history = (await db
      .knex('number_state_history')
      .where({ number_id: n.id })
      .first('from_state', 'to_state')) as unknown;
    expect(history).toEqual({ from_state: 'active', to_state: 'suspended' });
    const audit = (await db.knex('audit_log').distinct('actor_kind', 'actor')) as {
      actor_kind: string;
      actor: string;
    }[];
    expect(audit).toEqual([{ actor_kind: 'cli', actor: 'alice' }]);
  });

  it('when a marks CSV carries more than 5 marks for a number, then the import suspends it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'numpool-marks-'));
    const file = join(dir, 'marks.csv');
    await writeFile(
      file,
      'number,platform,type,count\n010-88880001,baidu,harassment,4\n010-88880001,360,sales,2\n',
    );

    const imported = await run('marks', ['import', file]);

    expect(imported.code).toBe(0);
    expect(imported.text).toContain('imported 2 mark rows for 1 number(s)');
    expect(imported.text).toContain(`number ${NUMBER} suspended`);
    expect((await number()).state).toBe('suspended');
    expect((await run('marks', ['list', TYPED])).text).toMatch(
      /^\+861088880001 \(suspended\): 6 open mark\(s\)/,
    );
  });

  it('when a mark is entered for a number not in the pool, then it says so (exit 1) and nothing changes', async () => {
    const before = await counts();

    const refused = await run('marks', ['add', '010-8888 9999', '360', 'fraud', '1']);

    expect(refused).toEqual({ code: 1, text: 'number +861088889999 is not in the pool', stderr: '' });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a bad type', ['add', TYPED, '360', 'spamz', '1'], /type: 'spamz' is not harassment/],
    ['a negative count', ['add', TYPED, '360', 'fraud', '-1'], /COUNT must be the whole number .*got '-1'/],
    ['a count that is no number', ['add', TYPED, '360', 'fraud', 'many'], /COUNT must be the whole number/],
    ['an unknown platform', ['add', TYPED, 'myspace', 'fraud', '1'], /platform: 'myspace' is not one of/],
    ['no phone number at all', ['add', 'abc', '360', 'fraud', '1'], /NUMBER /],
  ])(
    'when a mark is entered with %s, then it is a usage error (exit 2) and nothing changes',
    async (_, args, why) => {
      const before = await counts();

      const refused = await run('marks', args);

      expect(refused).toMatchObject({ code: 2, text: '' });
      expect(refused.stderr).toMatch(why);
      expect(await counts()).toEqual(before);
      expect((await number()).state).toBe('active');
    },
  );
});

describe('number commands', () => {
  it('when a state change is illegal, then it is refused with the allowed states and nothing changes', async () => {
    const before = await counts();

    const refused = await run('number', ['state', TYPED, 'new', '--reason', 'start over']);

    expect(refused.code).toBe(1);
    expect(refused.text).toContain('from active it may go to cooling, suspended, appealing, retired');
    expect(await counts()).toEqual(before);
  });

  it('when a supervisor cools a number and moves it to the reserve, then both are in its history with who and why', async () => {
    expect((await run('number', ['state', TYPED, 'cooling', '--reason', 'rest a week'])).code).toBe(0);
    expect((await run('number', ['tier', TYPED, 'reserve', '--reason', 'spare'])).code).toBe(0);

    expect(await number()).toMatchObject({ state: 'cooling', tier: 'reserve' });
    const shown = await run('number', ['show', TYPED]);
    expect(shown.text).toContain('state     cooling since 2026-03-02 10:00');
    expect(shown.text).toContain('caps      daily 20, warm-up 5, today 20');
    expect(shown.text).toContain('active → cooling  by cli alice: rest a week');
    expect(shown.text).toContain('cooling → cooling  by cli alice: tier main → reserve: spare');
  });

  it.each([
    [
      'an unknown state',
      ['state', TYPED, 'flying', '--reason', 'x'],
      /'flying' is invalid.*Allowed choices are new, warming/,
    ],
    ['no reason', ['state', TYPED, 'cooling'], /required option '--reason <text>' not specified/],
    ['a blank reason', ['state', TYPED, 'cooling', '--reason', '  '], /needs a reason/],
    [
      'a reason with a control character',
      ['state', TYPED, 'cooling', '--reason', 'a\u0000b'],
      /control character/,
    ],
    [
      'an unknown tier',
      ['tier', TYPED, 'gold', '--reason', 'x'],
      /'gold' is invalid.*Allowed choices are main, reserve/,
    ],
  ])(
    'when a number command has %s, then it is a usage error (exit 2) and nothing changes',
    async (_, args, why) => {
      const before = await counts();

      const refused = await run('number', args);

      expect(refused).toMatchObject({ code: 2, text: '' });
      expect(refused.stderr).toMatch(why);
      expect(await counts()).toEqual(before);
    },
  );
});

describe('refusals and help', () => {
  it('when an appeal id is unknown, then it says so with where to look (exit 1)', async () => {
    expect(await run('appeal', ['submit', '999'])).toEqual({
      code: 1,
      text: 'no appeal #999; see numpool appeal list',
      stderr: '',
    });
  });

  it('when an appeal id is no number, then it is a usage error (exit 2)', async () => {
    const refused = await run('appeal', ['submit', 'seven']);

    expect(refused).toMatchObject({ code: 2, text: '' });
    expect(refused.stderr).toContain("ID must be an appeal number (got 'seven')");
  });

  it('when a marks CSV names a number not in the pool, then every bad line is listed and nothing is imported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'numpool-marks-'));
    const file = join(dir, 'marks.csv');
    await writeFile(file, 'number,platform,type,count\n010-88889999,360,fraud,1\n');
    const before = await counts();

    const refused = await run('marks', ['import', file]);

    expect(refused).toEqual({
      code: 1,
      text: `nothing imported from ${file}:\n  line 2: number: +861088889999 is not in the pool`,
      stderr: '',
    });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['number', 'show'],
    ['number', 'state'],
    ['number', 'tier'],
    ['appeal', 'open'],
    ['appeal', 'material'],
    ['appeal', 'submit'],
    ['appeal', 'answer'],
    ['appeal', 'list'],
    ['marks', 'add'],
    ['marks', 'import'],
    ['marks', 'list'],
  ] as const)(
    'when `numpool %s %s --help` is asked, then it shows its arguments and examples',
    async (command, sub) => {
      const help = await run(command, [sub, '--help']);

      expect(help.code).toBe(0);
      expect(help.text).toContain(`Usage: numpool ${command} ${sub}`);
      expect(help.text).toMatch(new RegExp(`Examples:\\n  \\$ numpool ${command} ${sub}\\b`));
    },
  );
});
