// Two Asterisk servers, each with its own numpool process (different NUMPOOL_SERVER_ID), on one
// database: thirty concurrent calls to distinct callees against three numbers capped at five a
// day. Exactly fifteen go out, no number passes its cap, the rest are blocked NO_NUMBER_AVAILABLE.
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { beijingCallee, seedAgent, seedConsent, seedNumbers } from '../support/seed.ts';
import { callRowsWhere } from './support/call-rows.ts';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import { localDate, openRules, presentedLandline, setRules, TRAINED_AGENT } from './support/pool-seed.ts';

const NUMBERS = ['+861088880011', '+861088880012', '+861088880013'];
const CAP = 5;
const CALLS_PER_SERVER = 15;
/** Callees the fake trunk answers (last digit not 3, 4 or 9), all distinct. */
const CALLEES = Array.from({ length: 60 }, (_, i) => beijingCallee(i))
  .filter((c) => !/[349]$/.test(c))
  .slice(0, 2 * CALLS_PER_SERVER);

async function seed(knex: Knex, now: Date): Promise<void> {
  await seedNumbers(
    knex,
    NUMBERS.map((e164) => ({
      e164,
      purpose: 'marketing' as const,
      dailyCap: CAP,
      province: '北京',
      city: '北京',
      region: '华北',
    })),
  );
  await seedAgent(knex, TRAINED_AGENT, true);
  for (const callee of CALLEES) await seedConsent(knex, `+86${callee}`);
  await setRules(knex, openRules(now));
}

describeWithAsterisk('two Asterisk servers and two numpool processes on one database', () => {
  const pbx = usePbx({ label: 'multi', servers: 2, seed });

  it('when 30 calls arrive at once over both servers for 3 numbers capped at 5, then exactly 15 go out and the rest are blocked NO_NUMBER_AVAILABLE', async () => {
    const { servers, knex } = pbx();
    const placed = await Promise.all(
      CALLEES.map((dialed, i) => {
        const server = servers[i % 2]!;
        return server
          .place({ dialed, agent: TRAINED_AGENT, purpose: 'marketing' })
          .then((p) => ({ server, p }));
      }),
    );
    const calls = await Promise.all(
      placed.map(async ({ server, p }) => {
        const ended = await server.ended(p);
        return { server, ended, row: await server.logged(ended) };
      }),
    );

    const allowed = calls.filter((c) => c.row.decision === 'allowed');
    const blocked = calls.filter((c) => c.row.decision !== 'allowed');
    expect(allowed).toHaveLength(NUMBERS.length * CAP);
    expect(blocked.map((c) => [c.row.decision, c.row.reason, c.ended.cause, c.ended.trunk])).toEqual(
      blocked.map(() => ['blocked', 'NO_NUMBER_AVAILABLE', 21, null]),
    );
    // What the trunks saw: each allowed call with its own row's number, and only those.
    for (const c of allowed) expect(c.ended.trunkCallerId).toBe(presentedLandline(c.row.caller_id!));
    // Both servers placed calls, each row tagged with its own server.
    for (const server of servers)
      expect(calls.filter((c) => c.server === server).every((c) => c.row.server_id === server.id)).toBe(true);

    const perNumber = new Map<string, number>();
    for (const row of await callRowsWhere(knex, { decision: 'allowed' }))
      perNumber.set(row.caller_id!, (perNumber.get(row.caller_id!) ?? 0) + 1);
    expect(Object.fromEntries(perNumber)).toEqual(Object.fromEntries(NUMBERS.map((n) => [n, CAP])));
    const usage = (await knex('number_daily_usage')
      .join('numbers', 'numbers.id', 'number_daily_usage.number_id')
      .where('number_daily_usage.day', localDate(new Date()))
      .select('numbers.e164', 'number_daily_usage.used')) as { e164: string; used: number }[];
    expect(Object.fromEntries(usage.map((u) => [u.e164, Number(u.used)]))).toEqual(
      Object.fromEntries(NUMBERS.map((n) => [n, CAP])),
    );
  });
});
