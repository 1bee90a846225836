// Job runs and leases shared by every numpool process (issue 4): a schedule tick is claimed by
// inserting (job, tick) into job_runs; the job's lease row serialises claims and marks a live run.
import type { Knex } from 'knex';
import type { Database } from '../connection/database.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';
import { isDuplicateKey } from '../connection/raw-result.ts';

export type JobRunStatus = 'running' | 'ok' | 'failed' | 'skipped';

export interface JobRunRow {
  job: string;
  tick: string;
  runId: string;
  holder: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: JobRunStatus;
  summary: unknown;
}

export interface ClaimRequest {
  job: string;
  tick: string;
  runId: string;
  /** This process (job_runs.holder). */
  holder: string;
  /** This run (job_leases.holder): a process may hold the lease again after losing it. */
  leaseHolder: string;
  now: Date;
  leaseMs: number;
}

export interface RecoveredRun {
  runId: string;
  tick: string;
  holder: string;
}

export type ClaimResult =
  /** The tick is ours and so is the lease; crashed runs found on the way were marked failed. */
  | { kind: 'claimed'; recovered: RecoveredRun[] }
  /** Another process claimed this tick first. */
  | { kind: 'taken' }
  /** A run of this job still holds the lease: the tick is recorded as skipped. */
  | { kind: 'busy'; leaseHolder: string; leaseUntil: Date };

interface LeaseRow {
  holder: string | null;
  lease_until: string | null;
}

const SUMMARY_MAX_CHARS = 16_000;

export async function claimTick(db: Database, req: ClaimRequest): Promise<ClaimResult> {
  try {
    return await db.knex.transaction(async (trx) => {
      await lockLease(db, trx, req.job);
      // Every claim for this job waits on the lease row lock, so this read sees any earlier claim.
      if (await trx('job_runs').where({ job: req.job, tick: req.tick }).first('id')) return { kind: 'taken' };
      const lease = (await trx('job_leases')
        .where({ job: req.job })
        .first('holder', 'lease_until')) as LeaseRow;
      const leaseUntil = fromDbTimeOrNull(lease.lease_until);
      const at = toDbTime(req.now);
      const run = { job: req.job, tick: req.tick, run_id: req.runId, holder: req.holder, started_at: at };
      if (lease.holder !== null && leaseUntil !== null && leaseUntil > req.now) {
        const summary = { reason: 'previous run still holds the lease', leaseHolder: lease.holder };
        await trx('job_runs').insert({
          ...run,
          status: 'skipped',
          finished_at: at,
          summary: toJson(summary),
        });
        return { kind: 'busy', leaseHolder: lease.holder, leaseUntil };
      }
      // A held but expired lease means its run stopped renewing: the process died or hung.
      const recovered = lease.holder === null ? [] : await failAbandonedRuns(trx, req.job, lease.holder, at);
      await trx('job_runs').insert({ ...run, status: 'running' });
      await trx('job_leases')
        .where({ job: req.job })
        .update({
          holder: req.leaseHolder,
          lease_until: toDbTime(new Date(req.now.getTime() + req.leaseMs)),
        });
      return { kind: 'claimed', recovered };
    });
  } catch (err) {
    if (isDuplicateKey(err)) return { kind: 'taken' };
    throw err;
  }
}

/** Extends the lease while the run is alive; false when another process has taken it over. */
export async function renewLease(
  knex: Knex,
  job: string,
  leaseHolder: string,
  until: Date,
): Promise<boolean> {
  const changed = await knex('job_leases')
    .where({ job, holder: leaseHolder })
    .update({ lease_until: toDbTime(until) });
  return changed > 0;
}

export interface FinishRequest {
  job: string;
  runId: string;
  leaseHolder: string;
  status: 'ok' | 'failed';
  summary: unknown;
  now: Date;
}

/** Records the run's end and frees the lease; false when the run had already been marked failed. */
export async function finishRun(knex: Knex, req: FinishRequest): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const changed = await trx('job_runs')
      .where({ job: req.job, run_id: req.runId, status: 'running' })
      .update({ status: req.status, finished_at: toDbTime(req.now), summary: toJson(req.summary) });
    await trx('job_leases')
      .where({ job: req.job, holder: req.leaseHolder })
      .update({ holder: null, lease_until: null });
    return changed > 0;
  });
}

export async function listJobRuns(knex: Knex, job: string, limit = 20): Promise<JobRunRow[]> {
  const rows = (await knex('job_runs')
    .where({ job })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('job', 'tick', 'run_id', 'holder', 'started_at', 'finished_at', 'status', 'summary')) as {
    job: string;
    tick: string;
    run_id: string;
    holder: string;
    started_at: string;
    finished_at: string | null;
    status: JobRunStatus;
    summary: string | null;
  }[];
  return rows.map((r) => ({
    job: r.job,
    tick: r.tick,
    runId: r.run_id,
    holder: r.holder,
    startedAt: fromDbTime(r.started_at),
    finishedAt: fromDbTimeOrNull(r.finished_at),
    status: r.status,
    summary: r.summary === null ? null : (JSON.parse(r.summary) as unknown),
  }));
}

/** Creates the job's lease row if needed and locks it until the transaction ends. */
async function lockLease(db: Database, trx: Knex.Transaction, job: string): Promise<void> {
  if (db.dialect === 'mysql') {
    // ON DUPLICATE KEY UPDATE takes the exclusive lock at once; INSERT IGNORE would take a shared
    // lock first and let two claimers deadlock upgrading it.
    await trx.raw('INSERT INTO job_leases (job) VALUES (?) ON DUPLICATE KEY UPDATE job = job', [job]);
  } else {
    // SQLite runs one write transaction at a time (the demo's pool has one connection).
    await trx.raw('INSERT INTO job_leases (job) VALUES (?) ON CONFLICT DO NOTHING', [job]);
  }
}

async function failAbandonedRuns(
  trx: Knex.Transaction,
  job: string,
  leaseHolder: string,
  at: string,
): Promise<RecoveredRun[]> {
  const rows = (await trx('job_runs')
    .where({ job, status: 'running' })
    .select('run_id', 'tick', 'holder')) as { run_id: string; tick: string; holder: string }[];
  if (!rows.length) return [];
  const error = {
    code: 'NUMPOOL_JOB_LEASE_EXPIRED',
    message: `lease holder ${leaseHolder} stopped renewing its lease; the run is presumed crashed`,
  };
  await trx('job_runs')
    .where({ job, status: 'running' })
    .update({ status: 'failed', finished_at: at, summary: toJson({ error }) });
  return rows.map((r) => ({ runId: r.run_id, tick: r.tick, holder: r.holder }));
}

/** JSON for the summary TEXT column; an oversized summary is replaced by a note, never cut mid-JSON. */
function toJson(summary: unknown): string {
  const json = JSON.stringify(summary ?? null);
  if (json.length <= SUMMARY_MAX_CHARS) return json;
  return JSON.stringify({ truncated: true, chars: json.length, start: json.slice(0, 1000) });
}
