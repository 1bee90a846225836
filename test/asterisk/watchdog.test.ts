// The dialplan watchdog on the real Asterisk with numpool frozen (SIGSTOP: connected, silent):
// TIMEOUT(absolute) ends the Stasis wait within NUMPOOL_WATCHDOG, measured on Asterisk's own event
// timestamps, and the call follows the fail policy; thawed, numpool logs the call as unchecked
// and never as a decision of its own.
import { afterEach, expect, it } from 'vitest';
import { seedConsent } from '../support/seed.ts';
import { channelEvents, type EndedCall } from './support/agent-calls.ts';
import { callRowsWhere } from './support/call-rows.ts';
import { describeWithAsterisk, usePbx, type PbxServer } from './support/pbx-fixture.ts';
import { seedBasicPool, TRAINED_AGENT } from './support/pool-seed.ts';

const WATCHDOG_SECONDS = 1.5;

/** Seconds between entering Stasis() and the watchdog's T extension, on Asterisk's clock. */
function secondsInStasis(server: PbxServer, call: EndedCall): number {
  const steps = channelEvents(server.ami, call, 'Newexten');
  const stasis = steps.find((e) => e.get('Application') === 'Stasis');
  const watchdog = steps.find((e) => e.get('Extension') === 'T' && e.get('Context') === 'numpool-outbound');
  if (!stasis || !watchdog) throw new Error(`no Stasis or T step for ${call.agentChannel}`);
  return watchdog.timestamp() - stasis.timestamp();
}

describeWithAsterisk('the watchdog with numpool frozen, on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'watchdog',
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      await seedConsent(knex, '+8613800138502');
    },
  });

  afterEach(async () => {
    const { server } = pbx();
    server.numpool.thaw();
    await server.ami.setGlobal('NUMPOOL_WATCHDOG', '');
  });

  it('when numpool hangs on a service call, then the watchdog sends it to the trunk with the agent’s caller ID within the watchdog time', async () => {
    const { server, knex } = pbx();
    await server.ami.setGlobal('NUMPOOL_WATCHDOG', String(WATCHDOG_SECONDS));
    const logFrom = server.numpool.mark();
    server.numpool.freeze();
    const call = await server.ended(await server.place({ dialed: '13800138501', purpose: 'service' }));
    const waited = secondsInStasis(server, call);
    expect(waited).toBeGreaterThanOrEqual(WATCHDOG_SECONDS - 0.05);
    expect(waited).toBeLessThanOrEqual(WATCHDOG_SECONDS + 0.5);
    expect(call.reason).toBe('WATCHDOG');
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    expect(call.result.get('Unchecked')).toBe('2'); // unchecked, its AstDB record kept

    server.numpool.thaw();
    // The StasisStart it reads now is older than its deadline: it must not decide the call.
    await server.numpool.waitForLog(
      'late StasisStart not decided',
      (l) =>
        l.msg === 'call reached numpool after its deadline; not deciding' && l.channel === call.agentChannel,
      { from: logFrom },
    );
    const row = await server.logged(call);
    expect(row).toMatchObject({ decision: 'unchecked', reason: 'WATCHDOG', caller_id: TRAINED_AGENT });
    const decided = await callRowsWhere(knex, { channel_id: call.agentChannel });
    expect(decided.filter((r) => r.decision !== 'unchecked')).toEqual([]);
  });

  it('when numpool hangs on a marketing call, then the watchdog refuses it with cause 21 under service-open', async () => {
    const { server } = pbx();
    await server.ami.setGlobal('NUMPOOL_WATCHDOG', String(WATCHDOG_SECONDS));
    server.numpool.freeze();
    const call = await server.ended(await server.place({ dialed: '13800138502', purpose: 'marketing' }));
    expect(secondsInStasis(server, call)).toBeLessThanOrEqual(WATCHDOG_SECONDS + 0.5);
    expect(call.reason).toBe('WATCHDOG');
    expect(call.cause).toBe(21);
    expect(call.trunk).toBeNull();
  });
});
