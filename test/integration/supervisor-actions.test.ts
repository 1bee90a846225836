// The supervisor's number and appeal actions called directly (as the CLI, the API and the demo call
// them), on MariaDB with a fixed clock: what they decide beyond what the CLI tests show — the
// left-service alert, the review clock, refusals as catalogue errors, free text checked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { openNumberAppeal } from '../../plugin/actions/appeals/open-appeal.ts';
import { answerNumberAppeal } from '../../plugin/actions/appeals/update-appeal.ts';
import { changeNumberState, changeNumberTier } from '../../plugin/actions/numbers/change-number-state.ts';
import { showNumber } from '../../plugin/actions/numbers/show-number.ts';
import { AppError, type ErrorCode } from '../../plugin/errors/index.ts';
import { listAlerts } from '../../plugin/store/health/alert-repository.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { loadHealthNumbers } from '../../plugin/store/numbers/number-lifecycle-repository.ts';
import { testActionContext } from '../support/action-context.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const MONDAY = new Date('2026-03-02T02:00:00Z'); // 10:00 on Monday 2026-03-02 in Shanghai
const MAIN = '+861088880001';
const SPARE = '+861088880002';
const FRESH = '+861088880003';

let tdb: TestDatabase;
let db: Database;
let ctx: ActionContext;

beforeAll(async () => {
  tdb = await createTestDatabase('supervisoractions');
  db = tdb.open();
  ctx = testActionContext(db, { now: MONDAY, actor: { kind: 'cli', name: 'alice' } });
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['alerts', 'audit_log', 'number_state_history', 'marks', 'appeals', 'settings'])
    await db.knex(table).del();
  await db.knex('numbers').del();
  await seedNumbers(db.knex, [
    { e164: MAIN, purpose: 'marketing', state: 'active' },
    { e164: SPARE, purpose: 'marketing', state: 'active', tier: 'reserve' },
    { e164: FRESH, purpose: 'marketing', state: 'warming' },
  ]);
});

async function rejection(work: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

async function tableCounts(): Promise<number[]> {
  const tables = ['alerts', 'audit_log', 'number_state_history', 'appeals'];
  return Promise.all(
    tables.map(async (t) => Number(((await db.knex(t).count({ n: '*' }).first()) as { n: number }).n)),
  );
}

describe('number state and tier actions', () => {
  it('when a supervisor cools a main-pool number in service, then a left-service alert names the supervisor for reserve promotion', async () => {
    const moved = await changeNumberState(ctx, {
      number: '010-8888 0001',
      state: 'cooling',
      reason: ' rest a week ',
    });

    expect(moved).toEqual({
      e164: MAIN,
      before: { state: 'active', tier: 'main' },
      after: { state: 'cooling', tier: 'main' },
      reason: 'rest a week',
    });
    const alerts = await listAlerts(db.knex, { kind: 'left-service', open: true });
    const main = (await loadHealthNumbers(db.knex)).find((n) => n.e164 === MAIN);
    expect(alerts).toMatchObject([{ key: `left-service:${main?.id ?? 0}`, job: 'cli:alice' }]);
    expect(alerts[0]?.message).toBe(`number ${MAIN} left service (active → cooling): rest a week`);
  });

  it('when a reserve number is cooled, then no number left service and no alert is raised', async () => {
    await changeNumberState(ctx, { number: SPARE, state: 'cooling', reason: 'rest' });

    expect(await listAlerts(db.knex, { open: true })).toEqual([]);
  });

  it('when a warming number is made active for the first time, then its review clock starts today', async () => {
    await changeNumberState(ctx, { number: FRESH, state: 'active', reason: 'proven early' });

    const fresh = (await loadHealthNumbers(db.knex)).find((n) => n.e164 === FRESH);
    expect(fresh).toMatchObject({ state: 'active', activatedOn: '2026-03-02', reviewDueOn: '2026-06-02' });
    expect((await showNumber(ctx, { number: FRESH })).history).toMatchObject([
      { from: 'warming', to: 'active', actorKind: 'cli', actor: 'alice', reason: 'proven early' },
    ]);
  });

  it.each([
    ['a number not in the pool', { number: '+861088889999', tier: 'reserve' }, 'NUMPOOL_NUMBER_UNKNOWN'],
    ['no phone number at all', { number: 'abc', tier: 'reserve' }, 'NUMPOOL_INVALID_INPUT'],
    ['a number already in that tier', { number: MAIN, tier: 'main' }, 'NUMPOOL_ILLEGAL_TRANSITION'],
  ] as const)(
    'when a tier change names %s, then it is refused with %s and nothing changes',
    async (_, input, code) => {
      const before = await tableCounts();

      expect((await rejection(changeNumberTier(ctx, { ...input, reason: 'x' }))).code).toBe(code);
      expect(await tableCounts()).toEqual(before);
    },
  );
});

describe('appeal actions', () => {
  it('when an answer note holds a NUL byte, then it is refused as invalid text and the appeal is unchanged', async () => {
    const { appeal } = await openNumberAppeal(ctx, { number: MAIN, platform: '360', urgent: false });
    const before = await tableCounts();

    const refused = await rejection(
      answerNumberAppeal(ctx, { id: appeal.id, outcome: 'approved', note: 'removed\u0000' }),
    );

    expect(refused.code).toBe('NUMPOOL_INVALID_TEXT');
    expect(await tableCounts()).toEqual(before);
  });

  it('when an appeal is already open for the number and platform, then a second is refused', async () => {
    await openNumberAppeal(ctx, { number: MAIN, platform: '360', urgent: false });

    const refused = await rejection(openNumberAppeal(ctx, { number: MAIN, platform: '360', urgent: true }));

    expect(refused.code).toBe('NUMPOOL_APPEAL_REFUSED');
    expect(refused.message).toContain('already has a draft appeal on 360');
  });

  it('when an appeal id is unknown, then the answer is refused with NUMPOOL_APPEAL_UNKNOWN', async () => {
    const refused = await rejection(answerNumberAppeal(ctx, { id: 999, outcome: 'rejected', note: null }));

    expect(refused).toEqual({ code: 'NUMPOOL_APPEAL_UNKNOWN', message: 'no appeal #999' });
  });
});
