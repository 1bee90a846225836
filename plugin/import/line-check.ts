// One CSV line's checks for the imports (import-rows.ts): each column's value taken as text, a
// number, a flag, a date…, every problem collected with the line number; free text refuses control
// characters with their column (domain/text/free-text.ts). Pure.
import { isCalendarDate } from '../domain/calendar/local-time.ts';
import { parsePhoneNumber, type PhoneNumber } from '../domain/numbers/phone-number.ts';
import { unescapeCsvCell } from '../domain/text/csv-cell.ts';
import { checkFreeText } from '../domain/text/free-text.ts';
import type { CsvRecord } from './csv-table.ts';

/**
 * A consent's time as the import file and `numpool consent grant` take it: ISO 8601 with an offset,
 * or a bare date taken as midnight China time. null when it is neither.
 */
export function parseConsentTime(text: string): Date | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text;
  const valid =
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso) &&
    isCalendarDate(iso.slice(0, 10));
  const d = new Date(iso.replace(' ', 'T'));
  return valid && !Number.isNaN(d.getTime()) ? d : null;
}

/** A validated row and the file line it came from. */
export type Lined<T> = T & { line: number };

export type RowsResult<T> = { ok: true; rows: Lined<T>[] } | { ok: false; errors: string[] };

/** A cell's value as an error message may quote it: short, and with no control character. */
function shown(value: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return value.slice(0, 40).replace(/[\u0000-\u001F\u007F-\u009F]/gu, '\uFFFD');
}

/** Collects one record's problems; `take` returns the value or records the error. */
export class LineCheck {
  readonly problems: string[] = [];
  constructor(private readonly record: CsvRecord) {}

  /**
   * Free text (names, reasons, notes, evidence): no control character but tab, at most `max`
   * characters. A formula-like value is stored as given; only numpool's own export escape is undone.
   */
  text(column: string, max: number): string | null {
    const v = unescapeCsvCell(this.record.values[column]?.trim() ?? '');
    const check = checkFreeText(column, v, max);
    if (!check.ok) this.problems.push(check.message);
    return v === '' ? null : v;
  }

  phone(column: string): PhoneNumber | null {
    const parsed = parsePhoneNumber(this.record.values[column] ?? '');
    if (parsed.ok) return parsed.number;
    this.problems.push(`${column}: ${parsed.error.message}`);
    return null;
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], fallback?: T): T | null {
    const v = (this.record.values[column] ?? '').trim().toLowerCase();
    if (v === '' && fallback !== undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.problems.push(`${column}: '${shown(v)}' is not one of ${allowed.join(' | ')}`);
    return null;
  }

  int(column: string, min: number, max: number, fallback: number): number {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return fallback;
    if (!/^\d{1,6}$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${column}: '${shown(v)}' is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(v);
  }

  bool(column: string, fallback: boolean): boolean {
    const v = (this.record.values[column] ?? '').trim().toLowerCase();
    if (v === '') return fallback;
    if (['true', 'yes', 'y', '1', '是'].includes(v)) return true;
    if (['false', 'no', 'n', '0', '否'].includes(v)) return false;
    this.problems.push(`${column}: '${shown(v)}' is not yes/no`);
    return fallback;
  }

  date(column: string): string | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return null;
    if (isCalendarDate(v)) return v;
    this.problems.push(`${column}: '${shown(v)}' is not a date YYYY-MM-DD`);
    return null;
  }

  /** ISO 8601 with an offset, or a bare date (taken as midnight China time). */
  instant(column: string): Date | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return null;
    const d = parseConsentTime(v);
    if (d) return d;
    this.problems.push(`${column}: '${shown(v)}' is not a date or ISO time with offset`);
    return null;
  }

  pattern(column: string, re: RegExp, what: string, required: boolean): string | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '' && !required) return null;
    if (re.test(v)) return v;
    this.problems.push(`${column}: '${shown(v)}' ${v === '' ? 'is required' : `is not ${what}`}`);
    return null;
  }
}

export function validate<T>(
  records: readonly CsvRecord[],
  key: (row: T) => string,
  build: (c: LineCheck) => T | null,
): RowsResult<T> {
  const errors: string[] = [];
  const rows: Lined<T>[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    const check = new LineCheck(record);
    const row = build(check);
    if (check.problems.length || !row) {
      errors.push(...check.problems.map((p) => `line ${record.line}: ${p}`));
      continue;
    }
    const k = key(row);
    const seen = firstLine.get(k);
    if (seen !== undefined) errors.push(`line ${record.line}: duplicate of line ${seen} (${k})`);
    else firstLine.set(k, record.line);
    rows.push({ ...row, line: record.line });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
