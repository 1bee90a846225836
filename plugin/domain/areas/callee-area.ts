// Turns what we know about a callee's number (a prefix-table row or zh geocoder text) into an Area.
// Pure: the callee-area resolver adapter calls these; regions come from config/admin (DEFAULT_REGIONS by default).
import type { PhoneNumber } from '../numbers/phone-number.ts';
import { isMunicipality, normalizeCity, normalizeProvince, splitGeocoderText, type Area } from './area.ts';
import type { AreaPrefixRow } from './prefix-index.ts';

type Regions = Readonly<Record<string, string>>;

export function areaFromPrefix(row: AreaPrefixRow, regions: Regions): Area {
  // Admin data wins: an unrecognised province name is kept as typed rather than dropped.
  const province = normalizeProvince(row.province) ?? nonEmpty(row.province);
  const city =
    (row.city === null ? null : normalizeCity(row.city)) ??
    (province !== null && isMunicipality(province) ? province : null);
  return {
    province,
    city,
    region: regionOf(province, regions),
    areaCode: row.areaCode,
    source: 'prefix-table',
  };
}

/** Unknown when the geocoder had nothing, or only said '中国' or something we cannot place. */
export function areaFromGeocoder(text: string | null, number: PhoneNumber, regions: Regions): Area {
  if (text === null) return unknownArea();
  const { province, city } = splitGeocoderText(text);
  if (province === null) return unknownArea();
  return {
    province,
    city,
    region: regionOf(province, regions),
    areaCode: number.type === 'landline' ? number.areaCode : null,
    source: 'geocoder',
  };
}

export function unknownArea(): Area {
  return { province: null, city: null, region: null, areaCode: null, source: 'unknown' };
}

function regionOf(province: string | null, regions: Regions): string | null {
  // Own keys only: a province named 'constructor' must not find Object.prototype.
  return province !== null && Object.hasOwn(regions, province) ? (regions[province] ?? null) : null;
}

function nonEmpty(name: string): string | null {
  const trimmed = name.trim();
  return trimmed === '' ? null : trimmed;
}
