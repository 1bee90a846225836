// The health jobs' repositories and guarantees on MariaDB (issue 4): a run that crashes midway leaves
// each number either fully changed or untouched and a rerun completes; stats rebuilds are idempotent;
// alerts are raised once while open; no mark provider means nothing checked, said so.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerHealthJobs } from '../../plugin/jobs/health-jobs.ts';
import { JobScheduler } from '../../plugin/jobs/scheduler.ts';
import { createLogger } from '../../plugin/logger.ts';
import { listAlerts, raiseAlert, resolveAlert } from '../../plugin/store/health/alert-repository.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { readReferenceVersion } from '../../plugin/store/reference/reference-repository.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T23:00:00Z'); // 07:00 on 2026-03-03 in Shanghai
let tdb: TestDatabase;
let db: Database;

beforeAll(async () => {
  tdb = await createTestDatabase('healthjobs');
  db = tdb.open();
});

afterAll(async () => {
  await db.knex.raw('DROP TRIGGER IF EXISTS crash_on_audit');
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of [
    'alerts',
    'audit_log',
    'number_state_history',
    'mark_checks',
    'marks',
    'number_daily_stats',
    'calls',
    'job_runs',
    'job_leases',
    'appeals',
    'settings',
  ])
    await db.knex(table).del();
  await db.knex('numbers').del();
});

function scheduler(): JobScheduler {
  const s = new JobScheduler({
    db,
    logger: createLogger('silent'),
    holder: 'test',
    clock: () => NOW,
    cronTrigger: () => ({ start: () => undefined, stop: () => undefined, nextRun: () => null }),
  });
  registerHealthJobs(s, { db, timeZone: 'Asia/Shanghai', markProvider: () => Promise.resolve(null) });
  return s;
}

async function seedCleanNewNumbers(count: number): Promise<number[]> {
  const ids = await seedNumbers(
    db.knex,
    Array.from({ length: count }, (_, i) => ({
      e164: `+86108888${String(i).padStart(4, '0')}`,
      state: 'new' as const,
    })),
  );
  const checkedAt = toDbTime(new Date(NOW.getTime() - 3_600_000));
  await db
    .knex('mark_checks')
    .insert(ids.map((id) => ({ number_id: id, provider: 'test', checked_at: checkedAt, status: 'ok' })));
  return ids.sort((a, b) => a - b);
}

describe('health jobs on MariaDB', () => {
  it('when the lifecycle run crashes on the third number, then the first two are fully changed, the rest untouched, and a rerun completes', async () => {
    const ids = await seedCleanNewNumbers(4);
    const victim = ids[2] ?? 0;
    await db.knex.raw('DROP TRIGGER IF EXISTS crash_on_audit');
    await db.knex.raw(
      `CREATE TRIGGER crash_on_audit BEFORE INSERT ON audit_log FOR EACH ROW
       BEGIN IF NEW.entity = 'number' AND NEW.entity_id = '${victim}' THEN
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated crash'; END IF; END`,
    );
    const jobs = scheduler();

    const crashed = await jobs.runNow('lifecycle');
    const states = async (): Promise<string[]> =>
      (await db.knex('numbers').orderBy('id').pluck('state')) as string[];
    const historyOf = async (id: number): Promise<number> =>
      Number(
        (
          (await db.knex('number_state_history').where({ number_id: id }).count('* as n')) as { n: number }[]
        )[0]?.n,
      );

    expect(crashed).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('simulated crash') as unknown },
    });
    expect(await states()).toEqual(['warming', 'warming', 'new', 'new']);
    expect([await historyOf(ids[0] ?? 0), await historyOf(victim)]).toEqual([1, 0]);
    expect(await db.knex('audit_log').where({ entity: 'number' }).count('* as n')).toEqual([{ n: 2 }]);

    await db.knex.raw('DROP TRIGGER crash_on_audit');
    const rerun = await jobs.runNow('lifecycle');

    expect(rerun.status).toBe('ok');
    expect(await states()).toEqual(['warming', 'warming', 'warming', 'warming']);
    for (const id of ids) expect(await historyOf(id)).toBe(1);
    const warmupCaps = (await db.knex('numbers').pluck('warmup_cap')) as number[];
    expect(warmupCaps).toEqual([5, 5, 5, 5]);
  });

  it('when no mark provider is configured, then mark-check checks nothing and its summary says so', async () => {
    await seedCleanNewNumbers(2);
    const s = new JobScheduler({ db, logger: createLogger('silent'), holder: 't', clock: () => NOW });
    registerHealthJobs(s, { db, timeZone: 'Asia/Shanghai' });

    const outcome = await s.runNow('mark-check');
    await s.stop();

    expect(outcome).toMatchObject({ status: 'ok', summary: { providerConfigured: false, checked: 0 } });
    expect(await db.knex('mark_checks').count('* as n')).toEqual([{ n: 2 }]); // only the seeded ones
  });

  it('when daily-stats runs twice over the same calls, then the rows are identical and answer rates are refreshed once', async () => {
    const [id] = await seedNumbers(db.knex, [{ e164: '+861077770001' }]);
    const calls = Array.from({ length: 10 }, (_, i) => ({
      agent: 'a1',
      callee_input: `1390000${i}`,
      purpose: 'marketing',
      decision: 'allowed',
      number_id: id,
      usage_day: '2026-03-02',
      status: 'completed',
      decided_at: toDbTime(new Date(`2026-03-02T0${i % 9}:00:00Z`)),
      dial_status: i < 4 ? 'ANSWER' : i < 9 ? 'NOANSWER' : 'CONGESTION',
      talk_seconds: i < 4 ? 30 : 0,
    }));
    await db.knex('calls').insert(calls);
    const jobs = scheduler();

    const first = await jobs.runNow('daily-stats');
    const rowsAfterFirst = await db.knex('number_daily_stats').select('*');
    const version = await readReferenceVersion(db.knex);
    const second = await jobs.runNow('daily-stats');

    expect(first).toMatchObject({ status: 'ok', summary: { rows: 1, answerRatesChanged: 1 } });
    expect(second).toMatchObject({ status: 'ok', summary: { rows: 1, answerRatesChanged: 0 } });
    expect(await db.knex('number_daily_stats').select('*')).toEqual(rowsAfterFirst);
    expect(rowsAfterFirst[0]).toMatchObject({ attempts: 9, answered: 4 }); // CONGESTION is left out
    expect(await readReferenceVersion(db.knex)).toBe(version);
    expect(await db.knex('numbers').where({ id }).first('answer_rate')).toEqual({ answer_rate: 0.4444 });
  });

  it('when an alert is raised twice while open, then it is stored once; once resolved it can be raised again', async () => {
    const alert = {
      kind: 'sizing',
      severity: 'warning' as const,
      key: 'sizing:x',
      job: 'test',
      message: 'm',
      at: NOW,
    };

    const raised = [await raiseAlert(db.knex, alert), await raiseAlert(db.knex, alert)];
    await resolveAlert(db.knex, 'sizing:x', { by: 'test', note: 'fixed', at: NOW });
    const again = await raiseAlert(db.knex, alert);

    expect(raised).toEqual([true, false]);
    expect(again).toBe(true);
    const all = await listAlerts(db.knex, { kind: 'sizing' });
    expect(all.map((a) => [a.key, a.resolution])).toEqual([
      [null, 'fixed'],
      ['sizing:x', null],
    ]);
  });

  it('when the stored health settings are invalid, then every health job fails with a clear code', async () => {
    await db.knex('settings').insert({
      key: 'health',
      value: '{"marks":{"suspendAbove":-1}}',
      updated_by: 't',
      updated_at: toDbTime(NOW),
    });

    const outcome = await scheduler().runNow('answer-rate-watch');

    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'NUMPOOL_STORED_SETTINGS_INVALID' } });
  });
});
