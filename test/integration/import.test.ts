// CSV imports and exports on MariaDB through the actions the CLI and the API call: every line
// checked (free text included), clear per-line errors, nothing half-imported, re-import changes
// reported and audited, formula-like cells escaped on export.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { exportCsv } from '../../plugin/actions/exports/export-csv.ts';
import { importCsvFile, type CsvImported } from '../../plugin/actions/imports/import-csv.ts';
import { AppError } from '../../plugin/errors/index.ts';
import type { ImportKind } from '../../plugin/import/import-rows.ts';
import { testActionContext } from '../support/action-context.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
let tdb: TestDatabase;
let ctx: ActionContext;

beforeAll(async () => {
  tdb = await createTestDatabase('import');
  ctx = testActionContext(tdb.open(), { now: NOW });
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['number_state_history', 'numbers', 'agents', 'dnc', 'consents', 'audit_log'])
    await ctx.db.knex(table).del();
  await ctx.cache.reload();
});

type Outcome = ({ ok: true } & Omit<CsvImported, 'changes'>) | { ok: false; errors: string[] };

/** The import as a value: its result, or the lines of its NUMPOOL_IMPORT_REJECTED refusal. */
async function run(
  kind: ImportKind,
  csv: string | Buffer,
  options: { limits?: { maxBytes: number; maxRows: number }; update?: boolean } = {},
): Promise<Outcome> {
  const content = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
  try {
    const done = await importCsvFile(ctx, { kind, content, source: `${kind}.csv`, ...options });
    return { ok: true, kind: done.kind, rows: done.rows, counts: done.counts };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NUMPOOL_IMPORT_REJECTED') throw err;
    return { ok: false, errors: (err.details as { errors: string[] }).errors };
  }
}

async function count(table: string): Promise<number> {
  const row = (await ctx.db.knex(table).count({ n: '*' }).first()) as { n: number };
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
    const rows = (await ctx.db
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
    expect(await ctx.db.knex('audit_log').first('action', 'entity', 'actor')).toEqual({
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
    expect(await ctx.db.knex('numbers').first('state', 'daily_cap')).toEqual({
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
      limits: { maxBytes: 500, maxRows: 10 },
    });
    expect(outcome.ok ? '' : outcome.errors[0]).toMatch(/the limit is 500/);
  });

  it('when a field holds a spreadsheet formula or SQL, then it is stored as plain text', async () => {
    const outcome = await run(
      'numbers',
      'number,purpose,notes\n01088886666,service,"=HYPERLINK(""x""); DROP TABLE numbers;--"',
    );
    expect(outcome.ok).toBe(true);
    expect(await ctx.db.knex('numbers').first('notes')).toEqual({
      notes: '=HYPERLINK("x"); DROP TABLE numbers;--',
    });
  });
});

describe('agents, DNC and consents import', () => {
  it('when agents are imported, then the marketing-trained flag is read from yes/no, 是/否 and 1/0', async () => {
    const outcome = await run('agents', 'id,name,marketing_trained\n8001,张三,是\n8002,李四,no\n8003,王五,1');
    expect(outcome.ok).toBe(true);
    const rows = (await ctx.db.knex('agents').orderBy('id').select('id', 'marketing_trained')) as {
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
      await ctx.db.knex('dnc').where({ callee_e164: '+8613800138000' }).first('reason', 'source'),
    ).toEqual({ reason: '不需要，别打了', source: 'import' });
  });

  it('when consents are imported, then bare dates are China midnight and bad dates are refused', async () => {
    const ok = await run(
      'consents',
      'number,granted_at,expires_at\n13800138000,2026-01-15,2027-01-15T00:00:00+08:00',
    );
    expect(ok.ok).toBe(true);
    expect(await ctx.db.knex('consents').first('granted_at')).toEqual({
      granted_at: '2026-01-14 16:00:00.000',
    });
    const bad = await run('consents', 'number,granted_at\n13900139000,yesterday\n13700137000,2026-02-30');
    expect(bad.ok ? [] : bad.errors).toEqual([
      "line 2: granted_at: 'yesterday' is not a date or ISO time with offset",
      "line 3: granted_at: '2026-02-30' is not a date or ISO time with offset",
    ]);
  });
});

describe('free text on import', () => {
  it('when a DNC reason holds a NUL byte, then nothing is imported and the line and column are named', async () => {
    const outcome = await run('dnc', 'number,reason\n13800138000,客户要求\n13900139000,"不要\u0000再打"');
    expect(outcome).toEqual({
      ok: false,
      errors: ['line 3: reason holds a control character (U+0000) at column 3'],
    });
    expect(await count('dnc')).toBe(0);
  });

  it('when an agent name holds a line break inside quotes, then the agents file is refused', async () => {
    const outcome = await run('agents', 'id,name\n8001,"张\n三"');
    expect(outcome.ok ? [] : outcome.errors).toEqual([
      'line 3: name holds a control character (U+000A) at column 2',
    ]);
    expect(await count('agents')).toBe(0);
  });
});

describe('numbers re-import', () => {
  beforeEach(async () => {
    await run('numbers', 'number,purpose,daily_cap\n01088880001,marketing,20\n01088880002,marketing,20');
    await ctx.db.knex('audit_log').del();
  });

  it('when a re-import changes a purpose without --update, then nothing is imported and the line is listed', async () => {
    const outcome = await run(
      'numbers',
      'number,purpose,daily_cap\n01088880001,service,5\n01088880002,marketing,10',
    );
    expect(outcome).toEqual({
      ok: false,
      errors: [
        'line 2: +861088880001: purpose marketing → service, daily cap 20 → 5',
        'a change of purpose needs --update',
      ],
    });
    expect(await ctx.db.knex('numbers').orderBy('e164').select('purpose', 'daily_cap')).toEqual([
      { purpose: 'marketing', daily_cap: 20 },
      { purpose: 'marketing', daily_cap: 20 },
    ]);
    expect(await count('audit_log')).toBe(0);
  });

  it('when a re-import changes purpose and caps with --update, then each change is reported and audited per number', async () => {
    const done = await importCsvFile(ctx, {
      kind: 'numbers',
      content: Buffer.from('number,purpose,daily_cap\n01088880001,service,5\n01088880002,marketing,20'),
      source: 'numbers.csv',
      update: true,
    });
    expect(done.counts).toEqual({ inserted: 0, updated: 2 });
    expect(done.changes).toEqual([
      {
        e164: '+861088880001',
        line: 2,
        changes: [
          { field: 'purpose', before: 'marketing', after: 'service' },
          { field: 'dailyCap', before: 20, after: 5 },
        ],
      },
    ]);
    const id = (await ctx.db.knex('numbers').where({ e164: '+861088880001' }).first('id')) as { id: number };
    const audit = (await ctx.db
      .knex('audit_log')
      .orderBy('id')
      .select('action', 'entity', 'entity_id', 'before', 'after')) as Record<string, string | null>[];
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: 'import-update', entity: 'number', entity_id: String(id.id) });
    expect(JSON.parse(audit[0]?.before ?? '')).toEqual({ purpose: 'marketing', dailyCap: 20 });
    expect(JSON.parse(audit[0]?.after ?? '')).toEqual({ purpose: 'service', dailyCap: 5 });
    expect(audit[1]).toMatchObject({ action: 'import', entity: 'numbers', entity_id: null });
    expect(JSON.parse(audit[1]?.after ?? '')).toEqual({
      inserted: 0,
      updated: 2,
      changed: 1,
      source: 'numbers.csv',
    });
  });

  it('when a re-import changes only tier and caps, then it needs no --update and the changes are reported', async () => {
    const done = await importCsvFile(ctx, {
      kind: 'numbers',
      content: Buffer.from('number,purpose,tier,warmup_cap\n01088880001,marketing,reserve,3'),
      source: 'numbers.csv',
    });
    expect(done.changes.map((c) => c.changes.map((f) => f.field))).toEqual([['tier', 'warmupCap']]);
    expect(await ctx.db.knex('numbers').where({ e164: '+861088880001' }).first('tier', 'warmup_cap')).toEqual(
      {
        tier: 'reserve',
        warmup_cap: 3,
      },
    );
  });
});

describe('CSV injection', () => {
  it('when formula-like values are imported, then they are stored as given, escaped on export and import back unchanged', async () => {
    await run('numbers', 'number,purpose,notes\n01088886666,service,"=HYPERLINK(""http://x"",""y"")"');
    await run('agents', 'id,name,team\n8001,@SUM(A1:A2),-2+3');
    await run('dnc', 'number,reason\n13800138000,+1+cmd|/C calc!A0');
    expect(await ctx.db.knex('agents').first('name', 'team')).toEqual({ name: '@SUM(A1:A2)', team: '-2+3' });
    expect(await ctx.db.knex('dnc').first('reason')).toEqual({ reason: '+1+cmd|/C calc!A0' });

    const numbers = await exportCsv(ctx, 'numbers');
    const agents = await exportCsv(ctx, 'agents');
    const dnc = await exportCsv(ctx, 'dnc');
    expect(numbers.csv).toContain(`,"'=HYPERLINK(""http://x"",""y"")"\n`);
    expect(numbers.csv.split('\n')[1]).toMatch(/^\+861088886666,service,main,new,20,5,/);
    expect(agents.csv).toBe("id,name,marketing_trained,active,team\n8001,'@SUM(A1:A2),no,yes,'-2+3\n");
    expect(dnc.csv).toBe("number,reason\n+8613800138000,'+1+cmd|/C calc!A0\n");

    for (const [kind, file] of [
      ['numbers', numbers],
      ['agents', agents],
      ['dnc', dnc],
    ] as const) {
      expect(await run(kind, file.csv)).toMatchObject({ ok: true });
    }
    expect(await ctx.db.knex('numbers').first('notes')).toEqual({ notes: '=HYPERLINK("http://x","y")' });
    expect(await ctx.db.knex('agents').first('name', 'team')).toEqual({ name: '@SUM(A1:A2)', team: '-2+3' });
  });

  it('when consents are exported, then revoked ones are left out and times are ISO 8601 in UTC', async () => {
    await run('consents', 'number,granted_at,evidence\n13800138000,2026-01-15,=cmd\n13900139000,2026-01-15,');
    await ctx.db
      .knex('consents')
      .where({ callee_e164: '+8613900139000' })
      .update({ revoked_at: '2026-02-01 00:00:00.000' });
    const out = await exportCsv(ctx, 'consents');
    expect(out).toMatchObject({ rows: 1 });
    expect(out.csv).toBe(
      "number,granted_at,expires_at,evidence,source\n+8613800138000,2026-01-14T16:00:00.000Z,,'=cmd,import\n",
    );
  });
});
