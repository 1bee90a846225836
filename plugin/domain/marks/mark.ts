// Spam-mark vocabulary of the mark providers, imports and mark store (M1–M2): platforms and labels.
// Records, types and sources are the health domain's (with the merge rule M3 relies on), re-exported.
import { MARK_TYPES, type MarkType } from '../health/mark.ts';

export {
  MARK_SOURCES,
  MARK_TYPES,
  type MarkObservation,
  type MarkRecord,
  type MarkSource,
  type MarkType,
} from '../health/mark.ts';

/**
 * A platform id from the administrator's list (HealthSettings.marks.platforms), e.g. '360',
 * 'tencent'; stored in marks.platform. DEFAULT_MARK_PLATFORMS is that list's default.
 */
export type MarkPlatform = string;

export const DEFAULT_MARK_PLATFORMS: readonly MarkPlatform[] = [
  '360',
  'tencent',
  'baidu',
  'sogou',
  'huawei',
  'xiaomi',
  'oppo',
  'vivo',
];

/** Names of the platforms as people and lookup services write them, for imports and mappings. */
export const DEFAULT_MARK_PLATFORM_LABELS: Readonly<Record<string, MarkPlatform>> = {
  '360手机卫士': '360',
  腾讯手机管家: 'tencent',
  腾讯: 'tencent',
  百度手机卫士: 'baidu',
  百度: 'baidu',
  搜狗号码通: 'sogou',
  搜狗: 'sogou',
  华为: 'huawei',
  小米: 'xiaomi',
};

export const MARK_PLATFORM_PATTERN = /^[a-z0-9_-]{1,32}$/;

export function isMarkType(value: string): value is MarkType {
  return (MARK_TYPES as readonly string[]).includes(value);
}

/**
 * The labels lookup services and apps use, in Chinese and English, for numpool's mark types.
 * Administrators extend it per provider (typeLabels in the provider settings).
 */
export const DEFAULT_MARK_TYPE_LABELS: Readonly<Record<string, MarkType>> = {
  harassment: 'harassment',
  骚扰: 'harassment',
  骚扰电话: 'harassment',
  spam: 'harassment',
  nuisance: 'harassment',
  sales: 'sales',
  推销: 'sales',
  推销电话: 'sales',
  广告推销: 'sales',
  营销: 'sales',
  telemarketing: 'sales',
  fraud: 'fraud',
  诈骗: 'fraud',
  诈骗电话: 'fraud',
  疑似诈骗: 'fraud',
  欺诈: 'fraud',
  scam: 'fraud',
  other: 'other',
  其他: 'other',
};

/** Maps a platform name to a configured platform id (trimmed, case-insensitive), or null. */
export function markPlatformFromLabel(
  label: string,
  platforms: readonly MarkPlatform[],
  extra: Readonly<Record<string, MarkPlatform>> = {},
): MarkPlatform | null {
  const key = label.trim().toLowerCase();
  const id = findLabel(extra, key) ?? findLabel(DEFAULT_MARK_PLATFORM_LABELS, key) ?? key;
  return platforms.includes(id) ? id : null;
}

/** Maps a service's label to a mark type (trimmed, case-insensitive), or null when unknown. */
export function markTypeFromLabel(
  label: string,
  extra: Readonly<Record<string, MarkType>> = {},
): MarkType | null {
  const key = label.trim().toLowerCase();
  return findLabel(extra, key) ?? findLabel(DEFAULT_MARK_TYPE_LABELS, key);
}

function findLabel<T>(labels: Readonly<Record<string, T>>, key: string): T | null {
  for (const [label, value] of Object.entries(labels)) if (label.trim().toLowerCase() === key) return value;
  return null;
}
