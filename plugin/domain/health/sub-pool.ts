// Sub-pools (P3): the numbers of one purpose in one region. The key groups statistics, reserves,
// sizing and the learning strategy; 'service/华北', or 'marketing/-' for numbers without a region.
import type { NumberPurpose } from '../pool/pool-number.ts';

export interface SubPoolMember {
  purpose: NumberPurpose;
  region: string | null;
}

export function subPoolKey(n: SubPoolMember): string {
  return `${n.purpose}/${n.region ?? '-'}`;
}
