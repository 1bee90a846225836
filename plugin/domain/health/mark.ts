// Spam marks on a number (M1): one record per number × platform × mark type, as the `marks` table
// holds them, and the merge of a daily check's observations into those records.

export const MARK_TYPES = ['harassment', 'sales', 'fraud', 'other'] as const;
/** 骚扰 harassment, 推销 sales, 诈骗 fraud, anything else. */
export type MarkType = (typeof MARK_TYPES)[number];

export const MARK_SOURCES = ['provider', 'manual', 'import'] as const;
export type MarkSource = (typeof MARK_SOURCES)[number];

export interface MarkRecord {
  numberId: number;
  platform: string;
  type: MarkType;
  /** How many users marked it, as the platform reports (e.g. 360's "被 23 人标记"). */
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  source: MarkSource;
  /** Set when an approved appeal removed the mark; a cleared record does not count. */
  clearedAt: Date | null;
}

/** What one check (provider, CSV row, manual entry) saw for one platform × type. */
export interface MarkObservation {
  platform: string;
  type: MarkType;
  count: number;
  seenAt: Date;
  source: MarkSource;
}

/** Marks that are new since the last check: a new record, a higher count, or a re-marking after clearing. */
export interface NewMark {
  platform: string;
  type: MarkType;
  added: number;
}

export interface MarkMerge {
  /** Every record of the number after the merge: upsert them all (unique number × platform × type). */
  records: MarkRecord[];
  newMarks: NewMark[];
  /** Observations for platforms not in the settings' list: not recorded, reported back. */
  rejected: { observation: MarkObservation; reason: 'UNKNOWN_PLATFORM' | 'BAD_COUNT' }[];
}

export function isOpen(record: MarkRecord): boolean {
  return record.clearedAt === null && record.count > 0;
}

/** Sum of the counts of a number's uncleared marks — what "more than 5 marks" counts. */
export function openMarkCount(records: readonly MarkRecord[]): number {
  return records.reduce((sum, r) => sum + (isOpen(r) ? r.count : 0), 0);
}

/**
 * Folds a check's observations into the number's records. Platforms report a running count, so
 * the new count replaces the old; a mark seen again after an appeal cleared it starts afresh.
 */
export function mergeMarkObservations(
  numberId: number,
  current: readonly MarkRecord[],
  observed: readonly MarkObservation[],
  platforms: readonly string[],
): MarkMerge {
  const byKey = new Map(current.map((r) => [key(r.platform, r.type), { ...r }]));
  const newMarks: NewMark[] = [];
  const rejected: MarkMerge['rejected'] = [];
  for (const o of observed) {
    if (!platforms.includes(o.platform)) {
      rejected.push({ observation: o, reason: 'UNKNOWN_PLATFORM' });
      continue;
    }
    if (!Number.isInteger(o.count) || o.count < 0) {
      rejected.push({ observation: o, reason: 'BAD_COUNT' });
      continue;
    }
    if (o.count === 0) continue;
    const k = key(o.platform, o.type);
    const existing = byKey.get(k);
    if (!existing || existing.clearedAt !== null) {
      byKey.set(k, {
        numberId,
        platform: o.platform,
        type: o.type,
        count: o.count,
        firstSeenAt: o.seenAt,
        lastSeenAt: o.seenAt,
        source: o.source,
        clearedAt: null,
      });
      newMarks.push({ platform: o.platform, type: o.type, added: o.count });
      continue;
    }
    if (o.count > existing.count)
      newMarks.push({ platform: o.platform, type: o.type, added: o.count - existing.count });
    existing.count = Math.max(existing.count, o.count);
    if (o.seenAt > existing.lastSeenAt) existing.lastSeenAt = o.seenAt;
  }
  return { records: [...byKey.values()], newMarks, rejected };
}

/** The records an approved appeal clears: every open mark of the number on that platform. */
export function clearMarks(records: readonly MarkRecord[], platform: string, at: Date): MarkRecord[] {
  return records.map((r) => (r.platform === platform && r.clearedAt === null ? { ...r, clearedAt: at } : r));
}

function key(platform: string, type: MarkType): string {
  return `${platform}|${type}`;
}
