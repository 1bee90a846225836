// Retired numbers (L3): held for a while before they are released to the carrier, so a number that
// served one business is never handed straight to another purpose.
import type { HealthSettings } from '../health/health-settings.ts';
import { addDays } from '../health/civil-date.ts';
import type { NumberPurpose, NumberState } from '../pool/pool-number.ts';

/** numbers.release_after for a number retired on `retiredOn` (pool-local date). */
export function releaseAfter(retiredOn: string, settings: Pick<HealthSettings, 'retiredHoldDays'>): string {
  return addDays(retiredOn, settings.retiredHoldDays);
}

export interface HeldNumber {
  id: number;
  state: NumberState;
  purpose: NumberPurpose;
  releaseAfter: string | null;
}

export type ReleaseCheck =
  | { releasable: true }
  | { releasable: false; reason: 'NOT_RETIRED' | 'HELD'; until: string | null; message: string };

/** May the number be released (deleted / returned to the carrier) today? */
export function checkRelease(n: HeldNumber, today: string): ReleaseCheck {
  if (n.state !== 'retired') {
    return {
      releasable: false,
      reason: 'NOT_RETIRED',
      until: null,
      message: `number ${n.id} is ${n.state}, not retired`,
    };
  }
  if (n.releaseAfter !== null && today < n.releaseAfter) {
    return {
      releasable: false,
      reason: 'HELD',
      until: n.releaseAfter,
      message: `number ${n.id} is held until ${n.releaseAfter}`,
    };
  }
  return { releasable: true };
}

/** The retired numbers whose hold is over, for the release job and the panel. */
export function releasableNumbers<N extends HeldNumber>(numbers: readonly N[], today: string): N[] {
  return numbers.filter((n) => checkRelease(n, today).releasable);
}
