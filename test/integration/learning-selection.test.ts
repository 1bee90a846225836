// The learning selection (S3) in the live decision path: a sub-pool set to Thompson sampling
// prefers the number that answers in the callee's area, within caps; least-used stays the default.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDecisionEngine } from '../../plugin/call-flow/decide-call.ts';
import type { Core } from '../../plugin/core.ts';
import { seededRng } from '../../plugin/domain/selection/learning-beta.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { saveHealthSettings } from '../../plugin/store/health/health-settings-repository.ts';
import { at } from '../support/pool-fixtures.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testCore } from '../support/test-core.ts';

const NOW = at('2026-03-02 10:00');
// Each test owns its database: the strategy one test saves, the model it loads and the usage it
// reads never reach another test, whatever the order.
let tdb: TestDatabase;
let core: Core;
let good: number;
let poor: number;

beforeEach(async () => {
  tdb = await createTestDatabase('learning');
  core = testCore(tdb.open());
  const knex = core.db.knex;
  [good, poor] = (await seedNumbers(knex, [
    { e164: '+861088880001', province: '北京', city: '北京', region: '华北', dailyCap: 200 },
    { e164: '+861088880002', province: '北京', city: '北京', region: '华北', dailyCap: 200 },
  ])) as [number, number];
  // Two weeks of history for Beijing callees at 10:00: the first number answers 80 %, the second 20 %.
  const rows = [];
  for (let day = 1; day <= 14; day++) {
    for (let i = 0; i < 20; i++) {
      for (const [id, rate] of [
        [good, 0.8],
        [poor, 0.2],
      ] as const) {
        const answered = i < 20 * rate;
        rows.push({
          agent: 'hist',
          callee_input: 'x',
          callee_e164: `+86139${String(day * 100 + i).padStart(8, '0')}`,
          callee_province: '北京',
          callee_city: '北京',
          callee_region: '华北',
          purpose: 'service',
          decision: 'allowed',
          number_id: id,
          caller_id: 'x',
          status: 'completed',
          dry_run: false,
          decided_at: toDbTime(new Date(NOW.getTime() - day * 86_400_000)),
          dial_status: answered ? 'ANSWER' : 'NOANSWER',
          talk_seconds: answered ? 30 : null,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 200) await knex('calls').insert(rows.slice(i, i + 200));
  // Today the good number has already been used more: least-used would pick the poor one.
  await knex('number_daily_usage').insert([
    { number_id: good, day: '2026-03-02', used: 50 },
    { number_id: poor, day: '2026-03-02', used: 0 },
  ]);
  await core.cache.reload();
});

afterEach(async () => {
  await tdb.drop();
});

async function callerIdsFor(n: number): Promise<Record<number, number>> {
  const engine = createDecisionEngine({
    db: core.db,
    cache: core.cache,
    usage: core.usage,
    areas: core.areas,
    poolTimeZone: 'Asia/Shanghai',
    learning: core.learning,
    random: seededRng(7),
  });
  await core.learning.reload(NOW);
  const chosen: Record<number, number> = {};
  for (let i = 0; i < n; i++) {
    const r = await engine.decide(
      { callee: `1380013${String(i).padStart(4, '0')}`, agent: '8001', purpose: 'service', route: null },
      { now: NOW, dryRun: true, record: false },
    );
    if (r.decision.kind === 'allowed') chosen[r.decision.number.id] = (chosen[r.decision.number.id] ?? 0) + 1;
  }
  return chosen;
}

describe('learning selection in the decision path', () => {
  it('when the sub-pool keeps the default least-used strategy, then the less used (poor) number is chosen', async () => {
    expect(await callerIdsFor(20)).toEqual({ [poor]: 20 });
  });

  it('when the sub-pool uses Thompson sampling, then the number that answers in Beijing is chosen most of the time', async () => {
    await saveHealthSettings(
      core.db.knex,
      { learning: { strategyBySubPool: { 'service/华北': 'thompson' } } },
      { kind: 'cli', name: 'test' },
      NOW,
    );
    const chosen = await callerIdsFor(40);
    expect(chosen[good] ?? 0).toBeGreaterThan(34);
    const trace = await createDecisionEngine({
      db: core.db,
      cache: core.cache,
      usage: core.usage,
      areas: core.areas,
      poolTimeZone: 'Asia/Shanghai',
      learning: core.learning,
      random: seededRng(1),
    }).decide(
      { callee: '13800138000', agent: '8001', purpose: 'service', route: null },
      { now: NOW, dryRun: true, record: false },
    );
    expect(trace.decision.trace.selection?.chosenBy).toBe('thompson');
  });
});
