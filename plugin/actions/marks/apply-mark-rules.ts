// The mark rules (M3) applied to one number whose marks were just merged, inside the merge's
// transaction: run by the daily mark check job and by a supervisor's manual entry or CSV import of marks.
import { openAppeal } from '../../domain/appeals/appeal.ts';
import { evaluateMarks } from '../../domain/health/mark-rules.ts';
import type { MarkMerge, NewMark } from '../../domain/health/mark.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import { AppError } from '../../errors/index.ts';
import { raiseAlert } from '../../store/health/alert-repository.ts';
import { listAppeals, saveAppeal } from '../../store/health/appeal-repository.ts';
import { listCallsForAudit, type AuditedCall } from '../../store/health/daily-stats-repository.ts';
import type { Queryable } from '../../store/connection/database.ts';
import { lockNumberMarks } from '../../store/health/mark-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import type { HealthRun } from '../numbers/health-run.ts';
import { changeNumberIn } from '../numbers/change-number.ts';

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
  trx: Queryable,
  number: HealthNumber,
  merge: MarkMerge,
): Promise<Applied> {
  const verdict = evaluateMarks(number, merge.records, merge.newMarks, run.settings.marks, run.now);
  if (verdict.action === 'none') return null;
  const changed = await changeNumberIn(run, trx, number, { to: verdict.to, reason: verdict.reason });
  if (!changed.ok) {
    run.ctx.logger.error({ numberId: number.id, error: changed }, 'mark rule could not change the number');
    throw new AppError(
      'NUMPOOL_ILLEGAL_TRANSITION',
      `number ${number.id}: ${changed.code}: ${changed.message}`,
    );
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

export interface RuleOutcome {
  number: HealthNumber;
  applied: Applied;
}

/**
 * The mark rules on each number whose marks a supervisor just wrote, in the writing transaction, as
 * the daily check would apply them. A released number keeps its mark history and is left alone.
 */
export async function applyMarkRulesNow(
  run: HealthRun,
  tx: Queryable,
  newMarks: readonly (NewMark & { numberId: number })[],
): Promise<RuleOutcome[]> {
  const byId = new Map((await loadHealthNumbers(tx)).map((n) => [n.id, n]));
  const outcomes: RuleOutcome[] = [];
  for (const id of new Set(newMarks.map((m) => m.numberId))) {
    const number = byId.get(id);
    if (!number) continue;
    const records = await lockNumberMarks(run.deps.db, tx, id);
    const mine = newMarks.filter((m) => m.numberId === id).map(({ numberId: _, ...m }) => m);
    const merge = { records, newMarks: mine, rejected: [] };
    outcomes.push({ number, applied: await applyMarkRules(run, tx, number, merge) });
  }
  return outcomes;
}
