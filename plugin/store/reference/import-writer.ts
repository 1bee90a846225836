// Writes validated import rows inside the import action's transaction (all or nothing), upserting
// by natural key, with a reference-version bump for cached data. The action writes the audit.
import type { Knex } from 'knex';
import type { Area } from '../../domain/areas/area.ts';
import type {
  AgentImportRow,
  ConsentImportRow,
  DncImportRow,
  NumberImportRow,
} from '../../import/import-rows.ts';
import type { Actor } from '../audit/audit-log.ts';
import { toDbTime } from '../connection/db-time.ts';
import { bumpReferenceVersion } from './reference-repository.ts';

export interface WriteCounts {
  inserted: number;
  updated: number;
}

const CHUNK = 500;

async function existingKeys(trx: Knex, table: string, column: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = (await trx(table)
      .whereIn(column, keys.slice(i, i + CHUNK))
      .select(column)) as Record<string, string>[];
    for (const r of rows) found.add(String(r[column]));
  }
  return found;
}

async function upsert(
  trx: Knex,
  table: string,
  key: string[],
  rows: Record<string, unknown>[],
  mergeColumns: string[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx(table)
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(key)
      .merge(mergeColumns);
  }
}

export async function writeNumbers(
  trx: Knex,
  rows: readonly (NumberImportRow & { area: Area })[],
  actor: Actor,
  now: Date,
): Promise<WriteCounts> {
  const at = toDbTime(now);
  const existing = await existingKeys(
    trx,
    'numbers',
    'e164',
    rows.map((r) => r.number.e164),
  );
  const records = rows.map((r) => ({
    e164: r.number.e164,
    national: r.number.national,
    type: r.number.type,
    carrier: r.carrier,
    province: r.area.province,
    city: r.area.city,
    area_code: r.area.areaCode,
    region: r.area.region,
    purpose: r.purpose,
    tier: r.tier,
    state: r.state,
    daily_cap: r.dailyCap,
    warmup_cap: r.warmupCap,
    route: r.route,
    acquired_on: r.acquiredOn,
    state_changed_at: at,
    notes: r.notes,
    created_at: at,
    updated_at: at,
  }));
  // An import never moves an existing number through its lifecycle: state changes are recorded
  // transitions (L1), so only inventory fields are updated.
  const merge = [
    'carrier',
    'province',
    'city',
    'area_code',
    'region',
    'purpose',
    'tier',
    'daily_cap',
    'warmup_cap',
    'route',
    'acquired_on',
    'notes',
    'updated_at',
  ];
  await upsert(trx, 'numbers', ['e164'], records, merge);
  const fresh = rows.filter((r) => !existing.has(r.number.e164));
  if (fresh.length) {
    const ids = new Map<string, number>();
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK).map((r) => r.number.e164);
      const found = (await trx('numbers').whereIn('e164', chunk).select('id', 'e164')) as {
        id: number;
        e164: string;
      }[];
      for (const f of found) ids.set(f.e164, Number(f.id));
    }
    const history = fresh.map((r) => ({
      number_id: ids.get(r.number.e164),
      from_state: null,
      to_state: r.state,
      actor_kind: actor.kind,
      actor: actor.name,
      reason: 'imported',
      at,
    }));
    for (let i = 0; i < history.length; i += CHUNK)
      await trx('number_state_history').insert(history.slice(i, i + CHUNK));
  }
  const counts = { inserted: fresh.length, updated: rows.length - fresh.length };
  await bumpReferenceVersion(trx, actor.name, now);
  return counts;
}

export async function writeAgents(
  trx: Knex,
  rows: readonly AgentImportRow[],
  actor: Actor,
  now: Date,
): Promise<WriteCounts> {
  const at = toDbTime(now);
  const existing = await existingKeys(
    trx,
    'agents',
    'id',
    rows.map((r) => r.id),
  );
  const records = rows.map((r) => ({
    id: r.id,
    name: r.name,
    marketing_trained: r.marketingTrained,
    active: r.active,
    team: r.team,
    created_at: at,
    updated_at: at,
  }));
  await upsert(trx, 'agents', ['id'], records, ['name', 'marketing_trained', 'active', 'team', 'updated_at']);
  const counts = {
    inserted: rows.filter((r) => !existing.has(r.id)).length,
    updated: rows.filter((r) => existing.has(r.id)).length,
  };
  await bumpReferenceVersion(trx, actor.name, now);
  return counts;
}

export async function writeDnc(
  trx: Knex,
  rows: readonly DncImportRow[],
  actor: Actor,
  now: Date,
): Promise<WriteCounts> {
  const at = toDbTime(now);
  const existing = await existingKeys(
    trx,
    'dnc',
    'callee_e164',
    rows.map((r) => r.number.e164),
  );
  const records = rows.map((r) => ({
    callee_e164: r.number.e164,
    reason: r.reason,
    source: 'import',
    added_by: actor.name,
    added_at: at,
  }));
  // A callee already on the list keeps its original entry: the earliest refusal is what counts.
  for (let i = 0; i < records.length; i += CHUNK) {
    await trx('dnc')
      .insert(records.slice(i, i + CHUNK))
      .onConflict('callee_e164')
      .ignore();
  }
  const counts = { inserted: rows.filter((r) => !existing.has(r.number.e164)).length, updated: 0 };
  return counts;
}

export async function writeConsents(trx: Knex, rows: readonly ConsentImportRow[]): Promise<WriteCounts> {
  const existing = await existingKeys(
    trx,
    'consents',
    'callee_e164',
    rows.map((r) => r.number.e164),
  );
  const records = rows.map((r) => ({
    callee_e164: r.number.e164,
    scope: 'marketing',
    granted_at: toDbTime(r.grantedAt),
    expires_at: r.expiresAt ? toDbTime(r.expiresAt) : null,
    revoked_at: null,
    source: r.source,
    evidence: r.evidence,
  }));
  await upsert(trx, 'consents', ['callee_e164', 'scope'], records, [
    'granted_at',
    'expires_at',
    'revoked_at',
    'source',
    'evidence',
  ]);
  const counts = {
    inserted: rows.filter((r) => !existing.has(r.number.e164)).length,
    updated: rows.filter((r) => existing.has(r.number.e164)).length,
  };
  return counts;
}
