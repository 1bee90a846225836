// Reads an uploaded CSV into header-keyed records with line numbers, refusing what would lose data
// silently: non-UTF-8 files (GBK exports from Excel), oversized files, unknown or missing columns.
import { parse } from 'csv-parse/sync';

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 200_000 };

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export type CsvTableResult = { ok: true; records: CsvRecord[] } | { ok: false; errors: string[] };

export function readCsvTable(
  content: Buffer,
  columns: { required: readonly string[]; optional: readonly string[] },
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): CsvTableResult {
  if (content.length > limits.maxBytes) {
    return { ok: false, errors: [`file is ${content.length} bytes; the limit is ${limits.maxBytes}`] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return {
      ok: false,
      errors: ['file is not UTF-8: save it as "CSV UTF-8" (GBK/ANSI exports are not accepted)'],
    };
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (err) {
    return { ok: false, errors: [`not a valid CSV file: ${(err as Error).message}`] };
  }
  const [headerRow, ...body] = rows;
  if (!headerRow) return { ok: false, errors: ['file is empty: a header row is required'] };
  const header = headerRow.record;
  if (body.length > limits.maxRows) {
    return { ok: false, errors: [`file has ${body.length} rows; the limit is ${limits.maxRows}`] };
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  const errors: string[] = [];
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    errors.push(`unknown column(s): ${unknown.join(', ')} (allowed: ${[...known].join(', ')})`);
  const missing = columns.required.filter((c) => !names.includes(c));
  if (missing.length) errors.push(`missing required column(s): ${missing.join(', ')}`);
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicated.length) errors.push(`duplicated column(s): ${duplicated.join(', ')}`);
  if (errors.length) return { ok: false, errors };
  // info.lines is the file line where the record ends: what an editor shows the administrator.
  const records = body.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(names.map((n, j) => [n, record[j] ?? ''])),
  }));
  return { ok: true, records };
}
