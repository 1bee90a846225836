// The supervisor's side of pool health on the command line (M1–M3, A1–A2, L1, G3), on MariaDB: the
// appeal, marks and number commands called as main.ts calls them, with a fixed clock and an out collector.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../plugin/cli/admin-commands.ts';
import { appealCommand } from '../../plugin/cli/appeal-command.ts';
import { marksCommand } from '../../plugin/cli/marks-command.ts';
import { numberCommand } from '../../plugin/cli/number-command.ts';
import type { Core } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import { listAlerts } from '../../plugin/store/health/alert-repository.ts';
import { listAppeals } from '../../plugin/store/health/appeal-repository.ts';
import type { Actor } from '../../plugin/store/audit/audit-log.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { listMarks } from '../../plugin/store/health/mark-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../../plugin/store/numbers/number-lifecycle-repository.ts';
import { seedNumbers } from '../support/seed.ts';
import { testCore } from '../support/test-core.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const MONDAY = new Date('2026-03-02T02:00:00Z'); // 10:00 on Monday 2026-03-02 in Shanghai
const DAY_MS = 86_400_000;
const SCOPE = { timeZone: 'Asia/Shanghai', logger: createLogger('silent') };
const ALICE: Actor = { kind: 'cli', name: 'alice' };
const NUMBER = '+861088880001';
const TYPED = '010-8888 0001';

type Command = typeof appealCommand;
let tdb: TestDatabase;
let db: Database;
let core: Core;

beforeAll(async () => {
  tdb = await createTestDatabase('supervisorcli');
  db = tdb.open();
  core = testCore(db);
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

/** Runs one command and collects what it printed. */
async function run(command: Command, args: string[], now = MONDAY): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await command(core, args, ALICE, (t) => lines.push(t), now, SCOPE);
  return { code, text: lines.join('\n') };
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
    expect((await run(marksCommand, ['add', TYPED, 'tencent', '骚扰', '7'])).text).toContain('suspended');
    const opened = await run(appealCommand, ['open', TYPED, '腾讯手机管家']);
    expect(opened).toMatchObject({ code: 0 });
    const [appeal] = await listAppeals(db.knex, { numberId: (await number()).id });
    const id = String(appeal?.id);
    expect(appeal).toMatchObject({ platform: 'tencent', status: 'draft', urgent: false });

    const early = await run(appealCommand, ['submit', id]);
    expect(early.code).toBe(1);
    expect(early.text).toContain('materials missing: 营业执照, 号码使用证明, 业务合法性说明');

    for (const item of ['营业执照', '号码使用证明', '业务合法性说明'])
      expect((await run(appealCommand, ['material', id, item, 'yes'])).code).toBe(0);
    const submitted = await run(appealCommand, ['submit', id]);
    expect(submitted).toEqual({
      code: 0,
      text: `appeal #${id} submitted for ${NUMBER} (now appealing): reply due 2026-03-05`,
    });

    const later = new Date(MONDAY.getTime() + 20 * DAY_MS);
    const listed = await run(appealCommand, ['list', '--overdue'], later);
    expect(listed.text).toMatch(
      new RegExp(`^#${id}  \\${NUMBER}  tencent  submitted .*due 2026-03-05  OVERDUE 17 day\\(s\\)$`),
    );

    const answered = await run(appealCommand, ['answer', id, 'approved', 'platform', 'removed', 'it'], later);
    expect(answered).toEqual({ code: 0, text: `appeal #${id} approved for ${NUMBER} (now warming)` });
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
    await run(marksCommand, ['add', TYPED, 'tencent', 'sales', '7']);
    await run(appealCommand, ['open', TYPED, 'tencent']);
    const id = String((await listAppeals(db.knex))[0]?.id);
    for (const item of ['营业执照', '号码使用证明', '业务合法性说明'])
      await run(appealCommand, ['material', id, item, 'yes']);
    await run(appealCommand, ['submit', id]);
    expect((await run(appealCommand, ['answer', id, 'rejected'])).text).toContain('rejected');
    const before = await counts();

    const again = await run(appealCommand, ['answer', id, 'approved']);

    expect(again).toEqual({ code: 1, text: 'refused: an appeal cannot go from rejected to approved' });
    expect(await counts()).toEqual(before);
    expect((await number()).state).toBe('suspended');
  });
});

describe('marks commands', () => {
  it('when a supervisor enters a fraud mark by hand, then the number is disabled at once with an urgent appeal and an audit alert', async () => {
    const entered = await run(marksCommand, ['add', '01088880001', '360', '诈骗', '1']);

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

    const imported = await run(marksCommand, ['import', file]);

    expect(imported.code).toBe(0);
    expect(imported.text).toContain('imported 2 mark rows for 1 number(s)');
    expect(imported.text).toContain(`number ${NUMBER} suspended`);
    expect((await number()).state).toBe('suspended');
    expect((await run(marksCommand, ['list', TYPED])).text).toMatch(
      /^\+861088880001 \(suspended\): 6 open mark\(s\)/,
    );
  });

  it.each([
    ['an unknown number', ['add', '010-8888 9999', '360', 'fraud', '1'], 1],
    ['a bad type', ['add', TYPED, '360', 'spamz', '1'], UsageError],
    ['a negative count', ['add', TYPED, '360', 'fraud', '-1'], UsageError],
    ['a count that is no number', ['add', TYPED, '360', 'fraud', 'many'], UsageError],
    ['an unknown platform', ['add', TYPED, 'myspace', 'fraud', '1'], UsageError],
    ['no phone number at all', ['add', 'abc', '360', 'fraud', '1'], UsageError],
  ])('when a mark is entered with %s, then it is refused and nothing changes', async (_, args, expected) => {
    const before = await counts();
    if (expected === UsageError) await expect(run(marksCommand, args)).rejects.toBeInstanceOf(UsageError);
    else
      expect(await run(marksCommand, args)).toEqual({
        code: 1,
        text: 'number +861088889999 is not in the pool',
      });
    expect(await counts()).toEqual(before);
    expect((await number()).state).toBe('active');
  });
});

describe('number commands', () => {
  it('when a state change is illegal, then it is refused with the allowed states and nothing changes', async () => {
    const before = await counts();

    const refused = await run(numberCommand, ['state', TYPED, 'new', '--reason', 'start over']);

    expect(refused.code).toBe(1);
    expect(refused.text).toContain('from active it may go to cooling, suspended, appealing, retired');
    expect(await counts()).toEqual(before);
  });

  it('when a supervisor cools a number and moves it to the reserve, then both are in its history with who and why', async () => {
    expect((await run(numberCommand, ['state', TYPED, 'cooling', '--reason', 'rest a week'])).code).toBe(0);
    expect((await run(numberCommand, ['tier', TYPED, 'reserve', '--reason', 'spare'])).code).toBe(0);

    expect(await number()).toMatchObject({ state: 'cooling', tier: 'reserve' });
    const shown = await run(numberCommand, ['show', TYPED]);
    expect(shown.text).toContain('state     cooling since 2026-03-02 10:00');
    expect(shown.text).toContain('caps      daily 20, warm-up 5, today 20');
    expect(shown.text).toContain('active → cooling  by cli alice: rest a week');
    expect(shown.text).toContain('cooling → cooling  by cli alice: tier main → reserve: spare');
  });

  it.each([
    ['an unknown state', ['state', TYPED, 'flying', '--reason', 'x']],
    ['no reason', ['state', TYPED, 'cooling']],
    ['an unknown tier', ['tier', TYPED, 'gold', '--reason', 'x']],
  ])('when a number command has %s, then it is a usage error and nothing changes', async (_, args) => {
    const before = await counts();
    await expect(run(numberCommand, args)).rejects.toBeInstanceOf(UsageError);
    expect(await counts()).toEqual(before);
  });
});
