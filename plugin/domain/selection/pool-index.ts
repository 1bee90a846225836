// An in-memory index of the numbers that may place calls, bucketed by purpose and home area,
// so a decision looks at the callee's city or province bucket before widening (S1).
import { placesCalls, type NumberPurpose, type PoolNumber } from '../pool/pool-number.ts';
import { RankedBucket } from './ranked-bucket.ts';

interface PurposeBuckets {
  all: RankedBucket;
  byCity: Map<string, RankedBucket>;
  byProvince: Map<string, RankedBucket>;
  byRegion: Map<string, RankedBucket>;
}

const EMPTY = new RankedBucket([]);

export class PoolIndex {
  private readonly purposes = new Map<NumberPurpose, PurposeBuckets>();
  private readonly byId = new Map<number, PoolNumber>();

  constructor(numbers: readonly PoolNumber[]) {
    const lists = new Map<
      NumberPurpose,
      {
        all: PoolNumber[];
        city: Map<string, PoolNumber[]>;
        province: Map<string, PoolNumber[]>;
        region: Map<string, PoolNumber[]>;
      }
    >();
    for (const n of numbers) {
      if (!placesCalls(n)) continue;
      this.byId.set(n.id, n);
      let l = lists.get(n.purpose);
      if (!l) {
        l = { all: [], city: new Map(), province: new Map(), region: new Map() };
        lists.set(n.purpose, l);
      }
      l.all.push(n);
      if (n.province && n.city) push(l.city, cityKey(n.province, n.city), n);
      if (n.province) push(l.province, n.province, n);
      if (n.region) push(l.region, n.region, n);
    }
    for (const [purpose, l] of lists) {
      this.purposes.set(purpose, {
        all: new RankedBucket(l.all),
        byCity: buckets(l.city),
        byProvince: buckets(l.province),
        byRegion: buckets(l.region),
      });
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): PoolNumber | undefined {
    return this.byId.get(id);
  }

  city(purpose: NumberPurpose, province: string, city: string): RankedBucket {
    return this.purposes.get(purpose)?.byCity.get(cityKey(province, city)) ?? EMPTY;
  }

  province(purpose: NumberPurpose, province: string): RankedBucket {
    return this.purposes.get(purpose)?.byProvince.get(province) ?? EMPTY;
  }

  region(purpose: NumberPurpose, region: string): RankedBucket {
    return this.purposes.get(purpose)?.byRegion.get(region) ?? EMPTY;
  }

  all(purpose: NumberPurpose): RankedBucket {
    return this.purposes.get(purpose)?.all ?? EMPTY;
  }
}

function cityKey(province: string, city: string): string {
  return `${province}|${city}`;
}

function push(map: Map<string, PoolNumber[]>, key: string, n: PoolNumber): void {
  const list = map.get(key);
  if (list) list.push(n);
  else map.set(key, [n]);
}

function buckets(lists: Map<string, PoolNumber[]>): Map<string, RankedBucket> {
  return new Map([...lists].map(([k, v]) => [k, new RankedBucket(v)]));
}
