// What entering a state sets besides the state (L2, L3): a warming number starts at the first day's
// quota; a number made active for the first time starts its review clock. Pure; used by the
// number-state action and the appeal effects.
import type { HealthSettings } from '../health/health-settings.ts';
import type { NumberState } from '../pool/pool-number.ts';
import { firstReviewDate } from './periodic-review.ts';
import { warmupCapOn } from './warm-up.ts';

export interface EnteringFields {
  warmupCap?: number;
  activatedOn?: string;
  reviewDueOn?: string;
}

/** `today` is the pool-local civil date; `activatedOn` is null for a number never active before. */
export function fieldsOnEntering(
  to: NumberState,
  number: { activatedOn: string | null },
  settings: Pick<HealthSettings, 'warmup' | 'review'>,
  today: string,
): EnteringFields | undefined {
  if (to === 'warming') return { warmupCap: warmupCapOn(0, settings.warmup) };
  if (to === 'active' && number.activatedOn === null)
    return { activatedOn: today, reviewDueOn: firstReviewDate(today, settings.review) };
  return undefined;
}
