// The "left service" rule (L1, L4): a main-pool number that placed calls and no longer does leaves a
// gap that reserve promotion fills. Pure; the number-change action raises the alert it names.
import { isInService, placesCalls, type NumberState, type NumberTier } from '../pool/pool-number.ts';

/** Whether a change from `before` to `afterState` takes a main-pool number out of service. */
export function leftService(
  before: { tier: NumberTier; state: NumberState },
  afterState: NumberState,
): boolean {
  return placesCalls(before) && !isInService(afterState);
}

/** The key of a number's open 'left-service' alert, which reserve promotion resolves. */
export function leftServiceKey(numberId: number): string {
  return `left-service:${numberId}`;
}
