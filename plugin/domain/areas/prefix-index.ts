// In-memory longest-prefix index over the admin-imported area prefix table (mobile 号段 and landline area codes).
// Pure: built once per import by the store adapter, queried by the callee-area resolver on every call.
import type { PhoneNumber } from '../numbers/phone-number.ts';

export interface AreaPrefixRow {
  /** Digits of the national number: a mobile 号段 such as '1380013', or an area code without 0 such as '755'. */
  prefix: string;
  province: string;
  city: string | null;
  areaCode: string | null;
  carrier: string | null;
}

const LONGEST_MOBILE_PREFIX = 7;
const SHORTEST_MOBILE_PREFIX = 3;

export class AreaPrefixIndex {
  // One map per prefix length, so a lookup is at most five map reads whatever the table size.
  private readonly byLength: Map<string, AreaPrefixRow>[] = [];
  private rowCount = 0;

  constructor(rows: readonly AreaPrefixRow[]) {
    for (const row of rows) {
      // Admins paste area codes as '0755' as often as '755'; mobile prefixes never start with 0.
      const prefix = row.prefix[0] === '0' ? row.prefix.slice(1) : row.prefix;
      if (prefix === '') continue;
      const map = (this.byLength[prefix.length] ??= new Map());
      if (!map.has(prefix)) this.rowCount++;
      // A later row for the same prefix wins, so a re-import can correct an earlier one.
      map.set(prefix, row);
    }
  }

  get size(): number {
    return this.rowCount;
  }

  lookup(number: PhoneNumber): AreaPrefixRow | null {
    if (number.type === 'landline') {
      const areaCode = number.areaCode;
      return areaCode === null ? null : (this.byLength[areaCode.length]?.get(areaCode) ?? null);
    }
    if (number.type !== 'mobile' && number.type !== 'virtual') return null;
    const longest = Math.min(LONGEST_MOBILE_PREFIX, number.national.length);
    for (let length = longest; length >= SHORTEST_MOBILE_PREFIX; length--) {
      const row = this.byLength[length]?.get(number.national.slice(0, length));
      if (row) return row;
    }
    return null;
  }
}
