// The `numpool` CLI as an administrator runs it, against a real MariaDB database.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const BIN = fileURLToPath(new URL('../../bin/numpool.js', import.meta.url));
let tdb: TestDatabase;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function numpool(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', NUMPOOL_DB_URL: tdb.url, ...env }, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function count(table: string): Promise<number> {
  const row = (await tdb.open(1).knex(table).count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

beforeAll(async () => {
  tdb = await createTestDatabase('cli');
  dir = await mkdtemp(join(tmpdir(), 'numpool-cli-'));
  await writeFile(
    join(dir, 'numbers.csv'),
    'number,purpose,state\n010-8888 0001,marketing,active\n021-6666 0001,marketing,active\n',
  );
  await writeFile(join(dir, 'agents.csv'), 'id,marketing_trained\n8001,yes\n8002,no\n');
  await writeFile(
    join(dir, 'consents.csv'),
    'number,granted_at\n13800138000,2026-01-01\n13900139000,2026-01-01\n',
  );
  await writeFile(join(dir, 'bad.csv'), 'number,purpose\n12345,service\n');
});

afterAll(async () => {
  await tdb.drop();
});

describe('numpool migrate and import', () => {
  it('when migrations already ran, then migrate says the database is up to date', async () => {
    expect(await numpool(['migrate'])).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
  });

  it('when CSV files are imported, then they load and report counts', async () => {
    for (const kind of ['numbers', 'agents', 'consents']) {
      const run = await numpool(['import', kind, join(dir, `${kind}.csv`)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^imported 2 \w+ rows: 2 new, 0 updated/);
    }
  });

  it('when a CSV file has a bad line, then nothing is imported and the line is named', async () => {
    const run = await numpool(['import', 'numbers', join(dir, 'bad.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 2: number:');
    expect(await count('numbers')).toBe(2);
  });
});

describe('numpool decide', () => {
  const base = ['decide', '--agent', '8001', '--purpose', 'marketing'];

  it('when a Beijing callee is decided with --json, then it gets the 010 number and the call is reserved', async () => {
    const run = await numpool([
      ...base,
      '--callee',
      '13800138000',
      '--at',
      '2026-03-02T10:00+08:00',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      decision: 'allowed',
      reason: null,
      callerId: '+861088880001',
      route: 'default',
      dryRun: false,
    });
    expect((out.trace as { steps: unknown[] }).steps).toHaveLength(7);
    expect(await count('number_daily_usage')).toBe(1);
  });

  it('when the same callee is decided again 23 h later, then it is blocked CALLEE_INTERVAL with exit code 10', async () => {
    const run = await numpool([
      ...base,
      '--callee',
      '+86 138-0013-8000',
      '--at',
      '2026-03-03T09:00+08:00',
      '--json',
    ]);
    expect(run.code).toBe(10);
    expect(JSON.parse(run.stdout)).toMatchObject({
      decision: 'blocked',
      reason: 'CALLEE_INTERVAL',
      callerId: null,
    });
  });

  it('when a call is decided on National Day, then the readable report names the holiday and the trace', async () => {
    const run = await numpool([...base, '--callee', '13900139000', '--at', '2026-10-01T10:00+08:00']);
    expect(run.code).toBe(10);
    expect(run.stdout).toMatch(/^BLOCKED {2}HOLIDAY: .*国庆/);
    expect(run.stdout).toMatch(/window +block/);
  });

  it('when --dry-run is given, then the decision is shown and nothing is reserved or recorded', async () => {
    const before = [await count('calls'), await count('number_daily_usage'), await count('callee_history')];
    const run = await numpool([
      ...base,
      '--callee',
      '13900139000',
      '--at',
      '2026-03-02T10:00+08:00',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: 'allowed', dryRun: true, callId: null });
    expect([await count('calls'), await count('number_daily_usage'), await count('callee_history')]).toEqual(
      before,
    );
  });

  it.each([[''], ['abc'], ['1234567890123456789012345'], ['+1 212 555 0100']])(
    'when the callee is %j, then it is blocked INVALID_NUMBER with a message and nothing is reserved',
    async (callee) => {
      const usage = await count('number_daily_usage');
      const run = await numpool([...base, '--callee', callee, '--at', '2026-03-02T10:00+08:00', '--json']);
      expect(run.code).toBe(10);
      const out = JSON.parse(run.stdout) as { reason: string; message: string };
      expect(out.reason).toBe('INVALID_NUMBER');
      expect(out.message.length).toBeGreaterThan(10);
      expect(await count('number_daily_usage')).toBe(usage);
    },
  );

  it.each([
    [['decide', '--agent', '8001', '--purpose', 'marketing'], /--callee is required/],
    [
      ['decide', '--callee', '138', '--agent', '8001', '--purpose', 'sales'],
      /--purpose must be one of service, marketing, urgent/,
    ],
    [
      [...base, '--callee', '13800138000', '--at', '2026-02-30T10:00+08:00'],
      /--at must be an ISO time with an offset/,
    ],
    [[...base, '--callee', '13800138000', '--at', 'tomorrow'], /--at must be an ISO time/],
    [[...base, '--callee', '13800138000', '--colour', 'red'], /Unknown option '--colour'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('when the arguments are %j, then it exits 2 with a usage message', async (args, message) => {
    const run = await numpool(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('when the configuration has several problems, then all are reported at once', async () => {
    const run = await numpool(['migrate'], {
      NUMPOOL_DB_URL: 'postgres://x',
      NUMPOOL_TIMEZONE: 'Mars/Base',
      NUMPOOL_HTTP_PORT: 'eighty',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NUMPOOL_DB_URL/);
    expect(run.stderr).toMatch(/NUMPOOL_TIMEZONE/);
    expect(run.stderr).toMatch(/NUMPOOL_HTTP_PORT/);
  });
});
