// Validates CSV records for each import kind into typed rows, collecting every problem with its
// line number. Nothing is written unless every line is valid.
import { normalizeCity, normalizeProvince } from '../domain/areas/area.ts';
import { isCalendarDate } from '../domain/calendar/local-time.ts';
import { parsePhoneNumber, type PhoneNumber } from '../domain/numbers/phone-number.ts';
import {
  NUMBER_PURPOSES,
  NUMBER_STATES,
  NUMBER_TIERS,
  type NumberPurpose,
  type NumberState,
  type NumberTier,
} from '../domain/pool/pool-number.ts';
import { defaultDailyCap, DEFAULT_WARMUP_CAP } from '../domain/pool/number-caps.ts';
import type { CsvRecord } from './csv-table.ts';

export const IMPORT_KINDS = ['numbers', 'agents', 'dnc', 'consents'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_COLUMNS: Readonly<
  Record<ImportKind, { required: readonly string[]; optional: readonly string[] }>
> = {
  numbers: {
    required: ['number', 'purpose'],
    optional: [
      'tier',
      'state',
      'daily_cap',
      'warmup_cap',
      'carrier',
      'province',
      'city',
      'route',
      'acquired_on',
      'notes',
    ],
  },
  agents: { required: ['id'], optional: ['name', 'marketing_trained', 'active', 'team'] },
  dnc: { required: ['number'], optional: ['reason'] },
  consents: { required: ['number', 'granted_at'], optional: ['expires_at', 'evidence', 'source'] },
};

export interface NumberImportRow {
  number: PhoneNumber;
  purpose: NumberPurpose;
  tier: NumberTier;
  state: NumberState;
  dailyCap: number;
  warmupCap: number;
  carrier: string | null;
  /** From the file when given, else resolved from the number by the importer. */
  province: string | null;
  city: string | null;
  route: string | null;
  acquiredOn: string | null;
  notes: string | null;
}
export interface AgentImportRow {
  id: string;
  name: string | null;
  marketingTrained: boolean;
  active: boolean;
  team: string | null;
}
export interface DncImportRow {
  number: PhoneNumber;
  reason: string | null;
}
export interface ConsentImportRow {
  number: PhoneNumber;
  grantedAt: Date;
  expiresAt: Date | null;
  evidence: string | null;
  source: string;
}

export type RowsResult<T> = { ok: true; rows: T[] } | { ok: false; errors: string[] };

/** Collects one record's problems; `take` returns the value or records the error. */
class LineCheck {
  readonly problems: string[] = [];
  constructor(private readonly record: CsvRecord) {}

  text(column: string, max: number): string | null {
    const v = this.record.values[column]?.trim() ?? '';
    if (v.length > max) this.problems.push(`${column}: longer than ${max} characters`);
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
    this.problems.push(`${column}: '${v.slice(0, 40)}' is not one of ${allowed.join(' | ')}`);
    return null;
  }

  int(column: string, min: number, max: number, fallback: number): number {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return fallback;
    if (!/^\d{1,6}$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${column}: '${v.slice(0, 40)}' is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(v);
  }

  bool(column: string, fallback: boolean): boolean {
    const v = (this.record.values[column] ?? '').trim().toLowerCase();
    if (v === '') return fallback;
    if (['true', 'yes', 'y', '1', '是'].includes(v)) return true;
    if (['false', 'no', 'n', '0', '否'].includes(v)) return false;
    this.problems.push(`${column}: '${v.slice(0, 40)}' is not yes/no`);
    return fallback;
  }

  date(column: string): string | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return null;
    if (isCalendarDate(v)) return v;
    this.problems.push(`${column}: '${v.slice(0, 40)}' is not a date YYYY-MM-DD`);
    return null;
  }

  /** ISO 8601 with an offset, or a bare date (taken as midnight China time). */
  instant(column: string): Date | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '') return null;
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v;
    const valid =
      /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso) &&
      isCalendarDate(iso.slice(0, 10));
    const d = new Date(iso.replace(' ', 'T'));
    if (valid && !Number.isNaN(d.getTime())) return d;
    this.problems.push(`${column}: '${v.slice(0, 40)}' is not a date or ISO time with offset`);
    return null;
  }

  pattern(column: string, re: RegExp, what: string, required: boolean): string | null {
    const v = (this.record.values[column] ?? '').trim();
    if (v === '' && !required) return null;
    if (re.test(v)) return v;
    this.problems.push(`${column}: '${v.slice(0, 40)}' ${v === '' ? 'is required' : `is not ${what}`}`);
    return null;
  }
}

function validate<T>(
  records: readonly CsvRecord[],
  key: (row: T) => string,
  build: (c: LineCheck) => T | null,
): RowsResult<T> {
  const errors: string[] = [];
  const rows: T[] = [];
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
    rows.push(row);
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

const ROUTE = /^[A-Za-z0-9_.-]{1,64}$/;

export function validateNumberRows(records: readonly CsvRecord[]): RowsResult<NumberImportRow> {
  return validate(
    records,
    (r) => r.number.e164,
    (c) => {
      const number = c.phone('number');
      const purpose = c.oneOf('purpose', NUMBER_PURPOSES);
      const tier = c.oneOf('tier', NUMBER_TIERS, 'main');
      const state = c.oneOf('state', NUMBER_STATES, 'new');
      const dailyCap = c.int('daily_cap', 1, 1000, number ? defaultDailyCap(number.type) : 20);
      const warmupCap = c.int('warmup_cap', 1, 1000, Math.min(DEFAULT_WARMUP_CAP, dailyCap));
      const provinceText = c.text('province', 32);
      const province = provinceText === null ? null : normalizeProvince(provinceText);
      if (provinceText !== null && province === null)
        c.problems.push(`province: '${provinceText}' is not a Chinese province`);
      const cityText = c.text('city', 32);
      const row = {
        carrier: c.text('carrier', 32),
        city: cityText === null ? null : normalizeCity(cityText),
        route: c.pattern('route', ROUTE, 'a route name (letters, digits, _ . -)', false),
        acquiredOn: c.date('acquired_on'),
        notes: c.text('notes', 1000),
      };
      if (warmupCap > dailyCap) c.problems.push(`warmup_cap: ${warmupCap} is above daily_cap ${dailyCap}`);
      if (!number || !purpose || !tier || !state) return null;
      return { number, purpose, tier, state, dailyCap, warmupCap, province, ...row };
    },
  );
}

export function validateAgentRows(records: readonly CsvRecord[]): RowsResult<AgentImportRow> {
  return validate(
    records,
    (r) => r.id,
    (c) => {
      const id = c.pattern(
        'id',
        /^[A-Za-z0-9_.@-]{1,64}$/,
        'an agent id (letters, digits, _ . @ -, at most 64)',
        true,
      );
      const row = {
        name: c.text('name', 128),
        marketingTrained: c.bool('marketing_trained', false),
        active: c.bool('active', true),
        team: c.text('team', 64),
      };
      return id === null ? null : { id, ...row };
    },
  );
}

export function validateDncRows(records: readonly CsvRecord[]): RowsResult<DncImportRow> {
  return validate(
    records,
    (r) => r.number.e164,
    (c) => {
      const number = c.phone('number');
      const reason = c.text('reason', 255);
      return number ? { number, reason } : null;
    },
  );
}

export function validateConsentRows(records: readonly CsvRecord[]): RowsResult<ConsentImportRow> {
  return validate(
    records,
    (r) => r.number.e164,
    (c) => {
      const number = c.phone('number');
      const grantedAt = c.instant('granted_at');
      if (grantedAt === null && !c.problems.some((p) => p.startsWith('granted_at')))
        c.problems.push('granted_at: is required');
      const expiresAt = c.instant('expires_at');
      if (grantedAt && expiresAt && expiresAt <= grantedAt)
        c.problems.push('expires_at: must be after granted_at');
      const evidence = c.text('evidence', 1000);
      const source = c.text('source', 32) ?? 'import';
      return number && grantedAt ? { number, grantedAt, expiresAt, evidence, source } : null;
    },
  );
}
