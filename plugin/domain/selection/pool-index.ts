// An in-memory index of the numbers that may place calls, bucketed by purpose and home area,
// so a decision scans only the callee's city or province bucket before widening (S1).
import { placesCalls, type NumberPurpose, type PoolNumber } from '../pool/pool-number.ts';

interface PurposeBuckets {
  all: PoolNumber[];
  byCity: Map<string, PoolNumber[]>;
  byProvince: Map<string, PoolNumber[]>;
  byRegion: Map<string, PoolNumber[]>;
}

export class PoolIndex {
  private readonly purposes = new Map<NumberPurpose, PurposeBuckets>();
  private readonly byId = new Map<number, PoolNumber>();

  constructor(numbers: readonly PoolNumber[]) {
    for (const n of numbers) {
      if (!placesCalls(n)) continue;
      this.byId.set(n.id, n);
      const buckets = this.bucketsFor(n.purpose);
      buckets.all.push(n);
      if (n.province && n.city) push(buckets.byCity, cityKey(n.province, n.city), n);
      if (n.province) push(buckets.byProvince, n.province, n);
      if (n.region) push(buckets.byRegion, n.region, n);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): PoolNumber | undefined {
    return this.byId.get(id);
  }

  city(purpose: NumberPurpose, province: string, city: string): readonly PoolNumber[] {
    return this.purposes.get(purpose)?.byCity.get(cityKey(province, city)) ?? [];
  }

  province(purpose: NumberPurpose, province: string): readonly PoolNumber[] {
    return this.purposes.get(purpose)?.byProvince.get(province) ?? [];
  }

  region(purpose: NumberPurpose, region: string): readonly PoolNumber[] {
    return this.purposes.get(purpose)?.byRegion.get(region) ?? [];
  }

  all(purpose: NumberPurpose): readonly PoolNumber[] {
    return this.purposes.get(purpose)?.all ?? [];
  }

  private bucketsFor(purpose: NumberPurpose): PurposeBuckets {
    let b = this.purposes.get(purpose);
    if (!b) {
      b = { all: [], byCity: new Map(), byProvince: new Map(), byRegion: new Map() };
      this.purposes.set(purpose, b);
    }
    return b;
  }
}

function cityKey(province: string, city: string): string {
  return `${province}|${city}`;
}

function push<K>(map: Map<K, PoolNumber[]>, key: K, n: PoolNumber): void {
  const list = map.get(key);
  if (list) list.push(n);
  else map.set(key, [n]);
}
