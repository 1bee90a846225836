// Two Asterisk servers, each with its own numpool process, sharing one MariaDB database (X2, S4):
// every daily cap holds across both, and shadow mode (X3) leaves calls untouched.
// Each test owns its database, its numbers and agent, its clock and its simulated servers (on
// ephemeral ports), so the tests pass in any order.
import { describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/numpool-harness.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk' };
const SIM = { routes: ROUTES };

/** A clock of the test's own, fixed at Monday 10:00 in China. */
function mondayMorningClock(): () => Date {
  const at = new Date('2026-03-02T02:00:00Z');
  return () => new Date(at);
}

/** A fresh database with 10 pool numbers of daily cap 2 and agent 8001, dropped by `run`'s end. */
async function withPoolDatabase(label: string, run: (tdb: TestDatabase) => Promise<void>): Promise<void> {
  const tdb = await createTestDatabase(label);
  try {
    const knex = tdb.open(2).knex;
    await seedNumbers(
      knex,
      Array.from({ length: 10 }, (_, i) => ({
        e164: `+8610888800${String(i).padStart(2, '0')}`,
        dailyCap: 2,
      })),
    );
    await seedAgent(knex, '8001', false);
    await run(tdb);
  } finally {
    await tdb.drop();
  }
}

/** Starts two harnesses in turn, runs `run` with them and stops each one that started. */
async function withTwoHarnesses(
  startFirst: () => Promise<Harness>,
  startSecond: () => Promise<Harness>,
  run: (first: Harness, second: Harness) => Promise<void>,
): Promise<void> {
  const first = await startFirst();
  try {
    const second = await startSecond();
    try {
      await run(first, second);
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
  }
}

describe('two Asterisk servers and two numpool processes on one database', () => {
  it('when 30 calls arrive at once on both servers for 10 numbers with cap 2, then exactly 20 go out with pool numbers and no number exceeds its cap', async () => {
    await withPoolDatabase('multi', async (tdb) => {
      const now = mondayMorningClock();
      await withTwoHarnesses(
        () => startHarness(tdb, { sim: SIM, serverId: 'pbx-a', now }),
        () => startHarness(tdb, { sim: SIM, serverId: 'pbx-b', now }),
        async (a, b) => {
          const calls = Array.from(
            { length: 30 },
            (_, i) =>
              (i % 2 === 0 ? a : b).sim.originate({
                callee: `1380013${String(i).padStart(3, '0')}0`,
                agent: '8001',
              }).ended,
          );
          const outcomes = await Promise.all(calls);
          const dialed = outcomes.filter((o) => o.path === 'dialed');
          const blocked = outcomes.filter((o) => o.path === 'blocked');
          expect(dialed).toHaveLength(20);
          expect(blocked).toHaveLength(10);
          expect(new Set(blocked.map((o) => o.reason))).toEqual(new Set(['NO_NUMBER_AVAILABLE']));
          const perNumber = new Map<string, number>();
          for (const o of dialed)
            perNumber.set(o.trunk?.callerIdNum ?? '', (perNumber.get(o.trunk?.callerIdNum ?? '') ?? 0) + 1);
          expect([...perNumber.values()]).toEqual(Array(10).fill(2));
          const knex = tdb.open(1).knex;
          const servers = (await knex('calls')
            .where({ decision: 'allowed' })
            .groupBy('server_id')
            .select('server_id')
            .count({ n: '*' })) as { server_id: string; n: number }[];
          expect(servers.map((s) => s.server_id).sort()).toEqual(['pbx-a', 'pbx-b']);
          expect(servers.reduce((sum, s) => sum + Number(s.n), 0)).toBe(20);
        },
      );
    });
  });
});

describe('shadow mode (dry run)', () => {
  it('when numpool runs dry, then a call it would block goes out unchanged and the decision is logged as a dry run', async () => {
    await withPoolDatabase('shadow', async (tdb) => {
      const now = mondayMorningClock();
      await withTwoHarnesses(
        () => startHarness(tdb, { sim: SIM, serverId: 'pbx-a', now }),
        () =>
          startHarness(tdb, {
            sim: SIM,
            serverId: 'pbx-shadow',
            now,
            env: { NUMPOOL_DRY_RUN: 'true' },
          }),
        async (enforcing, shadow) => {
          // The enforcing server uses up every number's cap: 10 numbers × cap 2 = 20 calls.
          for (let i = 0; i < 20; i++) {
            const used = await enforcing.sim.originate({
              callee: `1380014${String(i).padStart(3, '0')}0`,
              agent: '8001',
            }).ended;
            expect(used.path).toBe('dialed');
          }
          // Every number is at its cap now: enforcing, this call would be blocked NO_NUMBER_AVAILABLE.
          const outcome = await shadow.sim.originate({ callee: '13900139000', agent: '8001' }).ended;
          expect(outcome).toMatchObject({
            path: 'dialed',
            trunk: { callerIdNum: '8001', dialString: 'PJSIP/13900139000@default-trunk' },
          });
          expect(outcome.variables.NUMPOOL_SHADOW).toBe('BLOCKED NO_NUMBER_AVAILABLE');
          const row = (await tdb
            .open(1)
            .knex('calls')
            .where({ server_id: 'pbx-shadow' })
            .first('decision', 'reason', 'dry_run', 'status')) as Record<string, unknown>;
          expect(row).toMatchObject({
            decision: 'blocked',
            reason: 'NO_NUMBER_AVAILABLE',
            status: 'dry_run',
          });
          expect(Boolean(row.dry_run)).toBe(true);
        },
      );
    });
  });
});
