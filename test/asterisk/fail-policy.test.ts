// The dialplan's fail policy on the real Asterisk while numpool is stopped (its process not
// running, so Stasis() fails at once): service-open (default), open and closed, set at runtime
// with AMI Setvar as an administrator would; and numpool logging those calls when it is back.
import { beforeEach, expect, it } from 'vitest';
import { seedConsent } from '../support/seed.ts';
import { callRowsWhere } from './support/call-rows.ts';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import { seedBasicPool, TRAINED_AGENT } from './support/pool-seed.ts';

describeWithAsterisk('fail policy with numpool stopped, on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'failpol',
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      await seedConsent(knex, '+8613800138402');
    },
  });

  beforeEach(async () => {
    // numpool was up (the Stasis app registered), then its process ended.
    await pbx().server.numpool.stop();
    await pbx().server.ami.setGlobal('NUMPOOL_FAIL_POLICY', '');
  });

  it('when the policy is the default service-open, then a service call goes to the trunk with the agent’s own caller ID', async () => {
    const { server } = pbx();
    const call = await server.ended(await server.place({ dialed: '13800138401', purpose: 'service' }));
    expect(call.result.get('StasisStatus')).toBe('FAILED');
    expect(call.reason).toBe('APP_UNAVAILABLE');
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    expect(call.result.get('DialStatus')).toBe('ANSWER');
  });

  it('when the policy is the default service-open, then a marketing call is refused with cause 21', async () => {
    const { server } = pbx();
    const call = await server.ended(await server.place({ dialed: '13800138402', purpose: 'marketing' }));
    expect(call.reason).toBe('APP_UNAVAILABLE');
    expect(call.hangup.get('ConnectedLineName')).toBe('APP_UNAVAILABLE');
    expect(call.cause).toBe(21);
    expect(call.trunk).toBeNull();
  });

  it('when the policy is open, then a marketing call goes out unchecked with the agent’s caller ID', async () => {
    const { server } = pbx();
    await server.ami.setGlobal('NUMPOOL_FAIL_POLICY', 'open');
    const call = await server.ended(await server.place({ dialed: '13800138405', purpose: 'marketing' }));
    expect(call.reason).toBe('APP_UNAVAILABLE');
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    expect(call.result.get('Unchecked')).toBe('2'); // unchecked, its AstDB record kept
  });

  it('when the policy is closed, then even a service call is refused with cause 21', async () => {
    const { server } = pbx();
    await server.ami.setGlobal('NUMPOOL_FAIL_POLICY', 'closed');
    const call = await server.ended(await server.place({ dialed: '13800138406', purpose: 'service' }));
    expect(call.reason).toBe('APP_UNAVAILABLE');
    expect(call.cause).toBe(21);
    expect(call.trunk).toBeNull();
  });

  it('when numpool starts again, then a call that went out while it was down is logged as unchecked from AstDB', async () => {
    const { server } = pbx();
    const call = await server.ended(await server.place({ dialed: '13800138407', purpose: 'service' }));
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    try {
      await server.numpool.start();
      const row = await server.logged(call);
      expect(row).toMatchObject({
        decision: 'unchecked',
        reason: 'APP_UNAVAILABLE',
        caller_id: TRAINED_AGENT,
        callee_e164: '+8613800138407',
        purpose: 'service',
        dial_status: 'ANSWER',
        server_id: server.id,
      });
      // Logged once, and its AstDB record is gone.
      expect(
        await callRowsWhere(pbx().knex, { unchecked_key: `${server.id}/${call.agentChannel}` }),
      ).toHaveLength(1);
      const record = await server.ami
        .action('DBGet', { Family: 'numpool/unchecked', Key: call.agentChannel })
        .then(
          () => 'present',
          (err: unknown) => String(err),
        );
      expect(record).toMatch(/not found/i);
    } finally {
      await server.numpool.stop();
    }
  });
});
