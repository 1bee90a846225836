// The job scheduler on MariaDB (issue 4): two processes (two knex pools, two schedulers) firing the
// same tick run the job once; crashed runs are recorded and recovered; node-cron yields nominal ticks.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobCommands } from '../../plugin/cli/job-command.ts';
import { AppError } from '../../plugin/errors/index.ts';
import { nodeCronTrigger, type CronHandlers } from '../../plugin/jobs/cron-trigger.ts';
import type { JobDefinition } from '../../plugin/jobs/job.ts';
import { JobScheduler } from '../../plugin/jobs/scheduler.ts';
import { createLogger, type Logger } from '../../plugin/logger.ts';
import { appendAudit } from '../../plugin/store/audit/audit-log.ts';
import { migrateLatest, openDatabase, type Database } from '../../plugin/store/connection/database.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { testActionContext } from '../support/action-context.ts';
import { runCli } from '../support/cli-runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:07Z');
const SILENT = createLogger('silent');
let tdb: TestDatabase;
let processA: Database;
let processB: Database;

beforeAll(async () => {
  tdb = await createTestDatabase('scheduler');
  processA = tdb.open();
  processB = tdb.open();
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['job_runs', 'job_leases', 'audit_log']) await processA.knex(table).del();
});

interface Harness {
  scheduler: JobScheduler;
  /** The cron handlers each registered job got, to fire slots without waiting for the clock. */
  cron: Map<string, CronHandlers>;
}

function scheduler(db: Database, holder: string, logger: Logger = SILENT): Harness {
  const cron = new Map<string, CronHandlers>();
  const instance = new JobScheduler({
    db,
    logger,
    holder,
    clock: () => NOW,
    cronTrigger: (spec, handlers) => {
      cron.set(spec.name, handlers);
      return { start: () => undefined, stop: () => undefined, nextRun: () => null };
    },
  });
  return { scheduler: instance, cron };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

interface RunRow {
  tick: string;
  run_id: string;
  holder: string;
  status: string;
  summary: string | null;
  finished_at: string | null;
}

async function runs(job: string): Promise<RunRow[]> {
  return (await processA
    .knex('job_runs')
    .where({ job })
    .orderBy('id')
    .select('tick', 'run_id', 'holder', 'status', 'summary', 'finished_at')) as RunRow[];
}

async function lease(job: string): Promise<{ holder: string | null; lease_until: string | null }> {
  return (await processA.knex('job_leases').where({ job }).first('holder', 'lease_until')) as {
    holder: string | null;
    lease_until: string | null;
  };
}

describe('exactly once per tick across processes', () => {
  it('when two processes fire the same ticks concurrently, then each tick runs once and has one row', async () => {
    let executions = 0;
    const job = (db: Database): JobDefinition => ({
      name: 'mark-check',
      schedule: '*/5 * * * *',
      run: async () => {
        executions += 1;
        await db.knex.raw('SELECT 1');
        return { checked: 1 };
      },
    });
    const a = scheduler(processA, 'host-a:1:aaaa');
    const b = scheduler(processB, 'host-b:2:bbbb');
    a.scheduler.register(job(processA));
    b.scheduler.register(job(processB));

    const ticks = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 2, 2, 2, i * 5)));
    for (const slot of ticks) {
      const outcomes = await Promise.all([
        a.scheduler.fireTick('mark-check', slot),
        b.scheduler.fireTick('mark-check', slot),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['ok', 'taken']);
    }

    expect(executions).toBe(12);
    const rows = await runs('mark-check');
    expect(rows.map((r) => r.tick)).toEqual(ticks.map((t) => `${t.toISOString().slice(0, 16)}Z`));
    expect(rows.every((r) => r.status === 'ok' && r.finished_at !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.holder)).size).toBeGreaterThanOrEqual(1);
    expect(await lease('mark-check')).toEqual({ holder: null, lease_until: null });
  });

  it('when the second process wakes after the first finished the tick, then it does not run it again', async () => {
    let executions = 0;
    const job: JobDefinition = {
      name: 'health',
      schedule: '0 3 * * *',
      run: () => Promise.resolve({ executions: ++executions }),
    };
    const a = scheduler(processA, 'host-a:1:aaaa');
    const b = scheduler(processB, 'host-b:2:bbbb');
    a.scheduler.register(job);
    b.scheduler.register(job);
    const slot = new Date('2026-03-01T19:00:00Z');

    const first = await a.scheduler.fireTick('health', slot);
    const late = await b.scheduler.fireTick('health', slot);

    expect(first).toMatchObject({ status: 'ok', tick: '2026-03-01T19:00Z', summary: { executions: 1 } });
    expect(late).toEqual({ status: 'taken', job: 'health', tick: '2026-03-01T19:00Z' });
    expect(executions).toBe(1);
    expect(await runs('health')).toHaveLength(1);
  });

  it('when a run is still in progress at the next tick, then the next tick is recorded as skipped', async () => {
    const started = deferred();
    const release = deferred();
    const job: JobDefinition = {
      name: 'slow',
      schedule: '* * * * *',
      run: async () => {
        started.resolve();
        await release.promise;
        return { done: true };
      },
    };
    const a = scheduler(processA, 'host-a:1:aaaa');
    const b = scheduler(processB, 'host-b:2:bbbb');
    a.scheduler.register(job);
    b.scheduler.register(job);

    const long = a.scheduler.fireTick('slow', new Date('2026-03-02T02:00:00Z'));
    await started.promise;
    const next = await b.scheduler.fireTick('slow', new Date('2026-03-02T02:01:00Z'));
    release.resolve();

    expect(next).toMatchObject({ status: 'skipped', tick: '2026-03-02T02:01Z' });
    expect(await long).toMatchObject({ status: 'ok', tick: '2026-03-02T02:00Z' });
    expect((await runs('slow')).map((r) => [r.tick, r.status])).toEqual([
      ['2026-03-02T02:00Z', 'ok'],
      ['2026-03-02T02:01Z', 'skipped'],
    ]);
  });
});

describe('crashes and recovery', () => {
  it('when a job throws midway, then the run is failed with its error and its transaction left nothing', async () => {
    const job: JobDefinition = {
      name: 'lifecycle',
      schedule: '0 4 * * *',
      run: async (ctx) => {
        await processA.knex.transaction(async (trx) => {
          await appendAudit(trx, {
            actor: { kind: 'job', name: 'lifecycle' },
            action: 'suspend',
            entity: 'number',
            entityId: '1',
            at: ctx.now,
          });
          throw new AppError('NUMPOOL_NUMBER_CHANGED', 'number 1 changed state meanwhile');
        });
        return { suspended: 1 };
      },
    };
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register(job);

    const outcome = await a.scheduler.fireTick('lifecycle', new Date('2026-03-01T20:00:00Z'));

    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'NUMPOOL_NUMBER_CHANGED', message: 'number 1 changed state meanwhile' },
    });
    const [row] = await runs('lifecycle');
    expect(row?.status).toBe('failed');
    expect(row?.finished_at).not.toBeNull();
    expect(JSON.parse(row?.summary ?? 'null')).toEqual({
      error: { code: 'NUMPOOL_NUMBER_CHANGED', message: 'number 1 changed state meanwhile' },
    });
    expect(await processA.knex('audit_log').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await lease('lifecycle')).toEqual({ holder: null, lease_until: null });
    expect((await a.scheduler.runNow('lifecycle')).status).toBe('failed');
  });

  it("when a run's process died and its lease expired, then the next run marks it failed and proceeds", async () => {
    await processA.knex('job_runs').insert({
      job: 'mark-check',
      tick: '2026-03-02T01:00Z',
      run_id: 'deadbeefdeadbeef',
      holder: 'host-c:3:cccc',
      started_at: toDbTime(new Date('2026-03-02T01:00:00Z')),
      status: 'running',
    });
    await processA.knex('job_leases').insert({
      job: 'mark-check',
      holder: 'deadbeefdeadbeef@host-c:3:cccc',
      lease_until: toDbTime(new Date(NOW.getTime() - 1000)),
    });
    const b = scheduler(processB, 'host-b:2:bbbb');
    b.scheduler.register({
      name: 'mark-check',
      schedule: '0 * * * *',
      run: () => Promise.resolve({ ok: 1 }),
    });

    const outcome = await b.scheduler.runNow('mark-check');

    expect(outcome.status).toBe('ok');
    const [crashed, manual] = await runs('mark-check');
    expect(crashed?.status).toBe('failed');
    expect(JSON.parse(crashed?.summary ?? 'null')).toMatchObject({
      error: { code: 'NUMPOOL_JOB_LEASE_EXPIRED' },
    });
    expect(manual).toMatchObject({ tick: `manual-${manual?.run_id}`, status: 'ok', holder: 'host-b:2:bbbb' });
  });

  it('when another run holds an unexpired lease, then a manual run is skipped and the job does not run', async () => {
    await processA.knex('job_leases').insert({
      job: 'mark-check',
      holder: 'cafecafecafecafe@host-c:3:cccc',
      lease_until: toDbTime(new Date(NOW.getTime() + 30_000)),
    });
    let executions = 0;
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register({
      name: 'mark-check',
      schedule: '0 * * * *',
      run: () => Promise.resolve({ executions: ++executions }),
    });

    const outcome = await a.scheduler.runNow('mark-check');

    expect(outcome).toMatchObject({ status: 'skipped', leaseHolder: 'cafecafecafecafe@host-c:3:cccc' });
    expect(executions).toBe(0);
    expect((await runs('mark-check')).map((r) => r.status)).toEqual(['skipped']);
  });

  it('when another process took the run over meanwhile, then its late finish does not overwrite the failure', async () => {
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register({
      name: 'health',
      schedule: '0 3 * * *',
      run: async (ctx) => {
        // What process B's recovery does once A's lease has expired (A was frozen, not dead).
        await processB.knex('job_runs').where({ run_id: ctx.runId }).update({ status: 'failed' });
        await processB.knex('job_leases').where({ job: 'health' }).update({ holder: 'other@host-b' });
        return { checked: 10 };
      },
    });

    const outcome = await a.scheduler.runNow('health');

    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'NUMPOOL_JOB_LEASE_LOST' } });
    expect((await runs('health')).map((r) => r.status)).toEqual(['failed']);
    expect((await lease('health')).holder).toBe('other@host-b');
  });
});

describe('running and registering jobs', () => {
  it('when a job is run now, then its tick is manual-<runId>, its summary is stored and its logs carry job and runId', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').trim().split('\n'));
        done();
      },
    });
    const a = scheduler(processA, 'host-a:1:aaaa', createLogger('info', sink));
    a.scheduler.register({
      name: 'appeal-overdue',
      schedule: '0 9 * * 1-5',
      run: (ctx) => {
        ctx.logger.info({ overdue: 2 }, 'overdue appeals found');
        return Promise.resolve({ overdue: 2 });
      },
    });

    const outcome = await a.scheduler.runNow('appeal-overdue');

    expect(outcome.status).toBe('ok');
    const runId = outcome.status === 'ok' ? outcome.runId : '';
    expect(outcome).toMatchObject({ tick: `manual-${runId}`, summary: { overdue: 2 } });
    const history = await a.scheduler.history('appeal-overdue');
    expect(history).toMatchObject([
      { runId, status: 'ok', summary: { overdue: 2 }, holder: 'host-a:1:aaaa' },
    ]);
    const logs = lines.map((l) => JSON.parse(l) as { msg: string; job?: string; runId?: string });
    expect(logs.map((l) => l.msg)).toEqual(['job run started', 'overdue appeals found', 'job run finished']);
    expect(logs.every((l) => l.job === 'appeal-overdue' && l.runId === runId)).toBe(true);
  });

  it("when the cron trigger fires a slot late, then the run's tick is the slot, not the wake-up time", async () => {
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register({ name: 'health', schedule: '0 10 * * *', run: () => Promise.resolve({}) });
    a.scheduler.start();

    a.cron.get('health')?.onSlot(new Date('2026-03-02T02:00:00Z')); // clock says 02:00:07
    await a.scheduler.stop(); // waits for the run the slot started

    expect((await runs('health')).map((r) => [r.tick, r.status])).toEqual([['2026-03-02T02:00Z', 'ok']]);
  });

  it('when a job is registered with a bad name or schedule or twice, then registration is refused', () => {
    const a = scheduler(processA, 'host-a:1:aaaa');
    const run = (): Promise<Record<string, never>> => Promise.resolve({});
    const refused = (job: JobDefinition): unknown => {
      try {
        a.scheduler.register(job);
        return null;
      } catch (err) {
        return err instanceof AppError ? err.code : err;
      }
    };
    expect(refused({ name: 'Mark Check', schedule: '* * * * *', run })).toBe('NUMPOOL_JOB_INVALID');
    expect(refused({ name: 'seconds', schedule: '*/10 * * * * *', run })).toBe('NUMPOOL_JOB_INVALID');
    expect(refused({ name: 'garbage', schedule: '61 * * * *', run })).toBe('NUMPOOL_JOB_INVALID');
    expect(refused({ name: 'zone', schedule: '0 3 * * *', timezone: 'Mars/Base', run })).toBe(
      'NUMPOOL_JOB_INVALID',
    );
    expect(refused({ name: 'health', schedule: '0 3 * * *', run })).toBeNull();
    expect(refused({ name: 'health', schedule: '0 4 * * *', run })).toBe('NUMPOOL_JOB_INVALID');
  });

  it('when an unknown job is run, then NUMPOOL_JOB_UNKNOWN names the registered jobs', async () => {
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register({ name: 'health', schedule: '0 3 * * *', run: () => Promise.resolve({}) });
    await expect(a.scheduler.runNow('helth')).rejects.toMatchObject({
      code: 'NUMPOOL_JOB_UNKNOWN',
      message: "no job named 'helth' (registered: health)",
    });
  });

  it('when the demo runs on SQLite, then ticks are claimed once there too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'numpool-jobs-'));
    const db = openDatabase(`sqlite:${join(dir, 'numpool.sqlite')}`);
    try {
      await migrateLatest(db);
      const a = scheduler(db, 'demo:1:aaaa');
      a.scheduler.register({ name: 'health', schedule: '0 3 * * *', run: () => Promise.resolve({}) });
      const slot = new Date('2026-03-01T19:00:00Z');
      expect((await a.scheduler.fireTick('health', slot)).status).toBe('ok');
      expect((await a.scheduler.fireTick('health', slot)).status).toBe('taken');
      expect((await a.scheduler.runNow('health')).status).toBe('ok');
    } finally {
      await db.knex.destroy();
    }
  });
});

describe('numpool job', () => {
  it('when an administrator runs, lists and inspects a job, then the CLI reports each outcome', async () => {
    const a = scheduler(processA, 'host-a:1:aaaa');
    a.scheduler.register({
      name: 'health',
      schedule: '0 3 * * *',
      run: () => Promise.resolve({ flagged: 2 }),
    });
    a.scheduler.register({
      name: 'lifecycle',
      schedule: '0 4 * * *',
      run: () => Promise.reject(new AppError('NUMPOOL_RULES_INVALID', 'no rules')),
    });
    // `numpool job` over this test's scheduler: its jobs, its holder, its clock.
    const modules = [jobCommands(() => ({ scheduler: a.scheduler, close: () => Promise.resolve() }))];
    const ctx = testActionContext(processA, { now: NOW });
    const job = (...args: string[]) => runCli(['job', ...args], ctx, modules);

    const runs = [
      await job('run', 'health'),
      await job('run', 'lifecycle'),
      await job('list'),
      await job('runs', 'health'),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 1, 0, 0]);
    const [missing, unknown] = [await job('run'), await job('run', 'nope')];
    expect([missing.code, unknown.code]).toEqual([2, 2]);
    expect(missing.stderr).toContain("missing required argument 'name'");
    expect(unknown.stderr).toContain('numpool: NUMPOOL_JOB_UNKNOWN:');

    const lines = runs.flatMap((r) => r.stdout.trimEnd().split('\n'));
    expect(lines[0]).toMatch(/^job health run [0-9a-f]{16}: ok \{"flagged":2\}$/);
    expect(lines[1]).toMatch(/^job lifecycle run [0-9a-f]{16}: failed NUMPOOL_RULES_INVALID: no rules$/);
    expect(lines[2]).toMatch(/^health {2}'0 3 \* \* \*' Asia\/Shanghai {2}next - {2}last ok manual-/);
    expect(lines[3]).toMatch(/^lifecycle .* last failed manual-/);
    expect(lines[4]).toMatch(
      /^ok manual-[0-9a-f]{16} run [0-9a-f]{16} on host-a:1:aaaa, 2026-03-02T02:00:07.000Z \{"flagged":2\}$/,
    );
  });
});

describe('node-cron wiring (no database)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the process wakes late for a slot, then the callback gets the nominal slot time', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T01:59:58Z') });
    const slots: Date[] = [];
    const wokeAt: Date[] = [];
    const missed: Date[] = [];
    const trigger = nodeCronTrigger(
      { name: 'health', expression: '0 10 * * *', timezone: 'Asia/Shanghai' },
      {
        onSlot: (s) => {
          slots.push(s);
          wokeAt.push(new Date());
        },
        onMissed: (s) => missed.push(s),
      },
    );
    trigger.start();
    expect(trigger.nextRun()).toEqual(new Date('2026-03-02T02:00:00Z'));

    // The wall clock jumps 2.8 s while the timer still waits its 2 s: it fires at 10:00:02.8 Shanghai.
    vi.setSystemTime(new Date('2026-03-02T02:00:00.800Z'));
    await vi.advanceTimersByTimeAsync(4_000);
    trigger.stop();

    expect(wokeAt).toEqual([new Date('2026-03-02T02:00:02.800Z')]);
    expect(slots).toEqual([new Date('2026-03-02T02:00:00Z')]);
    expect(missed).toEqual([]);
  });

  it('when the process was asleep far past a slot, then the slot is reported missed, not run', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T01:59:58Z') });
    const slots: Date[] = [];
    const missed: Date[] = [];
    const trigger = nodeCronTrigger(
      { name: 'health', expression: '0 10 * * *', timezone: 'Asia/Shanghai' },
      { onSlot: (s) => slots.push(s), onMissed: (s) => missed.push(s) },
    );
    trigger.start();

    vi.setSystemTime(new Date('2026-03-02T02:05:00Z'));
    await vi.advanceTimersByTimeAsync(4_000);
    trigger.stop();

    expect(slots).toEqual([]);
    expect(missed).toEqual([new Date('2026-03-02T02:00:00Z')]);
  });
});
