// The embedded SQLite database (the demo's default, X5) runs the same schema and reservation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../plugin/core.ts';
import { migrateLatest, migrateRollbackAll, openDatabase } from '../../plugin/store/connection/database.ts';
import { at } from '../support/pool-fixtures.ts';
import { beijingCallee, seedDnc, seedNumbers } from '../support/seed.ts';
import { testCore } from '../support/test-core.ts';

const NOW = at('2026-03-02 10:00');
// Each test owns its SQLite file: the units taken, the calls recorded and the callees' history of
// one test never reach another, whatever the order.
let dir: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'numpool-sqlite-'));
  const db = openDatabase(`sqlite:${join(dir, 'numpool.sqlite')}`);
  await migrateLatest(db);
  core = testCore(db);
  await seedNumbers(db.knex, [
    { e164: '+861088880001', dailyCap: 2, province: '北京', city: '北京', region: '华北' },
    { e164: '+862166660001', dailyCap: 2, province: '上海', city: '上海', region: '华东' },
    { e164: '+867558888001', dailyCap: 2, province: '广东', city: '深圳', region: '华南' },
  ]);
  await seedDnc(db.knex, '+8613900139000');
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('decisions on SQLite', () => {
  it('when 10 calls compete for 3 numbers with cap 2, then exactly 6 are allowed and the Beijing number goes first', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        core.engine.decide(
          { callee: beijingCallee(i), agent: '8001', purpose: 'service', route: null },
          { now: NOW },
        ),
      ),
    );
    const allowed = results.filter((r) => r.decision.kind === 'allowed');
    expect(allowed).toHaveLength(6);
    expect(allowed[0]?.decision.kind === 'allowed' && allowed[0].decision.number.e164).toBe('+861088880001');
    const usage = (await core.db.knex('number_daily_usage').select('used')) as { used: number }[];
    expect(usage.map((u) => Number(u.used))).toEqual([2, 2, 2]);
  });

  it('when the callee is on the DNC list, then it is blocked DNC', async () => {
    const r = await core.engine.decide(
      { callee: '13900139000', agent: '8001', purpose: 'urgent', route: null },
      { now: NOW },
    );
    expect(r.decision.kind === 'blocked' && r.decision.reason).toBe('DNC');
  });

  it('when a reservation is released, then its unit can be taken again', async () => {
    // This test's own calls take every unit (3 numbers, cap 2), so only a released unit can serve.
    for (let i = 0; i < 6; i++) {
      await core.engine.decide(
        { callee: beijingCallee(i), agent: '8001', purpose: 'service', route: null },
        { now: NOW },
      );
    }
    const full = await core.engine.decide(
      { callee: beijingCallee(6), agent: '8001', purpose: 'service', route: null },
      { now: NOW },
    );
    expect(full.decision.kind).not.toBe('allowed');
    const released: unknown = await core.db
      .knex('calls')
      .where({ decision: 'allowed', status: 'pending' })
      .first('id');
    expect(await core.engine.release(Number((released as { id: number }).id))).toBe(true);
    const r = await core.engine.decide(
      { callee: beijingCallee(99), agent: '8001', purpose: 'service', route: null },
      { now: NOW },
    );
    expect(r.decision.kind).toBe('allowed');
  });
});

describe('migrations on SQLite', () => {
  it('when every migration is rolled back and applied again, then the schema comes back', async () => {
    const db = openDatabase('sqlite::memory:');
    await migrateLatest(db);
    await migrateRollbackAll(db);
    expect(await db.knex.schema.hasTable('numbers')).toBe(false);
    expect(await migrateLatest(db)).toHaveLength(9);
    expect(await db.knex.schema.hasTable('calls')).toBe(true);
    await db.knex.destroy();
  });
});
