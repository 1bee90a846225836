// Truthful records on a real Asterisk when numpool is late or down: a burst of calls while numpool
// is frozen past the watchdog (SIGSTOP) or stopped, then thawed or restarted. Every call that
// entered numpool-outbound ends with exactly one calls row telling what happened; no cap unit is
// held for a call numpool never placed; the calls that went out count for the callee (C4).
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { seedConsent } from '../support/seed.ts';
import type { EndedCall } from './support/agent-calls.ts';
import { callRowsWhere } from './support/call-rows.ts';
import { describeWithAsterisk, usePbx, type PbxServer } from './support/pbx-fixture.ts';
import { seedBasicPool, TRAINED_AGENT } from './support/pool-seed.ts';

const WATCHDOG_SECONDS = 1.5;

async function capUnitsInUse(knex: Knex): Promise<number> {
  const row = (await knex('number_daily_usage').sum({ used: 'used' }).first()) as { used: unknown };
  return Number(row.used ?? 0);
}

/** Places the calls at once and waits until Asterisk has ended every one of them. */
async function burst(
  server: PbxServer,
  calls: readonly { dialed: string; purpose: 'service' | 'marketing' }[],
): Promise<EndedCall[]> {
  const placed = await Promise.all(calls.map((c) => server.place(c)));
  return Promise.all(placed.map((p) => server.ended(p)));
}

/** Exactly one row per call's channel, every one logged as unchecked. */
async function expectOneUncheckedRowEach(
  knex: Knex,
  calls: readonly EndedCall[],
  reason: string,
): Promise<void> {
  for (const call of calls) {
    const rows = await callRowsWhere(knex, { channel_id: call.agentChannel });
    expect(rows, `rows of ${call.dialed}`).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision: 'unchecked', reason, number_id: null });
  }
}

const SERVICE = ['13800138611', '13800138612', '13800138614', '13800138615'].map((dialed) => ({
  dialed,
  purpose: 'service' as const,
}));
const MARKETING = ['13800138621', '13800138622'].map((dialed) => ({ dialed, purpose: 'marketing' as const }));

describeWithAsterisk('numpool late or down during a burst of calls, on a real Asterisk', () => {
  const pbx = usePbx({
    label: 'latedown',
    seed: async (knex, now) => {
      await seedBasicPool(knex, now);
      for (const c of [...MARKETING, { dialed: '13800138631' }, { dialed: '13800138632' }])
        await seedConsent(knex, `+86${c.dialed}`);
    },
  });

  it('when numpool is frozen past the watchdog while calls arrive, then after it thaws each call has one unchecked row, no cap unit is held, and the callees called count for C4', async () => {
    const { server, knex } = pbx();
    await server.ami.setGlobal('NUMPOOL_WATCHDOG', String(WATCHDOG_SECONDS));
    const unitsBefore = await capUnitsInUse(knex);
    const logFrom = server.numpool.mark();
    server.numpool.freeze();
    let calls: EndedCall[];
    try {
      calls = await burst(server, [...SERVICE, ...MARKETING]);
    } finally {
      server.numpool.thaw();
      await server.ami.setGlobal('NUMPOOL_WATCHDOG', '');
    }
    expect(calls.map((c) => c.reason)).toEqual(Array<string>(6).fill('WATCHDOG'));
    // service-open: service calls went to the trunk with the agent's own number, marketing did not.
    expect(calls.map((c) => c.trunkCallerId)).toEqual([...Array<string>(4).fill(TRAINED_AGENT), null, null]);
    for (const call of calls) await server.logged(call);
    // The queued StasisStarts were read after their deadline and not decided.
    const late = server.numpool.logs
      .slice(logFrom)
      .filter((l) => l.msg === 'call reached numpool after its deadline; not deciding');
    expect(late.map((l) => l.channel).sort()).toEqual(calls.map((c) => c.agentChannel).sort());

    await expectOneUncheckedRowEach(knex, calls, 'WATCHDOG');
    const statuses = await Promise.all(
      calls.map(async (c) => (await callRowsWhere(knex, { channel_id: c.agentChannel }))[0]?.status),
    );
    expect(statuses).toEqual([...Array<string>(4).fill('completed'), 'blocked', 'blocked']);
    expect(await capUnitsInUse(knex)).toBe(unitsBefore);

    // The service callee who was reached unchecked may not be called again today; the marketing
    // callee whose call was refused may.
    const again = await server.call({ dialed: SERVICE[0]!.dialed, purpose: 'service' });
    expect(again.row).toMatchObject({ decision: 'blocked', reason: 'CALLEE_INTERVAL' });
    const refusedBefore = await server.call({ dialed: MARKETING[0]!.dialed, purpose: 'marketing' });
    expect(refusedBefore.row).toMatchObject({ decision: 'allowed' });
  });

  it('when numpool is stopped for a burst of calls and started again, then each call is logged once from AstDB, nothing twice after another restart, and AstDB is left empty', async () => {
    const { server, knex } = pbx();
    await server.numpool.stop();
    const calls = await burst(server, [
      { dialed: '13800138641', purpose: 'service' },
      { dialed: '13800138642', purpose: 'service' },
      { dialed: '13800138643', purpose: 'service' },
      { dialed: '13800138644', purpose: 'service' },
      { dialed: '13800138631', purpose: 'marketing' },
      { dialed: '13800138632', purpose: 'marketing' },
    ]);
    expect(calls.map((c) => c.reason)).toEqual(Array<string>(6).fill('APP_UNAVAILABLE'));
    expect(await server.asterisk.cli('database show numpool/unchecked')).toMatch(/6 results found/);

    const from = server.numpool.mark();
    await server.numpool.start();
    const reconciled = await server.numpool.waitForLog(
      'unchecked calls reconciled',
      (l) => l.msg === 'unchecked calls reconciled',
      { from },
    );
    expect(reconciled).toMatchObject({ logged: 6, live: 0 });
    await expectOneUncheckedRowEach(knex, calls, 'APP_UNAVAILABLE');
    const byCallee = await knex('calls')
      .whereIn(
        'channel_id',
        calls.map((c) => c.agentChannel),
      )
      .orderBy('callee_e164')
      .select('callee_e164', 'purpose', 'status', 'dial_status', 'hangup_cause', 'caller_id');
    expect(byCallee).toEqual([
      {
        callee_e164: '+8613800138631',
        purpose: 'marketing',
        status: 'blocked',
        dial_status: null,
        hangup_cause: 21,
        caller_id: TRAINED_AGENT,
      },
      {
        callee_e164: '+8613800138632',
        purpose: 'marketing',
        status: 'blocked',
        dial_status: null,
        hangup_cause: 21,
        caller_id: TRAINED_AGENT,
      },
      {
        callee_e164: '+8613800138641',
        purpose: 'service',
        status: 'completed',
        dial_status: 'ANSWER',
        hangup_cause: 16,
        caller_id: TRAINED_AGENT,
      },
      {
        callee_e164: '+8613800138642',
        purpose: 'service',
        status: 'completed',
        dial_status: 'ANSWER',
        hangup_cause: 16,
        caller_id: TRAINED_AGENT,
      },
      {
        callee_e164: '+8613800138643',
        purpose: 'service',
        status: 'completed',
        dial_status: 'CONGESTION',
        hangup_cause: 34,
        caller_id: TRAINED_AGENT,
      },
      {
        callee_e164: '+8613800138644',
        purpose: 'service',
        status: 'completed',
        dial_status: 'BUSY',
        hangup_cause: 17,
        caller_id: TRAINED_AGENT,
      },
    ]);
    expect(await server.asterisk.cli('database show numpool/unchecked')).toMatch(/0 results found/);

    const before = await knex('calls').count({ n: '*' }).first();
    await server.numpool.stop();
    const again = server.numpool.mark();
    await server.numpool.start();
    const second = await server.numpool.waitForLog(
      'unchecked calls reconciled again',
      (l) => l.msg === 'unchecked calls reconciled',
      { from: again },
    );
    expect(second).toMatchObject({ logged: 0, live: 0 });
    expect(await knex('calls').count({ n: '*' }).first()).toEqual(before);
  });
});
