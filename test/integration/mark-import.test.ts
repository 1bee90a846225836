// Marks from CSV import and manual entry on MariaDB, and clearing them for appeals: every line
// checked with clear per-line errors, nothing half-imported, marks merged per platform × type.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enterMarkManually } from '../../plugin/actions/marks/manual-mark-entry.ts';
import { importMarksCsv, type MarkImportOutcome } from '../../plugin/actions/marks/mark-import.ts';
import type { Actor } from '../../plugin/store/audit/audit-log.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { listMarks } from '../../plugin/store/health/mark-repository.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
const LATER = new Date('2026-03-09T02:00:00Z');
const ACTOR: Actor = { kind: 'cli', name: 'tester' };
let tdb: TestDatabase;
let db: Database;
let beijing: number;
let shanghai: number;

beforeAll(async () => {
  tdb = await createTestDatabase('markimport');
  db = tdb.open();
  [beijing = 0, shanghai = 0] = await seedNumbers(db.knex, [
    { e164: '+861088886666' },
    { e164: '+862166668888' },
  ]);
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['marks', 'audit_log']) await db.knex(table).del();
});

function importCsv(csv: string, now = NOW): Promise<MarkImportOutcome> {
  return importMarksCsv({ db }, Buffer.from(csv, 'utf8'), ACTOR, now);
}

async function marksOf(numberId: number): Promise<[string, string, number, string, string, string | null][]> {
  return (await listMarks(db.knex, numberId)).map((m) => [
    m.platform,
    m.type,
    m.count,
    m.firstSeenAt.toISOString(),
    m.source,
    m.clearedAt?.toISOString() ?? null,
  ]);
}

async function count(table: string): Promise<number> {
  const row = (await db.knex(table).count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

describe('CSV import', () => {
  it('when a valid file is imported, then labels are mapped, marks are stored per platform × type and audited', async () => {
    const csv = [
      'number,platform,type,count,observed_at',
      '010-8888 6666,360手机卫士,骚扰电话,12,2026-03-01',
      '01088886666,tencent,推销,3,2026-03-01T09:30:00+08:00',
      '021-66668888,百度,fraud,1,',
    ].join('\n');

    const outcome = await importCsv(`\uFEFF${csv}`);

    expect(outcome).toEqual({
      ok: true,
      rows: 3,
      numbers: 2,
      newMarks: [
        { numberId: beijing, platform: '360', type: 'harassment', added: 12 },
        { numberId: beijing, platform: 'tencent', type: 'sales', added: 3 },
        { numberId: shanghai, platform: 'baidu', type: 'fraud', added: 1 },
      ],
    });
    expect(await marksOf(beijing)).toEqual([
      ['360', 'harassment', 12, '2026-02-28T16:00:00.000Z', 'import', null],
      ['tencent', 'sales', 3, '2026-03-01T01:30:00.000Z', 'import', null],
    ]);
    expect(await marksOf(shanghai)).toEqual([['baidu', 'fraud', 1, NOW.toISOString(), 'import', null]]);
    const audit = (await db.knex('audit_log').select('action', 'entity', 'after')) as Record<
      string,
      string
    >[];
    expect(audit).toEqual([
      {
        action: 'import',
        entity: 'marks',
        after: JSON.stringify({ rows: 3, numbers: 2, newMarks: 3 }),
      },
    ]);
  });

  it('when lines are invalid, then every problem is reported with its line and nothing is written', async () => {
    const csv = [
      'number,platform,type,count,observed_at',
      '01088886666,360,harassment,5,',
      'hello,360,harassment,5,',
      '01088886666,myspace,harassment,5,',
      '01088886666,tencent,快递,5,',
      '01088886666,baidu,sales,-2,',
      '01088886666,sogou,sales,2,2027-01-01',
      '010 8888 6666,360,骚扰,7,',
    ].join('\n');

    const outcome = await importCsv(csv);

    expect(outcome.ok).toBe(false);
    const errors = outcome.ok ? [] : outcome.errors;
    expect(errors.map((e) => e.split(':')[0])).toEqual([
      'line 3',
      'line 4',
      'line 5',
      'line 6',
      'line 7',
      'line 8',
    ]);
    expect(errors[5]).toBe('line 8: duplicate of line 2 (+861088886666 360 harassment)');
    expect(await count('marks')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('when a number is not in the pool, then the import is refused and nothing is written', async () => {
    const csv = ['number,platform,type,count', '01088886666,360,骚扰,5', '13800138000,360,骚扰,5'].join('\n');

    expect(await importCsv(csv)).toEqual({
      ok: false,
      errors: ['line 3: number: +8613800138000 is not in the pool'],
    });
    expect(await count('marks')).toBe(0);
  });

  it('when a column is unknown or missing, then the file is refused', async () => {
    expect(await importCsv('number,platform,kind,count\n01088886666,360,骚扰,5')).toEqual({
      ok: false,
      errors: [
        'unknown column(s): kind (allowed: number, platform, type, count, observed_at)',
        'missing required column(s): type',
      ],
    });
  });

  it('when an older, lower reading is imported after a newer one, then the stored mark stays as it was', async () => {
    await importCsv('number,platform,type,count,observed_at\n01088886666,360,骚扰,12,2026-03-01');

    const outcome = await importCsv(
      'number,platform,type,count,observed_at\n01088886666,360,骚扰,2,2026-01-05',
    );

    expect(outcome).toMatchObject({ ok: true, newMarks: [] });
    expect(await marksOf(beijing)).toEqual([
      ['360', 'harassment', 12, '2026-02-28T16:00:00.000Z', 'import', null],
    ]);
  });
});

describe('manual entry', () => {
  it('when a supervisor enters a mark, then it is stored with source manual and audited', async () => {
    const outcome = await enterMarkManually(
      { db },
      { number: '010-8888 6666', platform: '腾讯手机管家', type: '诈骗', count: 1 },
      ACTOR,
      NOW,
    );

    expect(outcome).toEqual({
      ok: true,
      numberId: beijing,
      newMarks: [{ platform: 'tencent', type: 'fraud', added: 1 }],
    });
    expect(await marksOf(beijing)).toEqual([['tencent', 'fraud', 1, NOW.toISOString(), 'manual', null]]);
    expect(await count('audit_log')).toBe(1);
  });

  it('when an entry is invalid or names an unknown number, then the problems are listed and nothing is written', async () => {
    const invalid = await enterMarkManually(
      { db },
      { number: 'abc', platform: 'myspace', type: 'rude', count: -1 },
      ACTOR,
      NOW,
    );
    const fieldsWrong = await enterMarkManually(
      { db },
      { number: 'abc', platform: 'myspace', type: 'rude', count: 1 },
      ACTOR,
      NOW,
    );
    const unknown = await enterMarkManually(
      { db },
      { number: '13800138000', platform: '360', type: '骚扰', count: 1 },
      ACTOR,
      NOW,
    );

    expect(invalid).toMatchObject({ ok: false, problems: [expect.stringMatching(/^count:/)] });
    expect(fieldsWrong.ok ? [] : fieldsWrong.problems.map((p) => p.split(':')[0])).toEqual([
      'number',
      'platform',
      'type',
    ]);
    expect(unknown).toEqual({ ok: false, problems: ['number: +8613800138000 is not in the pool'] });
    expect(await count('marks')).toBe(0);
  });
});

describe('marks cleared by an appeal', () => {
  it('when a cleared mark reads 0, then it stays cleared; when it is marked again, then it starts afresh', async () => {
    await importCsv('number,platform,type,count\n01088886666,360,骚扰,12\n01088886666,tencent,推销,3');
    // What an approved appeal does (A2), through the appeals use case.
    await db
      .knex('marks')
      .where({ number_id: beijing, platform: '360' })
      .update({ cleared_at: toDbTime(NOW) });
    expect((await listMarks(db.knex, beijing, { includeCleared: false })).map((m) => m.platform)).toEqual([
      'tencent',
    ]);

    const quiet = await importCsv('number,platform,type,count\n01088886666,360,骚扰,0', LATER);
    expect(quiet).toMatchObject({ ok: true, newMarks: [] });
    expect((await marksOf(beijing))[0]?.[5]).toBe(NOW.toISOString());

    const again = await importCsv('number,platform,type,count\n01088886666,360,骚扰,2', LATER);
    expect(again).toMatchObject({ ok: true, newMarks: [{ platform: '360', type: 'harassment', added: 2 }] });
    expect((await marksOf(beijing))[0]).toEqual([
      '360',
      'harassment',
      2,
      LATER.toISOString(),
      'import',
      null,
    ]);
  });
});
