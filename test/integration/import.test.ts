// CSV imports on MariaDB through the same validating importer the API will use: every line checked,
// clear per-line errors, and nothing half-imported.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../plugin/core.ts';
import { importCsv, type ImportOutcome } from '../../plugin/import/import-file.ts';
import type { ImportKind } from '../../plugin/import/import-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testCore } from '../support/test-core.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
let tdb: TestDatabase;
let core: Core;

beforeAll(async () => {
  tdb = await createTestDatabase('import');
  core = testCore(tdb.open());
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['number_state_history', 'numbers', 'agents', 'dnc', 'consents', 'audit_log'])
    await core.db.knex(table).del();
  await core.cache.reload();
});

function run(
  kind: ImportKind,
  csv: string | Buffer,
  limits?: { maxBytes: number; maxRows: number },
): Promise<ImportOutcome> {
  const content = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
  return importCsv(
    { db: core.db, areas: core.areas, regions: () => core.cache.loaded().regions },
    kind,
    content,
    { kind: 'cli', name: 'tester' },
    NOW,
    limits,
  );
}

async function count(table: string): Promise<number> {
  const row = (await core.db.knex(table).count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

describe('numbers import', () => {
  it('when a valid file is imported, then numbers are normalised, classified, placed in their area and audited', async () => {
    const csv = [
      'number,purpose,tier,state,daily_cap,route,notes',
      '010-8888 6666,service,main,active,,trunk-a,总部',
      '+86 755 8888 6666,marketing,reserve,new,15,,',
      '17012345678,marketing,main,warming,,,',
      '95588,service,main,active,,,',
    ].join('\n');
    const outcome = await run('numbers', `\uFEFF${csv}`);
    expect(outcome).toEqual({ ok: true, kind: 'numbers', rows: 4, counts: { inserted: 4, updated: 0 } });
    const rows = (await core.db
      .knex('numbers')
      .orderBy('id')
      .select(
        'e164',
        'type',
        'province',
        'city',
        'region',
        'tier',
        'state',
        'daily_cap',
        'route',
        'notes',
      )) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        e164: '+861088886666',
        type: 'landline',
        province: '北京',
        city: '北京',
        region: '华北',
        tier: 'main',
        state: 'active',
        daily_cap: 20,
        route: 'trunk-a',
        notes: '总部',
      },
      {
        e164: '+8675588886666',
        type: 'landline',
        province: '广东',
        city: '深圳',
        region: '华南',
        tier: 'reserve',
        state: 'new',
        daily_cap: 15,
        route: null,
        notes: null,
      },
      {
        e164: '+8617012345678',
        type: 'virtual',
        province: null,
        city: null,
        region: null,
        tier: 'main',
        state: 'warming',
        daily_cap: 10,
        route: null,
        notes: null,
      },
      {
        e164: '+8695588',
        type: 'service',
        province: null,
        city: null,
        region: null,
        tier: 'main',
        state: 'active',
        daily_cap: 20,
        route: null,
        notes: null,
      },
    ]);
    expect(await count('number_state_history')).toBe(4);
    expect(await core.db.knex('audit_log').first('action', 'entity', 'actor')).toEqual({
      action: 'import',
      entity: 'numbers',
      actor: 'tester',
    });
  });

  it('when one line is bad, then no line is imported and every problem is reported with its line number', async () => {
    const csv = [
      'number,purpose,daily_cap',
      '01088886666,service,',
      'not-a-number,service,',
      '01088886667,telemarketing,',
      '01088886668,service,-3',
      '010-8888 6666,marketing,',
    ].join('\n');
    const outcome = await run('numbers', csv);
    expect(outcome.ok).toBe(false);
    const errors = outcome.ok ? [] : outcome.errors;
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/^line 3: number: /);
    expect(errors[1]).toMatch(/^line 4: purpose: 'telemarketing' is not one of service \| marketing/);
    expect(errors[2]).toMatch(/^line 5: daily_cap: '-3' is not a whole number/);
    expect(errors[3]).toMatch(/^line 6: duplicate of line 2/);
    expect(await count('numbers')).toBe(0);
  });

  it('when a number is imported again, then its inventory fields are updated but its lifecycle state is not', async () => {
    await run('numbers', 'number,purpose,state\n01088886666,service,active');
    const outcome = await run('numbers', 'number,purpose,state,daily_cap\n01088886666,service,retired,12');
    expect(outcome.ok && outcome.counts).toEqual({ inserted: 0, updated: 1 });
    expect(await core.db.knex('numbers').first('state', 'daily_cap')).toEqual({
      state: 'active',
      daily_cap: 12,
    });
  });

  it.each([
    ['an unknown column', 'number,purpose,colour\n01088886666,service,red', /unknown column\(s\): colour/],
    ['a missing required column', 'number\n01088886666', /missing required column\(s\): purpose/],
    ['an empty file', '', /header row is required/],
    ['a broken quote', 'number,purpose\n"01088886666,service', /not a valid CSV file/],
    ['a ragged row', 'number,purpose\n01088886666,service,extra', /not a valid CSV file/],
  ])('when the file has %s, then it is refused with a clear message', async (_, csv, message) => {
    const outcome = await run('numbers', csv);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.errors.join('\n')).toMatch(message);
    expect(await count('numbers')).toBe(0);
  });

  it('when the file is GBK-encoded, then it is refused and the administrator is told to save it as UTF-8', async () => {
    const gbk = Buffer.from([
      0x6e, 0x75, 0x6d, 0x62, 0x65, 0x72, 0x2c, 0x70, 0x75, 0x72, 0x70, 0x6f, 0x73, 0x65, 0x0a, 0xb1, 0xb1,
      0xbe, 0xa9,
    ]);
    const outcome = await run('numbers', gbk);
    expect(outcome.ok ? '' : outcome.errors[0]).toMatch(/not UTF-8/);
  });

  it('when the file is larger than the limit, then it is refused before parsing', async () => {
    const outcome = await run('numbers', `number,purpose\n${'01088886666,service\n'.repeat(100)}`, {
      maxBytes: 500,
      maxRows: 10,
    });
    expect(outcome.ok ? '' : outcome.errors[0]).toMatch(/the limit is 500/);
  });

  it('when a field holds a spreadsheet formula or SQL, then it is stored as plain text', async () => {
    const outcome = await run(
      'numbers',
      'number,purpose,notes\n01088886666,service,"=HYPERLINK(""x""); DROP TABLE numbers;--"',
    );
    expect(outcome.ok).toBe(true);
    expect(await core.db.knex('numbers').first('notes')).toEqual({
      notes: '=HYPERLINK("x"); DROP TABLE numbers;--',
    });
  });
});

describe('agents, DNC and consents import', () => {
  it('when agents are imported, then the marketing-trained flag is read from yes/no, 是/否 and 1/0', async () => {
    const outcome = await run('agents', 'id,name,marketing_trained\n8001,张三,是\n8002,李四,no\n8003,王五,1');
    expect(outcome.ok).toBe(true);
    const rows = (await core.db.knex('agents').orderBy('id').select('id', 'marketing_trained')) as {
      id: string;
      marketing_trained: number;
    }[];
    expect(rows.map((r) => [r.id, Boolean(r.marketing_trained)])).toEqual([
      ['8001', true],
      ['8002', false],
      ['8003', true],
    ]);
  });

  it('when an agent flag is not yes/no, then nothing is imported', async () => {
    const outcome = await run('agents', 'id,marketing_trained\n8001,maybe');
    expect(outcome.ok ? '' : outcome.errors[0]).toBe("line 2: marketing_trained: 'maybe' is not yes/no");
    expect(await count('agents')).toBe(0);
  });

  it('when DNC entries are imported, then callees are stored in E.164 and an existing entry keeps its first reason', async () => {
    await run('dnc', 'number,reason\n138 0013 8000,不需要，别打了');
    const outcome = await run('dnc', 'number,reason\n+8613800138000,again\n13900139000,');
    expect(outcome.ok && outcome.counts).toEqual({ inserted: 1, updated: 0 });
    expect(
      await core.db.knex('dnc').where({ callee_e164: '+8613800138000' }).first('reason', 'source'),
    ).toEqual({ reason: '不需要，别打了', source: 'import' });
  });

  it('when consents are imported, then bare dates are China midnight and bad dates are refused', async () => {
    const ok = await run(
      'consents',
      'number,granted_at,expires_at\n13800138000,2026-01-15,2027-01-15T00:00:00+08:00',
    );
    expect(ok.ok).toBe(true);
    expect(await core.db.knex('consents').first('granted_at')).toEqual({
      granted_at: '2026-01-14 16:00:00.000',
    });
    const bad = await run('consents', 'number,granted_at\n13900139000,yesterday\n13700137000,2026-02-30');
    expect(bad.ok ? [] : bad.errors).toEqual([
      "line 2: granted_at: 'yesterday' is not a date or ISO time with offset",
      "line 3: granted_at: '2026-02-30' is not a date or ISO time with offset",
    ]);
  });
});
