// A number of the pool as the decision engine sees it (P1, L1): only what selection needs.
import type { NumberType } from '../numbers/phone-number.ts';

export const NUMBER_PURPOSES = ['service', 'marketing'] as const;
export type NumberPurpose = (typeof NUMBER_PURPOSES)[number];

export const NUMBER_TIERS = ['main', 'reserve'] as const;
export type NumberTier = (typeof NUMBER_TIERS)[number];

export const NUMBER_STATES = [
  'new',
  'warming',
  'active',
  'cooling',
  'suspended',
  'appealing',
  'retired',
] as const;
export type NumberState = (typeof NUMBER_STATES)[number];

export interface PoolNumber {
  id: number;
  e164: string;
  type: NumberType;
  purpose: NumberPurpose;
  tier: NumberTier;
  state: NumberState;
  dailyCap: number;
  warmupCap: number;
  route: string | null;
  province: string | null;
  city: string | null;
  region: string | null;
  answerRate: number | null;
}

/** The states of a number in service: it may place calls (at its warm-up quota while warming). */
export const IN_SERVICE_STATES: readonly NumberState[] = ['active', 'warming'];

/** Whether a number in this state is in service (L1); the one place this rule is written. */
export function isInService(state: NumberState): boolean {
  return IN_SERVICE_STATES.includes(state);
}

/** Only main-tier numbers in service place calls; reserves wait (L1). */
export function placesCalls(n: Pick<PoolNumber, 'tier' | 'state'>): boolean {
  return n.tier === 'main' && isInService(n.state);
}

/** Today's cap: a warming number places only its warm-up quota (L2). */
export function capToday(n: PoolNumber): number {
  return n.state === 'warming' ? Math.min(n.warmupCap, n.dailyCap) : n.dailyCap;
}
