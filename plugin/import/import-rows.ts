// Validates CSV records for each import kind into typed rows, collecting every problem with its
// line number (and, for free text, its column; see line-check.ts). Nothing is written unless every
// line is valid. Used by the import action (actions/imports/import-csv.ts). Pure.
import { normalizeCity, normalizeProvince } from '../domain/areas/area.ts';
import type { PhoneNumber } from '../domain/numbers/phone-number.ts';
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
import { validate, type RowsResult } from './line-check.ts';

export { parseConsentTime, type Lined, type RowsResult } from './line-check.ts';

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
