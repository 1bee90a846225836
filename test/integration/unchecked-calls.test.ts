// Unchecked calls and withdrawn decisions on MariaDB: one row per channel however often a call is
// reported, a late decision's row becomes the unchecked row and gives its cap unit back, and a
// call that went out unchecked counts toward the callee's frequency limits (C4).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleAmiEvent } from '../../plugin/call-flow/outcome-recorder.ts';
import {
  logUncheckedCall,
  parseUncheckedRecord,
  type UncheckedCallsDeps,
} from '../../plugin/call-flow/unchecked-calls.ts';
import type { Core } from '../../plugin/core.ts';
import type { CallRequest } from '../../plugin/domain/call-request.ts';
import { createLogger } from '../../plugin/logger.ts';
import { at } from '../support/pool-fixtures.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';
import { testCore } from '../support/test-core.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = at('2026-03-02 10:00');
const EPOCH = Math.floor(NOW.getTime() / 1000);
let tdb: TestDatabase;
let core: Core;
let deps: UncheckedCallsDeps;

const service = (callee: string): CallRequest => ({ callee, agent: '8001', purpose: 'service', route: null });

function ended(uniqueId: string, callee: string, dialStatus: string, minutesAgo = 5): string {
  const started = EPOCH - minutesAgo * 60;
  return `ended|${started}|${callee}|service|APP_UNAVAILABLE|8001|${dialStatus}|${dialStatus === 'ANSWER' ? 30 : ''}|${dialStatus ? 35 : ''}|16|8001`;
}

async function usedToday(): Promise<number> {
  const row = (await core.db.knex('number_daily_usage').sum({ used: 'used' }).first()) as { used: unknown };
  return Number(row.used ?? 0);
}

beforeAll(async () => {
  tdb = await createTestDatabase('unchecked');
  core = testCore(tdb.open());
  deps = {
    db: core.db,
    areas: core.areas,
    logger: createLogger('silent'),
    now: () => NOW,
    trunkPrefix: () => '',
  };
  await seedNumbers(core.db.knex, [
    { e164: '+861088880001', province: '北京', city: '北京', region: '华北' },
  ]);
  await seedAgent(core.db.knex, '8001', true);
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['calls', 'callee_history', 'number_daily_usage']) await core.db.knex(table).del();
  await core.cache.reload();
  await core.usage.refresh(NOW.toISOString().slice(0, 10));
});

describe('the AstDB record of an unchecked call', () => {
  it('when the record is read, then every field comes back, the agent last even with a bar in it', () => {
    expect(
      parseUncheckedRecord('1.5', 'ended|1772416800|13800138000|marketing|WATCHDOG|8001|BUSY||3|17|age|nt'),
    ).toEqual({
      uniqueId: '1.5',
      ended: true,
      startedEpoch: 1772416800,
      callee: '13800138000',
      purpose: 'marketing',
      reason: 'WATCHDOG',
      callerId: '8001',
      dialStatus: 'BUSY',
      answeredSeconds: null,
      dialedSeconds: 3,
      hangupCause: 17,
      agent: 'age|nt',
    });
    expect(parseUncheckedRecord('1.6', 'live|a,b|c')).toBeNull();
  });
});

describe('logging an unchecked call', () => {
  it('when the same call is reported twice (event, then AstDB), then it is stored once with its outcome', async () => {
    const report = parseUncheckedRecord('1700.1', ended('1700.1', '13800138000', 'ANSWER'));
    if (!report) throw new Error('unreadable record');
    expect(await logUncheckedCall('pbx-a', report, NOW, deps)).toBe('inserted');
    expect(await logUncheckedCall('pbx-a', report, NOW, deps)).toBe('unchanged');
    const rows = await core.db
      .knex('calls')
      .select(
        'decision',
        'reason',
        'status',
        'caller_id',
        'callee_e164',
        'callee_city',
        'dial_status',
        'talk_seconds',
        'ring_seconds',
      );
    expect(rows).toEqual([
      {
        decision: 'unchecked',
        reason: 'APP_UNAVAILABLE',
        status: 'completed',
        caller_id: '8001',
        callee_e164: '+8613800138000',
        callee_city: '北京',
        dial_status: 'ANSWER',
        talk_seconds: 30,
        ring_seconds: 5,
      },
    ]);
  });

  it('when a call is first reported live and then ended, then the one row gets the outcome', async () => {
    const live = parseUncheckedRecord(
      '1700.2',
      'live|' + String(EPOCH) + '|13800138000|service|WATCHDOG|8001|||||8001',
    );
    const done = parseUncheckedRecord('1700.2', ended('1700.2', '13800138000', 'NOANSWER'));
    if (!live || !done) throw new Error('unreadable record');
    expect(await logUncheckedCall('pbx-a', live, null, deps)).toBe('inserted');
    expect(await logUncheckedCall('pbx-a', done, NOW, deps)).toBe('completed');
    expect(await core.db.knex('calls').select('status', 'dial_status')).toEqual([
      { status: 'completed', dial_status: 'NOANSWER' },
    ]);
  });

  it('when numpool decided the call too late (its row holds a cap unit), then that row becomes the unchecked row and the unit is given back', async () => {
    const decided = await core.engine.decide(service('13800138000'), {
      now: NOW,
      serverId: 'pbx-a',
      channelId: '1700.3',
    });
    expect(decided.decision.kind).toBe('allowed');
    expect(await usedToday()).toBe(1);
    const report = parseUncheckedRecord('1700.3', ended('1700.3', '13800138000', 'ANSWER', 0));
    if (!report) throw new Error('unreadable record');
    expect(await logUncheckedCall('pbx-a', report, NOW, deps)).toBe('converted');
    expect(await usedToday()).toBe(0);
    expect(await core.db.knex('calls').select('id', 'decision', 'number_id', 'caller_id', 'status')).toEqual([
      { id: decided.callId, decision: 'unchecked', number_id: null, caller_id: '8001', status: 'completed' },
    ]);
  });

  it('when an unchecked call went out an hour ago, then the callee may not be called again within 24 h (C4)', async () => {
    const report = parseUncheckedRecord('1700.4', ended('1700.4', '13800138000', 'ANSWER', 60));
    if (!report) throw new Error('unreadable record');
    await logUncheckedCall('pbx-a', report, NOW, deps);
    const next = await core.engine.decide(service('13800138000'), { now: NOW });
    expect(next.decision).toMatchObject({ kind: 'blocked', reason: 'CALLEE_INTERVAL' });
  });

  it('when the fail policy refused the unchecked call (never dialed), then it does not count toward C4', async () => {
    const report = parseUncheckedRecord('1700.5', ended('1700.5', '13800138000', '', 60));
    if (!report) throw new Error('unreadable record');
    await logUncheckedCall('pbx-a', report, NOW, deps);
    expect(await core.db.knex('calls').first('status')).toEqual({ status: 'blocked' });
    const next = await core.engine.decide(service('13800138000'), { now: NOW });
    expect(next.decision.kind).toBe('allowed');
  });
});

describe('withdrawing a decision that did not reach its channel', () => {
  it('when an allowed decision is withdrawn, then its cap unit goes back and the row says not_applied; a second withdrawal changes nothing', async () => {
    const decided = await core.engine.decide(service('13800138000'), {
      now: NOW,
      serverId: 'pbx-a',
      channelId: '1700.6',
    });
    if (decided.callId === null) throw new Error('no call row');
    expect(await usedToday()).toBe(1);
    expect(await core.engine.withdraw(decided.callId)).toBe(true);
    expect(await core.engine.withdraw(decided.callId)).toBe(false);
    expect(await usedToday()).toBe(0);
    expect(await core.db.knex('calls').first('status')).toEqual({ status: 'not_applied' });
    const next = await core.engine.decide(service('13800138000'), { now: NOW });
    expect(next.decision.kind).toBe('allowed');
  });
});

describe('a late decision and the unchecked row of the same call', () => {
  it('when the unchecked row was stored before the late decision is withdrawn, then the call keeps one row (the unchecked one, with the trace) and no cap unit', async () => {
    const report = parseUncheckedRecord('1700.7', ended('1700.7', '13800138000', 'ANSWER', 0));
    if (!report) throw new Error('unreadable record');
    await logUncheckedCall('pbx-a', report, NOW, deps);
    const late = await core.engine.decide(service('13800138000'), {
      now: NOW,
      serverId: 'pbx-a',
      channelId: '1700.7',
    });
    if (late.callId === null) throw new Error('no call row');
    expect(await core.engine.withdraw(late.callId)).toBe(true);
    const rows = (await core.db.knex('calls').select('decision', 'trace')) as {
      decision: string;
      trace: string | null;
    }[];
    expect(rows.map((r) => r.decision)).toEqual(['unchecked']);
    expect(rows[0]?.trace).not.toBeNull();
    expect(await usedToday()).toBe(0);
  });

  it('when a withdrawn decision turns out to have been dialed (its outcome arrives), then the row completes and its cap unit is taken again', async () => {
    const decided = await core.engine.decide(service('13800138000'), {
      now: NOW,
      serverId: 'pbx-a',
      channelId: '1700.8',
    });
    if (decided.callId === null) throw new Error('no call row');
    await core.engine.withdraw(decided.callId);
    expect(await usedToday()).toBe(0);
    await handleAmiEvent(
      'pbx-a',
      {
        event: 'UserEvent',
        userevent: 'NumpoolResult',
        numpoolcallid: String(decided.callId),
        dialstatus: 'ANSWER',
        answeredtime: '5',
        dialedtime: '8',
        hangupcause: '16',
      },
      {
        knex: core.db.knex,
        logger: createLogger('silent'),
        now: () => NOW,
        trunkPrefix: () => '',
        logUnchecked: () => Promise.reject(new Error('not unchecked')),
      },
    );
    expect(await core.db.knex('calls').first('status', 'dial_status')).toEqual({
      status: 'completed',
      dial_status: 'ANSWER',
    });
    expect(await usedToday()).toBe(1);
  });
});
