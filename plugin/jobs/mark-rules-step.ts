// The mark rules (M3) applied to one number whose marks were just merged, inside the merge's
// transaction: run by the daily mark check and by a supervisor's manual entry or CSV import of marks.
import type { Knex } from 'knex';
import { openAppeal } from '../domain/appeals/appeal.ts';
import { evaluateMarks } from '../domain/health/mark-rules.ts';
import type { MarkMerge } from '../domain/health/mark.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import { raiseAlert } from '../store/health/alert-repository.ts';
import { listAppeals, saveAppeal } from '../store/health/appeal-repository.ts';
import { listCallsForAudit, type AuditedCall } from '../store/health/daily-stats-repository.ts';
import type { HealthNumber } from '../store/numbers/number-lifecycle-repository.ts';
import type { HealthRun } from './health-run.ts';
import { changeNumberIn } from './number-change.ts';

/** Calls listed in the job summary per disabled number; the alert's details hold up to 200. */
const SUMMARY_CALLS = 20;

export interface Disabled {
  numberId: number;
  appeals: number[];
  callsListed: number;
  recentCalls: AuditedCall[];
}

/** What the rules did: nothing, suspended (too many marks), or disabled (a disabling mark). */
export type Applied = { kind: 'suspended' } | { kind: 'disabled'; disabled: Disabled } | null;

/** Evaluates the number's merged marks and applies the verdict in `trx`; throws when the lifecycle refuses. */
export async function applyMarkRules(
  run: HealthRun,
  trx: Knex.Transaction,
  number: HealthNumber,
  merge: MarkMerge,
): Promise<Applied> {
  const verdict = evaluateMarks(number, merge.records, merge.newMarks, run.settings.marks, run.now);
  if (verdict.action === 'none') return null;
  const changed = await changeNumberIn(run, trx, number, { to: verdict.to, reason: verdict.reason });
  if (!changed.ok) {
    run.ctx.logger.error({ numberId: number.id, error: changed }, 'mark rule could not change the number');
    throw new Error(`number ${number.id}: ${changed.code}: ${changed.message}`);
  }
  if (verdict.action === 'suspend') {
    await raiseAlert(trx, {
      kind: 'suspended-marks',
      severity: 'warning',
      key: `suspended-marks:${number.id}`,
      numberId: number.id,
      subPool: subPoolKey(number),
      job: run.job,
      message: `number ${number.e164} suspended: ${verdict.reason}`,
      at: run.now,
    });
    return { kind: 'suspended' };
  }
  const appeals: number[] = [];
  const existing = await listAppeals(trx, { numberId: number.id });
  for (const platform of verdict.urgentAppealPlatforms) {
    const opened = openAppeal(
      { numberId: number.id, platform, urgent: true, createdBy: run.job },
      existing,
      run.settings,
    );
    if (opened.ok) appeals.push((await saveAppeal(trx, opened.appeal, run.actor, run.now)).id);
  }
  const { since, until } = verdict.audit;
  const calls = await listCallsForAudit(trx, number.id, since, until);
  await raiseAlert(trx, {
    kind: 'fraud-mark',
    severity: 'urgent',
    key: `fraud-mark:${number.id}`,
    numberId: number.id,
    subPool: subPoolKey(number),
    job: run.job,
    message: `number ${number.e164} disabled: ${verdict.reason}; ${calls.length} call(s) since ${since.toISOString().slice(0, 10)} to audit`,
    details: { appeals, calls },
    at: run.now,
  });
  return {
    kind: 'disabled',
    disabled: {
      numberId: number.id,
      appeals,
      callsListed: calls.length,
      recentCalls: calls.slice(0, SUMMARY_CALLS),
    },
  };
}
