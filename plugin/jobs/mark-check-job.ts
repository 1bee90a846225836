// The daily mark check (M2, M3): asks the mark provider about every number in service and every new
// number, merges the marks and applies the mark rules in the same transaction: suspend, or for a
// fraud mark suspend + urgent appeal + the number's recent calls listed for audit + an urgent alert.
import type { Knex } from 'knex';
import { openAppeal } from '../domain/appeals/appeal.ts';
import { evaluateMarks } from '../domain/health/mark-rules.ts';
import type { MarkMerge } from '../domain/health/mark.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import { checkNumberMarks } from '../marks/mark-check.ts';
import { raiseAlert } from '../store/alert-repository.ts';
import { listAppeals, saveAppeal } from '../store/appeal-repository.ts';
import { listCallsForAudit, type AuditedCall } from '../store/daily-stats-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../store/number-lifecycle-repository.ts';
import { forNumber, startHealthRun, type HealthJobDeps, type HealthRun } from './health-run.ts';
import type { JobDefinition } from './job.ts';
import { changeNumberIn } from './number-change.ts';
import { promoteReserves } from './reserve-step.ts';

const CHECKED_STATES = new Set(['new', 'warming', 'active', 'cooling']);
/** Calls listed in the job summary per disabled number; the alert's details hold up to 200. */
const SUMMARY_CALLS = 20;

interface Disabled {
  numberId: number;
  appeals: number[];
  callsListed: number;
  recentCalls: AuditedCall[];
}

export function markCheckJob(deps: HealthJobDeps, schedule: string): JobDefinition {
  return {
    name: 'mark-check',
    schedule,
    async run(ctx) {
      const run = await startHealthRun(deps, 'mark-check', ctx);
      const provider = await deps.markProvider();
      if (provider === null) {
        ctx.logger.warn('no mark provider is configured; mark check skipped');
        return {
          providerConfigured: false,
          checked: 0,
          note: "no mark provider is configured (settings key 'mark_provider'): nothing was checked",
        };
      }
      const numbers = (await loadHealthNumbers(deps.db.knex)).filter((n) => CHECKED_STATES.has(n.state));
      const failedChecks: { numberId: number; code: string }[] = [];
      const suspended: number[] = [];
      const disabled: Disabled[] = [];
      let newMarks = 0;
      for (const number of numbers) {
        await forNumber(run, number.id, async () => {
          const outcome = await checkNumberMarks(
            { db: deps.db, provider, platforms: run.settings.marks.platforms, logger: ctx.logger },
            number,
            run.now,
            async (trx, merge) => {
              newMarks += merge.newMarks.reduce((sum, m) => sum + m.added, 0);
              const applied = await applyMarkRules(run, trx, number, merge);
              if (applied?.kind === 'suspended') suspended.push(number.id);
              if (applied?.kind === 'disabled') disabled.push(applied.disabled);
            },
          );
          if (!outcome.ok) failedChecks.push({ numberId: number.id, code: outcome.error.code });
        });
      }
      const promotions = await promoteReserves(run);
      return {
        provider: provider.name,
        checked: numbers.length,
        failedChecks,
        newMarks,
        suspended,
        disabled,
        promotions,
        skipped: run.skipped,
      };
    },
  };
}

type Applied = { kind: 'suspended' } | { kind: 'disabled'; disabled: Disabled } | null;

async function applyMarkRules(
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
