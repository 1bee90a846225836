// The decision engine on MariaDB: facts read from the database (DNC, consent, agents, rules,
// calendar overrides), the stored call row and trace, dry runs, and cache invalidation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../plugin/core.ts';
import type { CallRequest } from '../../plugin/domain/call-request.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { ReferenceCache } from '../../plugin/store/reference/reference-cache.ts';
import { saveRules } from '../../plugin/store/reference/reference-repository.ts';
import { at } from '../support/pool-fixtures.ts';
import { seedAgent, seedConsent, seedDnc, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testCore } from '../support/test-core.ts';

const NOW = at('2026-03-02 10:00');
let tdb: TestDatabase;
let core: Core;

const marketing = (callee: string, agent = 'trained'): CallRequest => ({
  callee,
  agent,
  purpose: 'marketing',
  route: null,
});

beforeAll(async () => {
  tdb = await createTestDatabase('engine');
  core = testCore(tdb.open());
  const knex = core.db.knex;
  await seedNumbers(knex, [
    { e164: '+861088880001', purpose: 'marketing', province: '北京', city: '北京', region: '华北' },
    { e164: '+862166660001', purpose: 'marketing', province: '上海', city: '上海', region: '华东' },
    { e164: '+861088880002', purpose: 'service', province: '北京', city: '北京', region: '华北' },
  ]);
  await seedAgent(knex, 'trained', true);
  await seedAgent(knex, 'novice', false);
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  const knex = core.db.knex;
  for (const table of ['calls', 'callee_history', 'number_daily_usage', 'dnc', 'consents'])
    await knex(table).del();
  await core.cache.reload();
});

describe('facts from the database', () => {
  it('when a consenting Beijing callee is called by a trained agent, then the Beijing marketing number is reserved and logged', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    const result = await core.engine.decide(marketing('138-0013-8000'), {
      now: NOW,
      serverId: 'pbx-a',
      channelId: '1700000000.1',
    });
    expect(result.decision.kind).toBe('allowed');
    expect(result.decision.kind === 'allowed' && result.decision.number.e164).toBe('+861088880001');
    expect(result.route).toBe('default');
    const row = (await core.db.knex('calls').where({ id: result.callId }).first()) as Record<string, unknown>;
    expect(row).toMatchObject({
      server_id: 'pbx-a',
      channel_id: '1700000000.1',
      callee_e164: '+8613800138000',
      callee_input: '138-0013-8000',
      callee_province: '北京',
      decision: 'allowed',
      caller_id: '+861088880001',
      status: 'pending',
      usage_day: '2026-03-02',
    });
    const trace = JSON.parse(String(row.trace)) as { steps: { rule: string }[] };
    expect(trace.steps.map((s) => s.rule)).toEqual([
      'number',
      'dnc',
      'agent',
      'consent',
      'window',
      'frequency',
      'selection',
    ]);
  });

  it.each([
    ['the callee is on the DNC list', async () => seedDnc(core.db.knex, '+8613800138000'), 'trained', 'DNC'],
    [
      'the agent is not trained',
      async () => seedConsent(core.db.knex, '+8613800138000'),
      'novice',
      'AGENT_NOT_ALLOWED',
    ],
    ['there is no consent', () => Promise.resolve(), 'trained', 'NO_CONSENT'],
  ])(
    'when %s, then the call is blocked with that reason and nothing is reserved',
    async (_, arrange, agent, reason) => {
      await arrange();
      const result = await core.engine.decide(marketing('13800138000', agent), { now: NOW });
      expect(result.decision.kind === 'blocked' && result.decision.reason).toBe(reason);
      const row = (await core.db.knex('calls').where({ id: result.callId }).first()) as Record<
        string,
        unknown
      >;
      expect(row).toMatchObject({ decision: 'blocked', reason, status: 'blocked', number_id: null });
      expect(await core.db.knex('number_daily_usage').count({ n: '*' }).first()).toEqual({ n: 0 });
    },
  );

  it('when a calendar override makes an ordinary Monday a holiday, then calls that day are blocked HOLIDAY', async () => {
    await core.db.knex('calendar_overrides').insert({
      date: '2026-03-02',
      kind: 'holiday',
      name: '公司停业',
      created_by: 'test',
      created_at: toDbTime(NOW),
    });
    await core.db
      .knex('settings')
      .insert({
        key: 'reference_version',
        value: '{}',
        version: 1000,
        updated_by: 'test',
        updated_at: toDbTime(NOW),
      })
      .onConflict('key')
      .merge({ version: 1000 });
    await core.cache.reload();
    const result = await core.engine.decide(
      { ...marketing('13800138000'), purpose: 'service' },
      { now: NOW },
    );
    expect(result.decision.kind === 'blocked' && result.decision.reason).toBe('HOLIDAY');
    await core.db.knex('calendar_overrides').del();
  });

  it('when the rules are changed, then the next decision follows them', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    await saveRules(
      core.db.knex,
      { requireMarketingConsent: false, stickyNumber: false },
      { kind: 'cli', name: 'test' },
      NOW,
    );
    await core.cache.reload();
    const result = await core.engine.decide(marketing('13900139000'), { now: NOW });
    expect(result.decision.kind).toBe('allowed');
    await saveRules(core.db.knex, {}, { kind: 'cli', name: 'test' }, NOW);
  });
});

describe('sticky number (S5)', () => {
  /** A call to the Beijing callee placed `daysAgo` days before NOW from `callerId`. */
  async function seedPastCall(
    callerId: string | null,
    daysAgo: number,
    status: string,
    decision = 'allowed',
  ) {
    const numberId = callerId
      ? Number(((await core.db.knex('numbers').where({ e164: callerId }).first('id')) as { id: number }).id)
      : null;
    await core.db.knex('calls').insert({
      agent: 'trained',
      callee_input: '13800138000',
      callee_e164: '+8613800138000',
      purpose: 'marketing',
      decision,
      number_id: numberId,
      caller_id: callerId,
      status,
      dry_run: false,
      decided_at: toDbTime(new Date(NOW.getTime() - daysAgo * 86_400_000)),
    });
  }

  it('when the callee was last called 40 days ago, beyond the 30-day lookback, then that number is chosen again', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    await seedPastCall('+862166660001', 40, 'completed');
    const preview = await core.engine.decide(marketing('13800138000'), {
      now: NOW,
      dryRun: true,
      record: false,
    });
    const result = await core.engine.decide(marketing('13800138000'), { now: NOW });
    for (const r of [preview, result]) {
      expect(r.decision.kind === 'allowed' && [r.decision.number.e164, r.decision.tier]).toEqual([
        '+862166660001',
        'sticky',
      ]);
    }
  });

  it('when the newest calls were released or went out unchecked, then the number of the newest call that reached the callee is sticky', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    await seedPastCall('+862166660001', 50, 'completed');
    await seedPastCall('+861088880001', 45, 'released');
    await seedPastCall(null, 35, 'completed', 'unchecked');
    const result = await core.engine.decide(marketing('13800138000'), { now: NOW });
    expect(result.decision.kind === 'allowed' && [result.decision.number.e164, result.decision.tier]).toEqual(
      ['+862166660001', 'sticky'],
    );
  });

  it('when the callee was never called, then the local number is chosen', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    const result = await core.engine.decide(marketing('13800138000'), { now: NOW });
    expect(result.decision.kind === 'allowed' && [result.decision.number.e164, result.decision.tier]).toEqual(
      ['+861088880001', 'city'],
    );
  });
});

describe('invalid numbers and dry runs', () => {
  it.each(['', 'abc', '99999999999999999999999', '+44 20 7946 0958'])(
    'when the callee is %j, then it is blocked INVALID_NUMBER and nothing is reserved',
    async (callee) => {
      const result = await core.engine.decide(marketing(callee), { now: NOW });
      expect(result.decision.kind === 'blocked' && result.decision.reason).toBe('INVALID_NUMBER');
      expect(await core.db.knex('number_daily_usage').count({ n: '*' }).first()).toEqual({ n: 0 });
      expect(await core.db.knex('callee_history').count({ n: '*' }).first()).toEqual({ n: 0 });
    },
  );

  it('when a decision is a dry run, then it reports the caller ID but reserves and records nothing', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    const result = await core.engine.decide(marketing('13800138000'), {
      now: NOW,
      dryRun: true,
      record: false,
    });
    expect(result.decision.kind === 'allowed' && result.decision.number.e164).toBe('+861088880001');
    expect(result.callId).toBeNull();
    for (const table of ['number_daily_usage', 'callee_history', 'calls']) {
      expect(await core.db.knex(table).count({ n: '*' }).first()).toEqual({ n: 0 });
    }
  });

  it('when a shadow-mode decision is recorded, then it is logged as a dry run and does not count against the callee', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    const shadow = await core.engine.decide(marketing('13800138000'), { now: NOW, dryRun: true });
    expect(shadow.callId).not.toBeNull();
    const live = await core.engine.decide(marketing('13800138000'), { now: NOW });
    expect(live.decision.kind).toBe('allowed');
  });

  it('when shadow mode decides the same callee twice within 24 h, then the second shadow decision reports CALLEE_INTERVAL as enforcement would', async () => {
    await seedConsent(core.db.knex, '+8613800138000');
    const first = await core.engine.decide(marketing('13800138000'), { now: NOW, dryRun: true });
    const second = await core.engine.decide(marketing('13800138000'), { now: NOW, dryRun: true });
    expect(first.decision.kind).toBe('allowed');
    expect(second.decision.kind === 'blocked' && second.decision.reason).toBe('CALLEE_INTERVAL');
    // A preview (`numpool decide --dry-run`, not recorded) answers for enforcement: shadow calls
    // are not live calls there.
    const preview = await core.engine.decide(marketing('13800138000'), {
      now: NOW,
      dryRun: true,
      record: false,
    });
    expect(preview.decision.kind).toBe('allowed');
  });
});

describe('reference cache', () => {
  it('when another process adds numbers, then this process sees them only after its next version check', async () => {
    let clock = 0;
    const cache = new ReferenceCache(core.db.knex, { checkEveryMs: 1000, monotonicMs: () => clock });
    const before = await cache.current();
    await seedNumbers(core.db.knex, [
      { e164: '+867558888001', purpose: 'service', province: '广东', city: '深圳' },
    ]);

    clock = 500;
    expect(await cache.current()).toBe(before);
    await cache.settled();
    expect(await cache.current()).toBe(before);

    clock = 1500;
    await cache.current();
    await cache.settled();
    const after = await cache.current();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.pool.size).toBe(before.pool.size + 1);
  });
});
