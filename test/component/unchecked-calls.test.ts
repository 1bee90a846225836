// Calls that went on without numpool's decision are logged all the same (G1, G3): from the
// dialplan's AstDB record when numpool comes back, or from the NumpoolResult while it is up; once
// each, and the AstDB record is deleted afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/numpool-harness.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk' };
let tdb: TestDatabase;
let h: Harness | null = null;
let sim: SimulatedAsterisk | null = null;

beforeAll(async () => {
  tdb = await createTestDatabase('unchecked');
  const knex = tdb.open(2).knex;
  await seedNumbers(knex, [{ e164: '+861088880000', province: '北京', city: '北京', region: '华北' }]);
  await seedAgent(knex, '8001', true);
});

afterEach(async () => {
  await h?.stop();
  h = null;
  expect(sim?.faults() ?? []).toEqual([]);
  await sim?.stop();
  sim = null;
});

afterAll(async () => {
  await tdb.drop();
});

function uncheckedKeys(s: SimulatedAsterisk): string[] {
  return [...s.pbx.astdb.keys()].filter((k) => k.startsWith('numpool/unchecked/'));
}

async function rowsFor(channelIds: string[]): Promise<Record<string, unknown>[]> {
  return (await tdb
    .open(1)
    .knex('calls')
    .whereIn('channel_id', channelIds)
    .orderBy('id')
    .select(
      'channel_id',
      'decision',
      'reason',
      'status',
      'caller_id',
      'callee_e164',
      'purpose',
      'dial_status',
      'hangup_cause',
    )) as Record<string, unknown>[];
}

describe('calls placed while numpool is down', () => {
  it('when numpool starts, then each call is logged once as unchecked with its reason and outcome, and the AstDB records are gone', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: ROUTES });
    const answered = await sim.originate({ callee: '13800138000', agent: '8001', purpose: 'service' }).ended;
    const busy = await sim.originate({ callee: '13800138004', agent: '8001', purpose: 'service' }).ended;
    const refused = await sim.originate({ callee: '13900139000', agent: '8001', purpose: 'marketing' }).ended;
    expect([answered.path, busy.path, refused.path]).toEqual(['failed-open', 'failed-open', 'failed-closed']);
    expect(busy.hangupCause).toBe(17);
    expect(uncheckedKeys(sim)).toHaveLength(3);

    h = await startHarness(tdb, { sharedSim: sim, sim: { routes: ROUTES } });
    expect(await h.reconciled).toEqual({ logged: 3, live: 0 });

    const rows = await rowsFor([answered.channelId, busy.channelId, refused.channelId]);
    expect(rows).toEqual([
      expect.objectContaining({
        channel_id: answered.channelId,
        decision: 'unchecked',
        reason: 'APP_UNAVAILABLE',
        status: 'completed',
        caller_id: '8001',
        callee_e164: '+8613800138000',
        purpose: 'service',
        dial_status: 'ANSWER',
      }),
      expect.objectContaining({
        decision: 'unchecked',
        status: 'completed',
        dial_status: 'BUSY',
        hangup_cause: 17,
      }),
      expect.objectContaining({
        decision: 'unchecked',
        reason: 'APP_UNAVAILABLE',
        status: 'blocked',
        purpose: 'marketing',
        dial_status: null,
        hangup_cause: 21,
      }),
    ]);
    expect(uncheckedKeys(sim)).toEqual([]);
  });
});

describe('a call that goes on unchecked while numpool is connected', () => {
  it('when its NumpoolResult arrives, then it is logged once and its AstDB record deleted', async () => {
    h = await startHarness(tdb, { sim: { routes: ROUTES } });
    sim = h.sim;
    await h.reconciled;
    await sim.refuseAri(true);
    const lost = h.ariStates.next('connecting');
    sim.dropAriWebSockets();
    await lost;
    const call = sim.originate({ callee: '13800138010', agent: '8001', purpose: 'service' });
    const outcome = await call.ended;
    await h.handled.next((e) => e.userevent === 'NumpoolResult' && e.uniqueid === outcome.channelId);

    expect(await rowsFor([outcome.channelId])).toEqual([
      expect.objectContaining({ decision: 'unchecked', status: 'completed', caller_id: '8001' }),
    ]);
    expect(uncheckedKeys(sim)).toEqual([]);
    await sim.refuseAri(false);
  });
});

describe('markers set by whoever originated the call', () => {
  it('when a dialer presets NUMPOOL_UNCHECKED and NUMPOOL_CALL_ID, then numpool still decides and logs the call as allowed with its cap unit', async () => {
    h = await startHarness(tdb, { sim: { routes: ROUTES }, now: () => new Date('2026-03-02T02:00:00Z') });
    sim = h.sim;
    const outcome = await sim.originate({
      callee: '13800138020',
      agent: '8001',
      purpose: 'service',
      variables: { NUMPOOL_UNCHECKED: '1', NUMPOOL_CALL_ID: '999999', NUMPOOL_RESULT: 'ALLOWED' },
    }).ended;
    expect(outcome.path).toBe('dialed');
    await h.handled.outcomeOf(outcome.variables.NUMPOOL_CALL_ID ?? '');
    // The simulator's uniqueids restart with each instance: this call's row is the one to its callee.
    const rows = (await rowsFor([outcome.channelId])).filter((r) => r.callee_e164 === '+8613800138020');
    expect(rows).toEqual([
      expect.objectContaining({ decision: 'allowed', status: 'completed', caller_id: '+861088880000' }),
    ]);
  });
});
