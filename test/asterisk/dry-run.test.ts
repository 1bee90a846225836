// Dry run (NUMPOOL_DRY_RUN=true) on the real Asterisk: numpool decides and records, but the call
// goes out untouched — the agent's own caller ID, even when the decision would have blocked it.
import { expect, it } from 'vitest';
import { seedConsent, seedDnc } from '../support/seed.ts';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import { BEIJING_MARKETING_NUMBER, seedBasicPool, TRAINED_AGENT } from './support/pool-seed.ts';

const DNC_CALLEE = '13800138601';
const ALLOWED_CALLEE = '13800138602';

describeWithAsterisk('dry run on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'dryrun',
    numpoolEnv: { NUMPOOL_DRY_RUN: 'true' },
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      await seedConsent(knex, `+86${DNC_CALLEE}`);
      await seedConsent(knex, `+86${ALLOWED_CALLEE}`);
      await seedDnc(knex, `+86${DNC_CALLEE}`);
    },
  });

  it('when a call would be blocked as DNC, then it still reaches the trunk with the agent’s caller ID and the row records the would-be block', async () => {
    const call = await pbx().server.call({ dialed: DNC_CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' });
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    expect(call.cause).toBe(16);
    expect(call.row).toMatchObject({ dry_run: 1, decision: 'blocked', reason: 'DNC', status: 'dry_run' });
  });

  it('when a call would be allowed, then the trunk still gets the agent’s caller ID and the row records the number numpool would have chosen', async () => {
    const call = await pbx().server.call({
      dialed: ALLOWED_CALLEE,
      agent: TRAINED_AGENT,
      purpose: 'marketing',
    });
    expect(call.trunkCallerId).toBe(TRAINED_AGENT);
    expect(call.row).toMatchObject({ dry_run: 1, decision: 'allowed', caller_id: BEIJING_MARKETING_NUMBER });
  });
});
