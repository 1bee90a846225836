// The atomic reservation on real MariaDB/MySQL: caps and callee limits hold under concurrency
// across several processes (separate knex pools, caches and usage views) sharing one database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../plugin/core.ts';
import type { DecisionResult } from '../../plugin/call-flow/decide-call.ts';
import { UsageTracker } from '../../plugin/store/reservation/usage-tracker.ts';
import { at } from '../support/pool-fixtures.ts';
import { beijingCallee, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testCore } from '../support/test-core.ts';

const NOW = at('2026-03-02 10:00');
let tdb: TestDatabase;
let processes: Core[];

beforeAll(async () => {
  tdb = await createTestDatabase('reservation');
  processes = [0, 1, 2, 3].map(() => testCore(tdb.open(16)));
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  const knex = processes[0]!.db.knex;
  for (const table of ['calls', 'callee_history', 'number_daily_usage', 'numbers']) await knex(table).del();
  await Promise.all(processes.map((p) => p.cache.reload()));
});

function reasons(results: DecisionResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.decision.kind === 'allowed' ? 'allowed' : r.decision.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('daily caps under concurrency (S4)', () => {
  it('when 4 processes × 64 concurrent decisions compete for 10 numbers with cap 20, then exactly 200 are allowed and none overshoots', async () => {
    await seedNumbers(
      processes[0]!.db.knex,
      Array.from({ length: 10 }, (_, i) => ({
        e164: `+86108888${String(i).padStart(4, '0')}`,
        dailyCap: 20,
      })),
    );
    await Promise.all(processes.map((p) => p.cache.reload()));

    const results = await Promise.all(
      processes.flatMap((p, pi) =>
        Array.from({ length: 64 }, (_, i) =>
          p.engine.decide(
            { callee: beijingCallee(pi * 64 + i), agent: '8001', purpose: 'service', route: null },
            { now: NOW },
          ),
        ),
      ),
    );

    expect(reasons(results)).toEqual({ allowed: 200, NO_NUMBER_AVAILABLE: 56 });
    const knex = processes[0]!.db.knex;
    const usage = (await knex('number_daily_usage').select('number_id', 'used')) as { used: number }[];
    expect(usage).toHaveLength(10);
    expect(usage.every((u) => Number(u.used) === 20)).toBe(true);
    const perNumber = (await knex('calls')
      .where({ decision: 'allowed' })
      .groupBy('number_id')
      .select('number_id')
      .count({ n: '*' })) as { n: number }[];
    expect(perNumber.map((r) => Number(r.n))).toEqual(Array(10).fill(20));
    expect(await knex('calls').count({ n: '*' }).first()).toEqual({ n: 256 });
  });

  it('when a warming number competes, then it stops at its warm-up cap', async () => {
    await seedNumbers(processes[0]!.db.knex, [
      { e164: '+861088889999', state: 'warming', warmupCap: 5, dailyCap: 20 },
    ]);
    await Promise.all(processes.map((p) => p.cache.reload()));
    const results = await Promise.all(
      processes.flatMap((p, pi) =>
        Array.from({ length: 5 }, (_, i) =>
          p.engine.decide(
            { callee: beijingCallee(1000 + pi * 5 + i), agent: '8001', purpose: 'service', route: null },
            { now: NOW },
          ),
        ),
      ),
    );
    expect(reasons(results)).toEqual({ allowed: 5, NO_NUMBER_AVAILABLE: 15 });
  });
});

describe('callee frequency under concurrency (C4)', () => {
  it('when 50 concurrent calls go to one callee from 4 processes, then exactly 1 is allowed within 24 h', async () => {
    await seedNumbers(
      processes[0]!.db.knex,
      Array.from({ length: 10 }, (_, i) => ({ e164: `+86108888${String(i).padStart(4, '0')}` })),
    );
    await Promise.all(processes.map((p) => p.cache.reload()));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        processes[i % 4]!.engine.decide(
          { callee: '13800138000', agent: '8001', purpose: 'service', route: null },
          { now: NOW },
        ),
      ),
    );
    expect(reasons(results)).toEqual({ allowed: 1, CALLEE_INTERVAL: 49 });
    const logged = await processes[0]!.db
      .knex('calls')
      .where({ callee_e164: '+8613800138000', decision: 'allowed', status: 'pending' })
      .count({ n: '*' })
      .first();
    expect(logged).toEqual({ n: 1 });
  });

  it('when the callee is called again after 24 h, then it is allowed, and the fourth call in 30 days is blocked', async () => {
    await seedNumbers(processes[0]!.db.knex, [{ e164: '+861088880001' }]);
    await processes[0]!.cache.reload();
    const engine = processes[0]!.engine;
    const call = (now: Date) =>
      engine.decide({ callee: '13800138000', agent: '8001', purpose: 'service', route: null }, { now });
    const kinds = [];
    for (const day of [
      '2026-03-02 10:00',
      '2026-03-03 09:59',
      '2026-03-03 10:00',
      '2026-03-04 10:00',
      '2026-03-05 10:00',
    ]) {
      const r = await call(at(day));
      kinds.push(r.decision.kind === 'allowed' ? 'allowed' : r.decision.reason);
    }
    expect(kinds).toEqual(['allowed', 'CALLEE_INTERVAL', 'allowed', 'allowed', 'CALLEE_30D_LIMIT']);
  });
});

describe('a number taken out of service while a process still caches it', () => {
  it('when the cached best number was just suspended in the database, then the reservation skips it', async () => {
    const [suspended] = await seedNumbers(processes[0]!.db.knex, [
      { e164: '+861088880001', province: '北京', city: '北京', region: '华北' },
      { e164: '+862166660001', province: '上海', city: '上海', region: '华东' },
    ]);
    const engine = processes[0]!.engine;
    await processes[0]!.cache.reload();
    // Another process suspends the Beijing number; this process's cache has not noticed yet.
    await processes[1]!.db.knex('numbers').where({ id: suspended }).update({ state: 'suspended' });
    const r = await engine.decide(
      { callee: '13800138000', agent: '8001', purpose: 'service', route: null },
      { now: NOW },
    );
    expect(r.decision.kind === 'allowed' && r.decision.number.e164).toBe('+862166660001');
  });
});

describe('the usage view at the day change', () => {
  it('when a refresh of yesterday is still in flight as the new day starts, then the view shows the new day', async () => {
    const knex = processes[0]!.db.knex;
    await knex('number_daily_usage').insert([{ number_id: 7, day: '2026-03-01', used: 20 }]);
    const usage = new UsageTracker(knex);
    const yesterday = usage.refresh('2026-03-01');
    await usage.prepare('2026-03-02');
    await yesterday;
    expect(usage.used(7)).toBe(0);
  });
});

describe('release of a reservation', () => {
  it('when a pending call is released, then its cap unit and its frequency slot are given back', async () => {
    const [id] = await seedNumbers(processes[0]!.db.knex, [{ e164: '+861088880001', dailyCap: 1 }]);
    await processes[0]!.cache.reload();
    const engine = processes[0]!.engine;
    const request = { callee: '13800138000', agent: '8001', purpose: 'service' as const, route: null };
    const first = await engine.decide(request, { now: NOW });
    expect(first.decision.kind).toBe('allowed');
    expect(await engine.release(first.callId!)).toBe(true);
    expect(await engine.release(first.callId!)).toBe(false);
    const usage = (await processes[0]!.db.knex('number_daily_usage').where({ number_id: id }).first()) as {
      used: number;
    };
    expect(Number(usage.used)).toBe(0);
    const again = await engine.decide(request, { now: NOW });
    expect(again.decision.kind).toBe('allowed');
  });
});

describe('round trips and lock waits', () => {
  it('when a call is reserved or blocked on MariaDB, then the reservation costs two round trips', async () => {
    await seedNumbers(processes[0]!.db.knex, [{ e164: '+861088880001' }]);
    const core = processes[0]!;
    await core.cache.reload();
    const request = { callee: '13800138000', agent: '8001', purpose: 'service' as const, route: null };
    await core.engine.decide({ ...request, callee: '13800138999' }, { now: NOW }); // warm caches
    const sent = recordStatements(core);
    const allowed = await core.engine.decide(request, { now: NOW });
    const blocked = await core.engine.decide(request, { now: NOW });
    sent.stop();
    expect(allowed.decision.kind).toBe('allowed');
    expect(blocked.decision.kind === 'blocked' && blocked.decision.reason).toBe('CALLEE_INTERVAL');
    // Background refreshes of the caches are reads; the reservation's batches are not.
    expect(sent.statements.filter((sql) => !/^select/i.test(sql.trim()))).toHaveLength(4);
  });

  it('when another process holds the callee longer than the lock wait, then the decision is retried on a clean connection', async () => {
    await seedNumbers(processes[0]!.db.knex, [{ e164: '+861088880001' }, { e164: '+861088880002' }]);
    const core = testCore(tdb.open(1)); // one connection: the retry and the next call reuse it
    await core.cache.reload();
    const holder = await processes[1]!.db.knex.transaction();
    await holder.raw(
      'INSERT INTO callee_history (callee_e164, calls_total) VALUES (?, 0) ON DUPLICATE KEY UPDATE calls_total = 0',
      ['+8613800138000'],
    );
    const waiting = core.engine.decide(
      { callee: '13800138000', agent: '8001', purpose: 'service', route: null },
      { now: NOW },
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past innodb_lock_wait_timeout (2 s)
    await holder.commit();
    const first = await waiting;
    const second = await core.engine.decide(
      { callee: '13900139000', agent: '8001', purpose: 'service', route: null },
      { now: NOW },
    );
    expect([first.decision.kind, second.decision.kind]).toEqual(['allowed', 'allowed']);
    // Seen from another process: both committed, nothing left in an open transaction.
    const committed = await processes[2]!.db.knex('calls').whereIn('id', [first.callId!, second.callId!]);
    expect(committed).toHaveLength(2);
  });
});

/** Records the SQL of every round trip the core's connections make until stopped. */
function recordStatements(core: Core): { statements: string[]; stop(): void } {
  type Connection = { query: (options: unknown, ...rest: unknown[]) => unknown };
  const client = core.db.knex.client as { acquireConnection(): Promise<Connection> };
  const acquire = client.acquireConnection.bind(client);
  const statements: string[] = [];
  const wrapped = new Map<Connection, Connection['query']>();
  client.acquireConnection = async () => {
    const conn = await acquire();
    if (wrapped.has(conn)) return conn;
    const query = conn.query;
    wrapped.set(conn, query);
    conn.query = function (this: unknown, options: unknown, ...rest: unknown[]) {
      statements.push(typeof options === 'string' ? options : (options as { sql: string }).sql);
      return query.call(this, options, ...rest);
    };
    return conn;
  };
  return {
    statements,
    stop: () => {
      client.acquireConnection = acquire;
      for (const [conn, query] of wrapped) conn.query = query;
    },
  };
}
