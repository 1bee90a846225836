// An allowed call through the real Asterisk: numpool picks the callee-local pool number, the trunk
// is given it as caller ID, and the calls row says so.
import { expect, it } from 'vitest';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import { BEIJING_MARKETING_NUMBER, presentedLandline, seedBasicPool } from './support/pool-seed.ts';
import { seedConsent } from '../support/seed.ts';

const CALLEE = '13800138000';

describeWithAsterisk('allowed call on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'allowed',
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      await seedConsent(knex, `+86${CALLEE}`);
    },
  });

  it('when a trained agent places a marketing call to a consenting Beijing mobile, then the trunk sees the Beijing pool number and the row says allowed', async () => {
    const { server } = pbx();
    const call = await server.call({ dialed: CALLEE, agent: '8001', purpose: 'marketing' });
    expect(call.trunkCallerId).toBe(presentedLandline(BEIJING_MARKETING_NUMBER));
    expect(call.trunk?.get('Callee')).toBe(CALLEE);
    expect(call.result.get('Result')).toBe('ALLOWED');
    expect(call.row).toMatchObject({
      decision: 'allowed',
      caller_id: BEIJING_MARKETING_NUMBER,
      callee_e164: `+86${CALLEE}`,
      agent: '8001',
      purpose: 'marketing',
      server_id: server.id,
      channel_id: call.agentChannel,
      dial_status: 'ANSWER',
    });
  });
});
