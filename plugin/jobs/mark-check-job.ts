// The daily mark check (M2, M3): asks the mark provider about every number in service and every new
// number, merges the marks and applies the mark rules in the same transaction: suspend, or for a
// fraud mark suspend + urgent appeal + the number's recent calls listed for audit + an urgent alert
// (mark-rules-step.ts).
import { checkNumberMarks } from '../marks/mark-check.ts';
import { loadHealthNumbers } from '../store/numbers/number-lifecycle-repository.ts';
import { forNumber, startHealthRun, type HealthJobDeps } from './health-run.ts';
import type { JobDefinition } from './job.ts';
import { applyMarkRules, type Disabled } from './mark-rules-step.ts';
import { promoteReserves } from './reserve-step.ts';

const CHECKED_STATES = new Set(['new', 'warming', 'active', 'cooling']);

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
