// The *77 feature code on the real Asterisk: after a call, the agent dials *77 and numpool puts
// that call's callee on the DNC list (AstDB numpool/last/<agent> → UserEvent NumpoolDnc).
import { expect, it } from 'vitest';
import { seedConsent } from '../support/seed.ts';
import { placeAgentCall } from './support/agent-calls.ts';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import { seedBasicPool, TRAINED_AGENT } from './support/pool-seed.ts';

const CALLEE = '13800138301';

describeWithAsterisk('*77 on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'dnc77',
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      await seedConsent(knex, `+86${CALLEE}`);
    },
  });

  it('when agent 8001 dials *77 after an allowed call, then the callee is on the DNC list and the next call to them is blocked DNC', async () => {
    const { server, knex } = pbx();
    const first = await server.call({ dialed: CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' });
    expect(first.row.decision).toBe('allowed');

    // The dialplan remembers the agent's last dialed callee in AstDB for *77.
    expect(await server.asterisk.cli(`database get numpool/last ${TRAINED_AGENT}`)).toContain(
      `Value: ${CALLEE}`,
    );

    const logFrom = server.numpool.mark();
    const feature = await placeAgentCall(server.ami, { dialed: '*77', agent: TRAINED_AGENT, purpose: null });
    await server.ami.waitFor(
      'Hangup of the *77 channel',
      (e) => e.get('Event') === 'Hangup' && e.get('Uniqueid') === feature.agentChannel,
      { from: feature.from },
    );
    const dncEvent = server.ami.seen(
      (e) => e.get('UserEvent') === 'NumpoolDnc' && e.get('Uniqueid') === feature.agentChannel,
      feature.from,
    )[0];
    expect(dncEvent?.get('LastCallee')).toBe(CALLEE);
    await server.numpool.waitForLog(
      'callee put on the DNC list',
      (l) => l.msg === 'callee put on the DNC list by the agent' && l.callee === `+86${CALLEE}`,
      { from: logFrom },
    );
    const dnc = (await knex('dnc')
      .where({ callee_e164: `+86${CALLEE}` })
      .first()) as { source: string; added_by: string } | undefined;
    expect(dnc).toMatchObject({ source: 'agent', added_by: TRAINED_AGENT });

    const next = await server.call({ dialed: CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' });
    expect(next.reason).toBe('DNC');
    expect(next.cause).toBe(21);
    expect(next.trunk).toBeNull();
    expect(next.row).toMatchObject({ decision: 'blocked', reason: 'DNC' });
  });
});
