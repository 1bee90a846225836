// The `numpool` CLI as an administrator runs it, against a real MariaDB database: the compiled
// command (bin/numpool.js) in a child process, so exit codes and both output streams are the shell's.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNumpool, type CliRun } from '../support/cli-runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let tdb: TestDatabase;
let dir: string;

function numpool(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return spawnNumpool(args, { NUMPOOL_DB_URL: tdb.url, ...env });
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
  await writeFile(join(dir, 'rules.json'), JSON.stringify({ requireMarketingConsent: false }));
  await writeFile(
    join(dir, 'bad-rules.json'),
    JSON.stringify({ frequency: { marketing: [{ windowMinutes: -5, max: 1 }] } }),
  );
  await writeFile(join(dir, 'broken.json'), '{ not json');
  await writeFile(
    join(dir, 'health.json'),
    JSON.stringify({ learning: { strategyBySubPool: { 'marketing/华北': 'thompson' } } }),
  );
  await writeFile(join(dir, 'bad-health.json'), JSON.stringify({ answerRate: { floor: 7 } }));
  await writeFile(
    join(dir, 'provider.json'),
    JSON.stringify({
      name: 'lookup',
      urlTemplate: 'https://lookup.example/v1/marks?phone={e164}',
      headers: { Authorization: 'Bearer s3cret' },
      mapping: { items: 'data.marks', platform: 'app', type: 'tag', count: 'count' },
    }),
  );
  // The administrator's first steps, shared by every test below (each test arranges the rest).
  for (const kind of ['numbers', 'agents', 'consents']) {
    const run = await numpool(['import', kind, join(dir, `${kind}.csv`)]);
    if (run.code !== 0) throw new Error(`import ${kind} failed: ${run.stderr}`);
  }
});

afterAll(async () => {
  await tdb.drop();
});

describe('numpool migrate and import', () => {
  it('when migrations already ran, then migrate says the database is up to date', async () => {
    expect(await numpool(['migrate'])).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
  });

  it('when CSV files are imported again, then they load and report the rows as updated', async () => {
    for (const kind of ['numbers', 'agents', 'consents']) {
      const run = await numpool(['import', kind, join(dir, `${kind}.csv`)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^imported 2 \w+ rows: 0 new, 2 updated/);
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

  it('when a Beijing callee is decided with --json, then it gets the 010 number; 23 h later the callee is blocked CALLEE_INTERVAL', async () => {
    const first = await numpool([
      ...base,
      '--callee',
      '13800138000',
      '--at',
      '2026-03-02T10:00+08:00',
      '--json',
    ]);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      decision: 'allowed',
      reason: null,
      callerId: '+861088880001',
      route: 'default',
      dryRun: false,
    });
    expect((out.trace as { steps: unknown[] }).steps).toHaveLength(7);
    expect(await count('number_daily_usage')).toBe(1);

    const again = await numpool([
      ...base,
      '--callee',
      '+86 138-0013-8000',
      '--at',
      '2026-03-03T09:00+08:00',
      '--json',
    ]);
    expect(again.code).toBe(10);
    expect(JSON.parse(again.stdout)).toMatchObject({
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
    [[...base, '--callee', '13800138000', '--colour', 'red'], /unknown option '--colour'/],
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

describe('numpool rules and calendar', () => {
  it('when rules are set from a file, then show prints them merged with the defaults and the change is audited', async () => {
    expect(await numpool(['rules', 'set', join(dir, 'rules.json')])).toMatchObject({ code: 0 });
    const shown = await numpool(['rules', 'show']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ requireMarketingConsent: false, stickyNumber: true });
    const audit = (await tdb
      .open(1)
      .knex('audit_log')
      .where({ entity: 'rules' })
      .first('action', 'actor_kind')) as unknown;
    expect(audit).toEqual({ action: 'update', actor_kind: 'cli' });
  });

  it.each([
    ['bad-rules.json', 1, /NUMPOOL_RULES_INVALID: frequency\.marketing\.0\.windowMinutes/],
    ['broken.json', 2, /is not readable JSON/],
  ])(
    'when the rules file is %s, then nothing is saved and the problem is named',
    async (file, code, message) => {
      expect(await numpool(['rules', 'set', join(dir, 'rules.json')])).toMatchObject({ code: 0 });
      const run = await numpool(['rules', 'set', join(dir, file)]);
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(JSON.parse((await numpool(['rules', 'show'])).stdout)).toMatchObject({
        requireMarketingConsent: false,
      });
    },
  );

  it('when a company holiday is entered for an ordinary Tuesday, then calls that day are blocked HOLIDAY until it is removed', async () => {
    const call = [
      'decide',
      '--agent',
      '8001',
      '--purpose',
      'marketing',
      '--callee',
      '13900139000',
      '--at',
      '2026-03-10T10:00+08:00',
      '--dry-run',
      '--json',
    ];
    expect(await numpool(['calendar', 'set', '2026-03-10', 'holiday', '公司', '年会'])).toMatchObject({
      code: 0,
      stdout: '2026-03-10 is now a holiday (公司 年会)\n',
    });
    expect((await numpool(['calendar', 'list'])).stdout).toBe('2026-03-10  holiday  公司 年会\n');
    expect(JSON.parse((await numpool(call)).stdout)).toMatchObject({ reason: 'HOLIDAY' });
    expect(await numpool(['calendar', 'remove', '2026-03-10'])).toMatchObject({ code: 0 });
    expect(JSON.parse((await numpool(call)).stdout)).toMatchObject({ decision: 'allowed', reason: null });
  });

  it.each([
    [['calendar', 'set', '2027-02-30', 'holiday'], /needs a date YYYY-MM-DD/],
    [['calendar', 'set', '2027-02-10', 'vacation'], /needs holiday or workday/],
    [['rules', 'frobnicate'], /unknown command 'frobnicate'/],
  ])('when the arguments are %j, then it exits 2 with a usage message', async (args, message) => {
    const run = await numpool(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('numpool settings', () => {
  it('when health settings are set, then show prints them with every default filled in', async () => {
    expect(await numpool(['settings', 'set', 'health', join(dir, 'health.json')])).toMatchObject({ code: 0 });
    const shown = JSON.parse((await numpool(['settings', 'show', 'health'])).stdout) as {
      learning: unknown;
      marks: unknown;
    };
    expect(shown.learning).toMatchObject({
      defaultStrategy: 'least-used',
      strategyBySubPool: { 'marketing/华北': 'thompson' },
    });
    expect(shown.marks).toBeDefined();
  });

  it('when health settings are invalid, then nothing is saved and the problem is named', async () => {
    const run = await numpool(['settings', 'set', 'health', join(dir, 'bad-health.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NUMPOOL_HEALTH_SETTINGS_INVALID/);
  });

  it('when a mark provider is configured, then show masks its credentials', async () => {
    expect(await numpool(['settings', 'show', 'mark-provider'])).toMatchObject({
      stdout: 'no mark provider configured\n',
    });
    expect(await numpool(['settings', 'set', 'mark-provider', join(dir, 'provider.json')])).toMatchObject({
      code: 0,
    });
    const shown = await numpool(['settings', 'show', 'mark-provider']);
    expect(shown.stdout).not.toContain('s3cret');
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: 'lookup', headers: { Authorization: '***' } });
  });

  it('when the settings kind is unknown, then it exits 2', async () => {
    expect(await numpool(['settings', 'show', 'colours'])).toMatchObject({ code: 2 });
  });
});

describe('numpool help, suggestions and exit codes', () => {
  it('when run with --help, then it lists every command with its description and exits 0', async () => {
    const run = await numpool(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: numpool \[options\] \[command\]/);
    for (const command of ['migrate', 'decide', 'rules', 'calendar', 'settings', 'report', 'job', 'import'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b.* {2}\\w`, 'm'));
    expect(run.stdout).toContain('Exit codes: 0');
  });

  it('when run without a command, then the help goes to stderr and it exits 2', async () => {
    const run = await numpool([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: numpool/);
  });

  it.each([
    [['decide', '--help'], /^Usage: numpool decide \[options\]/],
    [['calendar', 'set', '--help'], /^Usage: numpool calendar set \[options\] <date> <kind> \[name\.\.\.\]/],
  ])(
    'when %j is run, then the command’s help with examples is printed and it exits 0',
    async (args, usage) => {
      const run = await numpool(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(usage);
      expect(run.stdout).toMatch(/\nExamples:\n {2}\$ numpool /);
    },
  );

  it.each([
    [['decid'], "unknown command 'decid'", '(Did you mean decide?)'],
    [['calendar', 'stauts'], "unknown command 'stauts'", '(Did you mean status?)'],
    [['decide', '--dry-rn'], "unknown option '--dry-rn'", '(Did you mean --dry-run?)'],
    [['report', 'stats', '--jsn'], "unknown option '--jsn'", '(Did you mean --json?)'],
  ])('when %j is mistyped, then it exits 2 and suggests the right word', async (args, error, suggestion) => {
    const run = await numpool(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${error}`);
    expect(run.stderr).toContain(suggestion);
    expect(run.stdout).toBe('');
  });

  it('when an error has a catalogue code, then stderr names it and the exit code is the catalogue’s', async () => {
    const run = await numpool(['settings', 'set', 'health', join(dir, 'missing.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^numpool: NUMPOOL_FILE_UNREADABLE: .*missing\.json is not readable JSON/);
  });

  it('when the configuration is invalid, then --help still works', async () => {
    const run = await numpool(['--help'], { NUMPOOL_TIMEZONE: 'Mars/Base' });
    expect(run.code).toBe(0);
  });

  it('when the configuration is invalid, then a command exits 2 naming NUMPOOL_CONFIG_INVALID', async () => {
    const run = await numpool(['rules', 'show'], { NUMPOOL_TIMEZONE: 'Mars/Base' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^numpool: NUMPOOL_CONFIG_INVALID: invalid configuration:\n {2}- NUMPOOL_TIMEZONE/,
    );
  });
});
