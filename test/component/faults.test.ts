// Faults around the hook: ARI gone, AMI gone, MariaDB gone, the agent hanging up mid-decision.
// Each time the call must follow the dialplan's fail policy and numpool must recover by itself.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../plugin/store/connection/database.ts';
import { startHarness, type Harness } from '../support/numpool-harness.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/test-database.ts';

const NOW = () => new Date('2026-03-02T02:00:00Z'); // Monday 10:00 in China
const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk' };
let tdb: TestDatabase;
let h: Harness | null = null;
let seq = 0;

/** A fresh callee per call ending in 0: the simulated far end answers (4 busy, 3 congestion, 9 no answer). */
function callee(): string {
  seq++;
  return `138001${String(seq).padStart(4, '0')}0`;
}

beforeAll(async () => {
  tdb = await createTestDatabase('faults');
  const knex = tdb.open(2).knex;
  await seedNumbers(
    knex,
    Array.from({ length: 5 }, (_, i) => ({
      e164: `+86108888000${i}`,
      province: '北京',
      city: '北京',
      region: '华北',
    })),
  );
  await seedAgent(knex, '8001', false);
});

afterEach(async () => {
  await h?.stop();
  h = null;
});

afterAll(async () => {
  await tdb.drop();
});

describe('when ARI is lost', () => {
  it('then calls during the gap take the fail-open path, numpool reconnects by itself and decides the calls after it', async () => {
    h = await startHarness(tdb, { sim: { routes: ROUTES }, now: NOW });
    const before = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
    expect(before).toMatchObject({
      path: 'dialed',
      trunk: { callerIdNum: expect.stringMatching(/^0108888000[0-4]$/) as string },
    });

    await h.sim.refuseAri(true);
    const lost = h.ariStates.next('connecting');
    h.sim.dropAriWebSockets();
    await lost;
    const during = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
    // Asterisk may not have noticed the dead socket yet: then the watchdog ends Stasis. Either way
    // the fail policy (open) applies and the agent's own caller ID goes out.
    expect(['failed-open', 'watchdog-open']).toContain(during.path);
    expect(during.trunk).toMatchObject({ callerIdNum: '8001' });

    const back = h.ariStates.next('connected');
    await h.sim.refuseAri(false);
    await back;
    const after = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
    expect(after.path).toBe('dialed');
    expect(after.variables.NUMPOOL_CALL_ID).toMatch(/^\d+$/);
    expect(h.app.health().ari[0]).toMatchObject({ state: 'connected' });
  });
});

describe('when AMI is lost', () => {
  it('then an outcome arriving after the reconnection is stored, and one that never arrives becomes unknown after the TTL', async () => {
    h = await startHarness(tdb, { sim: { routes: ROUTES, trunk: { talkMs: 60_000 } }, now: NOW });
    const call = h.sim.originate({ callee: callee(), agent: '8001' });
    const lost = h.amiStates.next('connecting');
    const back = h.amiStates.next('connected');
    h.sim.dropAmiConnections();
    await lost;
    await back; // reconnected while the call is still talking (60 s simulated = 3 s here)
    const outcome = await call.ended;
    const callId = outcome.variables.NUMPOOL_CALL_ID ?? '';
    await h.handled.outcomeOf(callId);
    const knex = tdb.open(1).knex;
    expect(
      await knex('calls')
        .where({ id: Number(callId) })
        .first('status', 'dial_status'),
    ).toEqual({ status: 'completed', dial_status: 'ANSWER' });

    // A decision whose call never reports back (its channel vanished with the AMI session).
    const orphan = await h.app.core.engine.decide(
      { callee: callee(), agent: '8001', purpose: 'service', route: null },
      { now: new Date(NOW().getTime() - 31 * 60_000) },
    );
    expect(await h.app.reconcileOutcomes()).toBe(1);
    expect(await knex('calls').where({ id: orphan.callId }).first('status')).toEqual({ status: 'unknown' });
  });
});

/** The test database reached through a TcpProxy the test can cut. */
async function databaseBehindProxy(): Promise<{ proxy: TcpProxy; url: string }> {
  const server = new URL(TEST_SERVER_URL);
  const proxy = await TcpProxy.start(server.hostname, Number(server.port || 3306));
  const url = new URL(tdb.url);
  url.port = String(proxy.port);
  return { proxy, url: url.toString() };
}

describe('when MariaDB is unreachable', () => {
  it('then the call follows the fail policy within the deadline, numpool keeps running, and decides again once the database is back', async () => {
    const { proxy, url } = await databaseBehindProxy();
    try {
      h = await startHarness(tdb, {
        sim: { routes: ROUTES },
        now: NOW,
        database: openDatabase(url, 4),
        env: { NUMPOOL_DECISION_DEADLINE_MS: '300' },
      });
      proxy.sever();
      const started = performance.now();
      const during = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
      expect(during).toMatchObject({ path: 'failed-open', trunk: { callerIdNum: '8001' } });
      expect(['ERROR', 'TIMEOUT']).toContain(during.reason);
      expect(performance.now() - started).toBeLessThan(2500); // under the dialplan watchdog, in wall time

      proxy.restore();
      const after = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
      expect(after.path).toBe('dialed');
    } finally {
      await h?.stop();
      h = null;
      await proxy.stop();
    }
  });
});

describe('when the agent hangs up while numpool decides', () => {
  it('then the reservation is released: the cap unit and the callee slot are free again', async () => {
    // A generous deadline: on a loaded machine the call must still be decided (not late, not timed
    // out), or there would be no reservation to release. Its own server id: every test here starts
    // a new simulator whose channel ids (epoch.seq) can repeat an earlier test's in the shared
    // database, and a call row is identified by server and channel.
    h = await startHarness(tdb, {
      sim: { routes: ROUTES },
      now: NOW,
      env: { NUMPOOL_DECISION_DEADLINE_MS: '10000' },
      serverId: 'pbx-hangup',
    });
    const dialed = callee();
    let hangUp: (() => void) | null = null;
    h.onCallStarted(() => hangUp?.());
    const call = h.sim.originate({ callee: dialed, agent: '8001' });
    hangUp = () => call.hangup();
    const outcome = await call.ended;
    expect(outcome.path).toBe('abandoned');
    await h.app.stop(); // waits for the in-flight handler, which releases the reservation
    const knex = tdb.open(1).knex;
    const row = (await knex('calls')
      .where({ callee_e164: `+86${dialed}` })
      .first('status', 'number_id')) as { status: string; number_id: number };
    expect(row.status).toBe('released');
    const usage = (await knex('number_daily_usage').where({ number_id: row.number_id }).first('used')) as {
      used: number;
    };
    const allowedLive = (await knex('calls')
      .where({ number_id: row.number_id, decision: 'allowed' })
      .whereNot('status', 'released')
      .count({ n: '*' })
      .first()) as { n: number };
    expect(Number(usage.used)).toBe(Number(allowedLive.n));
    await h.sim.stop();
    h = null;
  });
});

describe('when numpool itself gives up on a call', () => {
  it('then the fail-open call is not cut by the watchdog that guarded the decision', async () => {
    const { proxy, url } = await databaseBehindProxy();
    try {
      // Real 2.5 s watchdog (125 ms here) and a 5 s conversation: the call outlives the watchdog.
      h = await startHarness(tdb, {
        sim: { routes: ROUTES, watchdogSeconds: 2.5, trunk: { talkMs: 5000 } },
        now: NOW,
        database: openDatabase(url, 4),
        env: { NUMPOOL_DECISION_DEADLINE_MS: '60' },
      });
      proxy.sever();
      const outcome = await h.sim.originate({ callee: callee(), agent: '8001' }).ended;
      expect(outcome.path).toBe('failed-open');
      expect(outcome.dialStatus).toBe('ANSWER');
      // Talked longer than the 2.5 s watchdog (simulated seconds; scaled timers may round to 4).
      expect(Number(outcome.answeredTime)).toBeGreaterThan(2.5);
    } finally {
      await h?.stop();
      h = null;
      await proxy.stop();
    }
  });
});
