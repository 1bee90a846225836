// The supervisor's reports on MariaDB (M5, G2): daily rollups per sub-pool, agent and number from a
// known set of call rows, the monthly mark rates and reward list, and `numpool report` end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../plugin/store/connection/database.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { saveHealthSettings } from '../../plugin/store/health/health-settings-repository.ts';
import { dailyRollup, monthlyMarkReport } from '../../plugin/store/reports/report-repository.ts';
import { statsReport } from '../../plugin/actions/reports/stats-report.ts';
import { testActionContext } from '../support/action-context.ts';
import { spawnNumpool, type CliRun } from '../support/cli-runner.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const TZ = 'Asia/Shanghai';
const N1 = '+861088880001'; // service/华北, marked in March
const N2 = '+861088880002'; // service/华北, clean
const N3 = '+862166660001'; // marketing/华东, its mark was cleared in February
let tdb: TestDatabase;
let db: Database;
const ids = new Map<string, number>();

interface CallSpec {
  agent: string;
  at: string; // ISO with offset
  number?: string;
  purpose?: 'service' | 'marketing' | 'urgent';
  dial?: string | null;
  talk?: number;
  status?: 'pending' | 'completed' | 'released' | 'blocked';
  reason?: string;
  region?: string;
  dryRun?: boolean;
}

function callRow(c: CallSpec): Record<string, unknown> {
  const decidedAt = new Date(c.at);
  const blocked = c.reason !== undefined;
  return {
    agent: c.agent,
    callee_input: '13800138000',
    callee_e164: '+8613800138000',
    callee_region: c.region ?? null,
    purpose: c.purpose ?? (c.number === N3 ? 'marketing' : 'service'),
    decision: blocked ? 'blocked' : 'allowed',
    reason: c.reason ?? null,
    number_id: c.number === undefined ? null : ids.get(c.number),
    // The reservation's counter day is the pool-local date of the decision.
    usage_day: blocked ? null : new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(decidedAt),
    dry_run: c.dryRun ?? false,
    status: c.status ?? (blocked ? 'blocked' : 'completed'),
    decided_at: toDbTime(decidedAt),
    dial_status: blocked ? null : c.dial === undefined ? 'ANSWER' : c.dial,
    talk_seconds: c.dial === undefined || c.dial === 'ANSWER' ? (c.talk ?? 0) : 0,
  };
}

const CALLS: CallSpec[] = [
  // 2026-03-01, 00:30 in Shanghai (still 2026-02-28 in UTC): counts on the local day.
  { agent: '8003', number: N2, at: '2026-03-01T00:30+08:00', talk: 20 },
  // 2026-03-02: agent 8001 on N1 — 4 attempts, 2 answered (one very short), plus calls that are no attempts.
  { agent: '8001', number: N1, at: '2026-03-02T10:00+08:00', talk: 30 },
  { agent: '8001', number: N1, at: '2026-03-02T10:05+08:00', talk: 4 },
  { agent: '8001', number: N1, at: '2026-03-02T10:10+08:00', dial: 'NOANSWER' },
  { agent: '8001', number: N1, at: '2026-03-02T10:15+08:00', dial: 'BUSY' },
  { agent: '8001', number: N1, at: '2026-03-02T10:20+08:00', dial: 'CONGESTION' },
  { agent: '8001', number: N1, at: '2026-03-02T10:25+08:00', dial: null, status: 'pending' },
  { agent: '8001', number: N1, at: '2026-03-02T10:30+08:00', talk: 50, dryRun: true },
  { agent: '8001', at: '2026-03-02T10:35+08:00', reason: 'DNC', region: '华北' },
  { agent: '8001', at: '2026-03-02T10:40+08:00', reason: 'DNC', region: '华北', dryRun: true },
  // 2026-03-02: agent 8002 on N3 — 2 attempts, 1 answered; one marketing call blocked.
  { agent: '8002', number: N3, at: '2026-03-02T11:00+08:00', talk: 60 },
  { agent: '8002', number: N3, at: '2026-03-02T11:05+08:00', dial: 'NOANSWER' },
  {
    agent: '8002',
    purpose: 'marketing',
    at: '2026-03-02T20:00+08:00',
    reason: 'OUTSIDE_WINDOW',
    region: '华东',
  },
  // An urgent call draws from the service numbers, so its block counts under service/华南.
  { agent: '8003', purpose: 'urgent', at: '2026-03-02T12:00+08:00', reason: 'DNC', region: '华南' },
  { agent: '8001', number: N2, at: '2026-03-03T09:30+08:00', talk: 10 },
  // Outside 2026-03-01..07, but 03-08 is in March; 8004 is clean yet has too few calls for a reward.
  { agent: '8001', number: N2, at: '2026-03-08T09:30+08:00', talk: 10 },
  { agent: '8004', number: N3, at: '2026-03-08T09:30+08:00', talk: 10 },
  { agent: '8001', number: N1, at: '2026-02-28T23:30+08:00', talk: 10 },
  { agent: '8001', number: N1, at: '2026-03-09T10:00+08:00', dial: null, status: 'released' },
];

function mark(e164: string, first: string, last: string, cleared: string | null): Record<string, unknown> {
  return {
    number_id: ids.get(e164),
    platform: '360',
    mark_type: 'harassment',
    count: 3,
    first_seen_at: toDbTime(new Date(first)),
    last_seen_at: toDbTime(new Date(last)),
    source: 'manual',
    cleared_at: cleared === null ? null : toDbTime(new Date(cleared)),
    updated_at: toDbTime(new Date(last)),
  };
}

beforeAll(async () => {
  tdb = await createTestDatabase('reports');
  db = tdb.open();
  await seedNumbers(db.knex, [
    { e164: N1, purpose: 'service', region: '华北', province: '北京', city: '北京' },
    { e164: N2, purpose: 'service', region: '华北', province: '北京', city: '北京' },
    { e164: N3, purpose: 'marketing', region: '华东', province: '上海', city: '上海' },
  ]);
  const rows = (await db.knex('numbers').select('id', 'e164')) as { id: number; e164: string }[];
  for (const r of rows) ids.set(r.e164, Number(r.id));
  await db.knex('calls').insert(CALLS.map(callRow));
  await db
    .knex('marks')
    .insert([
      mark(N1, '2026-03-05T02:00:00Z', '2026-03-20T02:00:00Z', null),
      mark(N3, '2026-01-10T02:00:00Z', '2026-02-01T02:00:00Z', '2026-02-10T02:00:00Z'),
    ]);
  // Few calls in a synthetic month: the reward needs 2 calls instead of 100 (the 5% threshold stays).
  await saveHealthSettings(
    db.knex,
    { agentReward: { minCalls: 2 } },
    { kind: 'cli', name: 'test' },
    new Date(),
  );
});

afterAll(async () => {
  await tdb.drop();
});

describe('daily rollup', () => {
  it('when rolled up per sub-pool, then each day counts attempts, answers, talk, short calls and blocks by reason', async () => {
    const rows = await dailyRollup(db.knex, {
      from: '2026-03-01',
      to: '2026-03-07',
      timeZone: TZ,
      by: 'subPool',
    });
    const base = {
      dimension: 'subPool',
      talkSeconds: 0,
      shortAnswered: 0,
      networkFailures: 0,
      blocked: {},
      unchecked: 0,
    };
    expect(rows).toEqual([
      {
        ...base,
        key: 'marketing/华东',
        day: '2026-03-02',
        attempts: 2,
        answered: 1,
        talkSeconds: 60,
        blocked: { OUTSIDE_WINDOW: 1 },
        answerRate: 0.5,
        averageTalkSeconds: 60,
        shortAnsweredShare: 0,
      },
      {
        ...base,
        key: 'service/华北',
        day: '2026-03-01',
        attempts: 1,
        answered: 1,
        talkSeconds: 20,
        answerRate: 1,
        averageTalkSeconds: 20,
        shortAnsweredShare: 0,
      },
      {
        ...base,
        key: 'service/华北',
        day: '2026-03-02',
        attempts: 4,
        answered: 2,
        talkSeconds: 34,
        shortAnswered: 1,
        networkFailures: 1,
        blocked: { DNC: 1 },
        answerRate: 0.5,
        averageTalkSeconds: 17,
        shortAnsweredShare: 0.5,
      },
      {
        ...base,
        key: 'service/华北',
        day: '2026-03-03',
        attempts: 1,
        answered: 1,
        talkSeconds: 10,
        answerRate: 1,
        averageTalkSeconds: 10,
        shortAnsweredShare: 0,
      },
      {
        ...base,
        key: 'service/华南',
        day: '2026-03-02',
        attempts: 0,
        answered: 0,
        blocked: { DNC: 1 },
        answerRate: null,
        averageTalkSeconds: null,
        shortAnsweredShare: null,
      },
    ]);
  });

  it('when rolled up per agent, then each agent has its own attempts and blocks', async () => {
    const rows = await dailyRollup(db.knex, {
      from: '2026-03-02',
      to: '2026-03-02',
      timeZone: TZ,
      by: 'agent',
    });
    expect(rows.map((r) => [r.key, r.day, r.attempts, r.answered, r.answerRate, r.blocked])).toEqual([
      ['8001', '2026-03-02', 4, 2, 0.5, { DNC: 1 }],
      ['8002', '2026-03-02', 2, 1, 0.5, { OUTSIDE_WINDOW: 1 }],
      ['8003', '2026-03-02', 0, 0, null, { DNC: 1 }],
    ]);
  });

  it('when rolled up per number, then rows are keyed by E.164 and blocked calls have no number row', async () => {
    const rows = await dailyRollup(db.knex, {
      from: '2026-03-01',
      to: '2026-03-07',
      timeZone: TZ,
      by: 'number',
    });
    expect(
      rows.map((r) => [r.dimension, r.key, r.day, r.attempts, r.answered, r.networkFailures, r.blocked]),
    ).toEqual([
      ['number', N1, '2026-03-02', 4, 2, 1, {}],
      ['number', N2, '2026-03-01', 1, 1, 0, {}],
      ['number', N2, '2026-03-03', 1, 1, 0, {}],
      ['number', N3, '2026-03-02', 2, 1, 0, {}],
    ]);
  });

  it('when the range is longer than a query chunk, then every day is counted once', async () => {
    const rows = await dailyRollup(db.knex, {
      from: '2026-02-20',
      to: '2026-03-31',
      timeZone: TZ,
      by: 'region',
    });
    const total = (key: string): number =>
      rows.filter((r) => r.key === key).reduce((t, r) => t + r.attempts, 0);
    expect([total('华北'), total('华东'), total('华南')]).toEqual([8, 3, 0]);
    expect(rows.map((r) => r.day)).toContain('2026-02-28');
  });

  it('when the range is reversed or too long, then the report is refused with a 400 error', async () => {
    const ctx = testActionContext(db, { now: new Date('2026-04-10T00:00:00Z'), timeZone: TZ });
    await expect(
      statsReport(ctx, { from: '2026-03-07', to: '2026-03-01', by: 'agent' }),
    ).rejects.toMatchObject({
      code: 'NUMPOOL_REPORT_RANGE',
      status: 400,
    });
    await expect(
      statsReport(ctx, { from: '2026-01-01', to: '2026-04-03', by: 'agent' }),
    ).rejects.toMatchObject({
      code: 'NUMPOOL_REPORT_RANGE',
    });
  });
});

describe('monthly mark report', () => {
  it('when a sub-pool had a marked number in the month, then its agents are not on the reward list; a clean sub-pool’s agent is', async () => {
    const report = await monthlyMarkReport(db.knex, { month: '2026-03', timeZone: TZ });
    expect(report.subPools).toEqual([
      { key: 'marketing/华东', calls: 3, numbersUsed: 1, numbersMarked: 0, markRate: 0 },
      { key: 'service/华北', calls: 9, numbersUsed: 2, numbersMarked: 1, markRate: 0.5 },
    ]);
    expect(report.agents.map((a) => [a.key, a.calls, a.markRate, a.subPools, a.subPoolMarkRate])).toEqual([
      ['8001', 8, 0.5, ['service/华北'], 0.5],
      ['8002', 2, 0, ['marketing/华东'], 0],
      ['8003', 1, 0, ['service/华北'], 0.5],
      ['8004', 1, 0, ['marketing/华东'], 0],
    ]);
    expect(report.rewardList.map((a) => a.key)).toEqual(['8002']);
    expect(report.reward).toEqual({ maxSubPoolMarkRate: 0.05, minCalls: 2 });
  });

  it('when the month is before the mark, then no number counts as marked', async () => {
    const report = await monthlyMarkReport(db.knex, { month: '2026-02', timeZone: TZ });
    expect(report.subPools).toEqual([
      { key: 'service/华北', calls: 1, numbersUsed: 1, numbersMarked: 0, markRate: 0 },
    ]);
  });
});

function numpool(args: string[]): Promise<CliRun> {
  return spawnNumpool(args, { NUMPOOL_DB_URL: tdb.url });
}

describe('numpool report', () => {
  it('when stats are asked with --json, then the rows are the rollup’s', async () => {
    const run = await numpool(['report', 'stats', '--from', '2026-03-01', '--to', '2026-03-07', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      by: string;
      rows: { key: string; day: string; attempts: number }[];
    };
    expect(out.by).toBe('sub-pool');
    expect(out.rows.map((r) => [r.key, r.day, r.attempts])).toEqual([
      ['marketing/华东', '2026-03-02', 2],
      ['service/华北', '2026-03-01', 1],
      ['service/华北', '2026-03-02', 4],
      ['service/华北', '2026-03-03', 1],
      ['service/华南', '2026-03-02', 0],
    ]);
  });

  it('when stats are asked by agent, then a table shows rates, talk, short share and blocks', async () => {
    const run = await numpool([
      'report',
      'stats',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-02',
      '--by',
      'agent',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^agent\s+day\s+attempts\s+answered\s+answer %\s+avg talk s\s+short %\s+unchecked\s+blocked$/,
    );
    expect(lines[1]).toMatch(/^8001\s+2026-03-02\s+4\s+2\s+50\.0\s+17\.0\s+50\.0\s+0\s+DNC 1$/);
    expect(lines[3]).toMatch(/^8003\s+2026-03-02\s+0\s+0\s+-\s+-\s+-\s+0\s+DNC 1$/);
  });

  it('when marks are asked for a month, then the rates and the reward list are printed', async () => {
    const run = await numpool(['report', 'marks', '--month', '2026-03']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^service\/华北\s+9\s+2\s+1\s+50\.0$/m);
    const reward = run.stdout.slice(run.stdout.indexOf('reward list'));
    expect(reward).toContain('sub-pool mark rate below 5.0%, at least 2 calls');
    expect(reward).toMatch(/^8002\s+marketing\/华东\s+2\s+1\s+0\s+0\.0\s+0\.0$/m);
    expect(reward).not.toMatch(/^800[134]\s/m);
  });

  it('when marks are asked with --json, then the reward list is in it', async () => {
    const run = await numpool(['report', 'marks', '--month', '2026-03', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { rewardList: { key: string }[] };
    expect(out.rewardList.map((a) => a.key)).toEqual(['8002']);
  });

  it.each([
    [['report'], 'Usage: numpool report [options] [command]'],
    [['report', 'stats', '--from', '2026-02-30', '--to', '2026-03-07'], '--from must be a date'],
    [['report', 'stats', '--from', '2026-03-07', '--to', '2026-03-01'], 'is after --to'],
    [['report', 'stats', '--from', '2026-01-01', '--to', '2026-04-03'], 'at most 92'],
    [
      ['report', 'stats', '--from', '2026-03-01', '--to', '2026-03-07', '--by', 'team'],
      '--by must be one of',
    ],
    [['report', 'stats', '--from', '2026-03-01'], 'needs --from and --to'],
    [['report', 'marks', '--month', '2026-13'], '--month must be YYYY-MM'],
    [['report', 'marks', '--month', '2026-03', '--from', '2026-03-01'], "unknown option '--from'"],
  ])('when run with bad arguments %j, then it exits 2 saying why', async (args, message) => {
    const run = await numpool(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
