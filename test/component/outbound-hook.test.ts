// numpool in the call path, end to end through the real ari-client and asterisk-manager against
// the simulated Asterisk running dialplan/numpool.conf, with decisions on MariaDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRules } from '../../plugin/store/reference/reference-repository.ts';
import { startHarness, type Harness } from '../support/numpool-harness.ts';
import { seedAgent, seedConsent, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let tdb: TestDatabase;
let h: Harness;

const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk', 'trunk-a': 'PJSIP/{EXTEN}@trunk-a' };

beforeAll(async () => {
  tdb = await createTestDatabase('hook');
  const knex = tdb.open(2).knex;
  await seedNumbers(knex, [
    {
      e164: '+861088880001',
      purpose: 'service',
      province: '北京',
      city: '北京',
      region: '华北',
      route: 'trunk-a',
    },
    { e164: '+862166660001', purpose: 'service', province: '上海', city: '上海', region: '华东' },
    { e164: '+861088880002', purpose: 'marketing', province: '北京', city: '北京', region: '华北' },
  ]);
  await seedAgent(knex, '8001', true);
  await saveRules(
    knex,
    { routes: { 'trunk-a': ROUTES['trunk-a'] }, callerIdName: '客服' },
    { kind: 'cli', name: 'test' },
    new Date(),
  );
  // numpool decides at this clock (a Monday, 10:00 in China), not the machine's.
  h = await startHarness(tdb, { sim: { routes: ROUTES }, now: () => new Date('2026-03-02T02:00:00Z') });
});

afterAll(async () => {
  await h?.stop();
  await tdb.drop();
});

let calleeSeq = 0;
/** A fresh Beijing callee per call, so the 24 h callee limit never interferes across tests. */
function callee(lastDigit: string): string {
  calleeSeq++;
  return `138001${String(calleeSeq).padStart(4, '0')}${lastDigit}`;
}

async function callRow(id: string): Promise<Record<string, unknown>> {
  return (await tdb
    .open(1)
    .knex('calls')
    .where({ id: Number(id) })
    .first()) as Record<string, unknown>;
}

describe('the outbound hook', () => {
  it('when an agent calls a Beijing mobile, then the trunk sees the Beijing pool number on its route and the answered outcome is stored', async () => {
    const dialed = callee('0');
    const outcome = await h.sim.originate({ callee: dialed, agent: '8001' }).ended;
    expect(outcome).toMatchObject({
      path: 'dialed',
      trunk: { dialString: `PJSIP/${dialed}@trunk-a`, callerIdNum: '01088880001', callerIdName: '客服' },
      dialStatus: 'ANSWER',
    });
    const callId = outcome.variables.NUMPOOL_CALL_ID ?? '';
    await h.handled.outcomeOf(callId);
    expect(await callRow(callId)).toMatchObject({
      server_id: 'pbx-a',
      channel_id: outcome.channelId,
      decision: 'allowed',
      caller_id: '+861088880001',
      route: 'trunk-a',
      status: 'completed',
      dial_status: 'ANSWER',
      hangup_cause: 16,
      talk_seconds: Number(outcome.answeredTime),
      ring_seconds: Number(outcome.dialedTime) - Number(outcome.answeredTime),
    });
    expect(Number(outcome.answeredTime)).toBeGreaterThan(0);
  });

  it.each([
    ['busy', 'BUSY', 17],
    ['noanswer', 'NOANSWER', 16],
    ['congestion', 'CONGESTION', 34],
  ] as const)(
    'when the callee is %s, then the call row records %s with no talk time and the agent hears cause %i',
    async (behaviour, status, agentCause) => {
      const dialed = callee('1');
      h.sim.setTrunkBehaviour(dialed, behaviour);
      const outcome = await h.sim.originate({ callee: dialed, agent: '8001' }).ended;
      const callId = outcome.variables.NUMPOOL_CALL_ID ?? '';
      await h.handled.outcomeOf(callId);
      expect(await callRow(callId)).toMatchObject({
        status: 'completed',
        dial_status: status,
        talk_seconds: null,
        hangup_cause: agentCause,
      });
      expect(outcome.hangupCause).toBe(agentCause);
    },
  );

  it('when a marketing call has no consent, then the agent hears the blocked path with cause 21 and the reason, and the block is logged', async () => {
    const outcome = await h.sim.originate({ callee: callee('2'), agent: '8001', purpose: 'marketing' }).ended;
    expect(outcome).toMatchObject({ path: 'blocked', reason: 'NO_CONSENT', hangupCause: 21, trunk: null });
    expect(await callRow(outcome.variables.NUMPOOL_CALL_ID ?? '')).toMatchObject({
      decision: 'blocked',
      reason: 'NO_CONSENT',
    });
  });

  it('when a consenting callee is called for marketing, then the marketing number is used (never a service number)', async () => {
    const dialed = callee('5');
    await seedConsent(tdb.open(1).knex, `+86${dialed}`);
    const outcome = await h.sim.originate({ callee: dialed, agent: '8001', purpose: 'marketing' }).ended;
    expect(outcome.trunk?.callerIdNum).toBe('01088880002');
  });

  it('when the agent dials *77 after a call, then the last callee is on the DNC list and the next call to them is blocked DNC', async () => {
    const dialed = callee('0');
    const first = await h.sim.originate({ callee: dialed, agent: '8001' }).ended;
    expect(first.path).toBe('dialed');
    const dncEvent = h.handled.next((e) => e.userevent === 'NumpoolDnc');
    const feature = await h.sim.dialFeatureCode('8001');
    expect(feature.userEvents[0]).toMatchObject({
      UserEvent: 'NumpoolDnc',
      Agent: '8001',
      LastCallee: dialed,
    });
    await dncEvent;
    expect(
      await tdb
        .open(1)
        .knex('dnc')
        .where({ callee_e164: `+86${dialed}` })
        .first('source', 'added_by'),
    ).toEqual({ source: 'agent', added_by: '8001' });
    const again = await h.sim.originate({ callee: dialed, agent: '8001', purpose: 'urgent' }).ended;
    expect(again).toMatchObject({ path: 'blocked', reason: 'DNC' });
  });

  it('when the agent caller ID carries a comma (splitting the Stasis arguments), then the call is refused, not failed over past DNC', async () => {
    const dialed = callee('0');
    await tdb
      .open(1)
      .knex('dnc')
      .insert({
        callee_e164: `+86${dialed}`,
        reason: 'refused',
        source: 'cli',
        added_by: 'test',
        added_at: '2026-01-01 00:00:00.000',
      });
    const outcome = await h.sim.originate({ callee: dialed, agent: '8001,x' }).ended;
    expect(outcome).toMatchObject({ path: 'blocked', reason: 'BAD_ARGS', trunk: null });
  });
});
