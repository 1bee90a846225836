// Default daily caps by number type (P2, P4, L2): 20 calls/day, stricter for 170/171 virtual
// numbers, and a warm-up quota for new numbers.
import type { NumberType } from '../numbers/phone-number.ts';

export const DEFAULT_DAILY_CAP = 20;
export const DEFAULT_VIRTUAL_DAILY_CAP = 10;
export const DEFAULT_WARMUP_CAP = 5;

export function defaultDailyCap(type: NumberType): number {
  return type === 'virtual' ? DEFAULT_VIRTUAL_DAILY_CAP : DEFAULT_DAILY_CAP;
}
