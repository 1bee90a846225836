// The daily mark check (M2, M3), run by the mark-check job: asks the mark provider about every number
// in service and every new number, merges the marks and applies the mark rules in the same transaction
// (apply-mark-rules.ts), then promotes reserves for the numbers that left service.
import type { MarkProvider } from '../../domain/marks/mark-provider.ts';
import type { NumberState } from '../../domain/pool/pool-number.ts';
import { loadHealthNumbers } from '../../store/numbers/number-lifecycle-repository.ts';
import { forNumber, type HealthRun } from '../numbers/health-run.ts';
import { promoteReserves, type PromotionSummary } from '../numbers/reserve-step.ts';
import { applyMarkRules, type Disabled } from './apply-mark-rules.ts';
import { checkNumberMarks } from './mark-check.ts';

/** Numbers a platform may mark that matter: in service, cooling off, or about to warm up. */
const CHECKED_STATES: ReadonlySet<NumberState> = new Set(['new', 'warming', 'active', 'cooling']);

export interface PoolMarkCheck {
  provider: string;
  checked: number;
  /** Numbers the provider could not answer for; checked again at the next run. */
  failedChecks: { numberId: number; code: string }[];
  /** Marks that appeared or grew, summed. */
  newMarks: number;
  suspended: number[];
  disabled: Disabled[];
  promotions: PromotionSummary;
}

export async function checkPoolMarks(run: HealthRun, provider: MarkProvider): Promise<PoolMarkCheck> {
  const numbers = (await loadHealthNumbers(run.deps.db.knex)).filter((n) => CHECKED_STATES.has(n.state));
  const failedChecks: { numberId: number; code: string }[] = [];
  const suspended: number[] = [];
  const disabled: Disabled[] = [];
  let newMarks = 0;
  const deps = { db: run.deps.db, provider, platforms: run.settings.marks.platforms, logger: run.ctx.logger };
  for (const number of numbers) {
    await forNumber(run, number.id, async () => {
      const outcome = await checkNumberMarks(deps, number, run.now, async (tx, merge) => {
        newMarks += merge.newMarks.reduce((sum, m) => sum + m.added, 0);
        const applied = await applyMarkRules(run, tx, number, merge);
        if (applied?.kind === 'suspended') suspended.push(number.id);
        if (applied?.kind === 'disabled') disabled.push(applied.disabled);
      });
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
  };
}
