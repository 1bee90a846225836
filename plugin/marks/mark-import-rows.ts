// Validates the lines of a marks CSV (number, platform, type, count, observed_at) into observations,
// collecting every problem with its line number; nothing is written unless every line is valid.
import { isCalendarDate } from '../domain/calendar/local-time.ts';
import { markPlatformFromLabel, markTypeFromLabel, type MarkObservation } from '../domain/marks/mark.ts';
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import type { CsvRecord } from '../import/csv-table.ts';

export const MARK_IMPORT_COLUMNS = {
  required: ['number', 'platform', 'type', 'count'],
  optional: ['observed_at'],
} as const;

export interface MarkImportRow {
  line: number;
  e164: string;
  observation: MarkObservation;
}

export type MarkRowsResult = { ok: true; rows: MarkImportRow[] } | { ok: false; errors: string[] };

// A reading from the future is a typo or a wrong time zone, not data.
const FUTURE_SLACK_MS = 5 * 60_000;

export function validateMarkRows(
  records: readonly CsvRecord[],
  platforms: readonly string[],
  now: Date,
): MarkRowsResult {
  const errors: string[] = [];
  const rows: MarkImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, values } of records) {
    const problems: string[] = [];
    const number = parsePhoneNumber(values.number ?? '');
    if (!number.ok) problems.push(`number: ${number.error.message}`);
    const platformText = (values.platform ?? '').trim();
    const platform = markPlatformFromLabel(platformText, platforms);
    if (platform === null) {
      problems.push(`platform: '${platformText.slice(0, 40)}' is not one of ${platforms.join(' | ')}`);
    }
    const typeText = (values.type ?? '').trim();
    const type = markTypeFromLabel(typeText);
    if (type === null) {
      problems.push(
        `type: '${typeText.slice(0, 40)}' is not harassment/骚扰, sales/推销, fraud/诈骗 or other`,
      );
    }
    const countText = (values.count ?? '').trim();
    if (!/^\d{1,9}$/.test(countText))
      problems.push(`count: '${countText.slice(0, 40)}' is not a whole number ≥ 0`);
    const observedAt = readInstant(values.observed_at ?? '', now);
    if (typeof observedAt === 'string') problems.push(`observed_at: ${observedAt}`);
    if (
      problems.length ||
      !number.ok ||
      platform === null ||
      type === null ||
      typeof observedAt === 'string'
    ) {
      errors.push(...problems.map((p) => `line ${line}: ${p}`));
      continue;
    }
    const key = `${number.number.e164} ${platform} ${type}`;
    const seen = firstLine.get(key);
    if (seen !== undefined) errors.push(`line ${line}: duplicate of line ${seen} (${key})`);
    else firstLine.set(key, line);
    const observation = {
      platform,
      type,
      count: Number(countText),
      seenAt: observedAt,
      source: 'import' as const,
    };
    rows.push({ line, e164: number.number.e164, observation });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** ISO 8601 with an offset, or a bare date (midnight China time); empty means `now`. */
function readInstant(text: string, now: Date): Date | string {
  const v = text.trim();
  if (v === '') return now;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v;
  const shaped =
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso) &&
    isCalendarDate(iso.slice(0, 10));
  const date = new Date(iso.replace(' ', 'T'));
  if (!shaped || Number.isNaN(date.getTime()))
    return `'${v.slice(0, 40)}' is not a date or ISO time with offset`;
  if (date.getTime() > now.getTime() + FUTURE_SLACK_MS) return `'${v.slice(0, 40)}' is in the future`;
  return date;
}
