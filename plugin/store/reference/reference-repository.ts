// Reads the slowly-changing reference data the decision engine caches: rules, calendar overrides,
// regions, area prefixes, agents and the numbers that may place calls. Rows ↔ domain types here.
import type { Knex } from 'knex';
import { DEFAULT_REGIONS } from '../../domain/areas/area.ts';
import type { AreaPrefixRow } from '../../domain/areas/prefix-index.ts';
import type { CalendarOverride } from '../../domain/calendar/day-kind.ts';
import type { NumberType } from '../../domain/numbers/phone-number.ts';
import type { NumberPurpose, NumberState, NumberTier, PoolNumber } from '../../domain/pool/pool-number.ts';
import type { Agent } from '../../domain/rules/callee-facts.ts';
import { parseRules, type Rules } from '../../domain/rules/rules.ts';
import { AppError } from '../../errors/index.ts';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { fromDbDate, toDbTime } from '../connection/db-time.ts';

const RULES_KEY = 'rules';
const VERSION_KEY = 'reference_version';

export async function loadRules(knex: Knex): Promise<Rules> {
  const row = (await knex('settings').where({ key: RULES_KEY }).first('value')) as
    { value: string } | undefined;
  const parsed = parseRules(row ? JSON.parse(row.value) : {});
  if (!parsed.ok) {
    throw new AppError(
      'NUMPOOL_STORED_SETTINGS_INVALID',
      `stored rules are invalid: ${parsed.problems.join('; ')}`,
    );
  }
  return parsed.rules;
}

/** Validates and stores the administrator's rules (what they wrote, defaults filled at load), audited. */
export async function saveRules(knex: Knex, rules: unknown, actor: Actor, now: Date): Promise<Rules> {
  const parsed = parseRules(rules);
  if (!parsed.ok) throw new AppError('NUMPOOL_RULES_INVALID', parsed.problems.join('; '));
  const value = JSON.stringify(rules ?? {});
  await knex.transaction(async (trx) => {
    const before = (await trx('settings').where({ key: RULES_KEY }).first('value')) as
      { value: string } | undefined;
    await trx('settings')
      .insert({ key: RULES_KEY, value, version: 1, updated_by: actor.name, updated_at: toDbTime(now) })
      .onConflict('key')
      .merge({
        value,
        version: trx.raw('?? + 1', ['settings.version']),
        updated_by: actor.name,
        updated_at: toDbTime(now),
      });
    await appendAudit(trx, {
      actor,
      action: 'update',
      entity: 'rules',
      entityId: null,
      before: before ? (JSON.parse(before.value) as unknown) : null,
      after: rules ?? {},
      at: now,
    });
    await bumpReferenceVersion(trx, actor.name, now);
  });
  return parsed.rules;
}

export async function loadCalendarOverrides(knex: Knex): Promise<Map<string, CalendarOverride>> {
  const rows = (await knex('calendar_overrides').select('date', 'kind', 'name')) as {
    date: string;
    kind: 'holiday' | 'workday';
    name: string | null;
  }[];
  return new Map(
    rows.map((r) => [fromDbDate(r.date)!, { date: fromDbDate(r.date)!, kind: r.kind, name: r.name }]),
  );
}

export async function loadRegions(knex: Knex): Promise<Record<string, string>> {
  const rows = (await knex('regions').select('province', 'region')) as { province: string; region: string }[];
  return { ...DEFAULT_REGIONS, ...Object.fromEntries(rows.map((r) => [r.province, r.region])) };
}

export async function loadAreaPrefixes(knex: Knex): Promise<AreaPrefixRow[]> {
  return (await knex('area_prefixes').select(
    'prefix',
    'province',
    'city',
    knex.ref('area_code').as('areaCode'),
    'carrier',
  )) as AreaPrefixRow[];
}

export async function loadAgents(knex: Knex): Promise<Map<string, Agent>> {
  const rows = (await knex('agents').select('id', 'marketing_trained', 'active')) as {
    id: string;
    marketing_trained: number | boolean;
    active: number | boolean;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, marketingTrained: Boolean(r.marketing_trained), active: Boolean(r.active) },
    ]),
  );
}

/** The `numbers` columns selection needs; other repositories extend it. */
export interface NumberRow {
  id: number;
  e164: string;
  type: NumberType;
  purpose: NumberPurpose;
  tier: NumberTier;
  state: NumberState;
  daily_cap: number;
  warmup_cap: number;
  route: string | null;
  province: string | null;
  city: string | null;
  region: string | null;
  answer_rate: number | null;
}

/** The numbers that can place calls now; others never enter the selection index. */
export async function loadCallingNumbers(knex: Knex): Promise<PoolNumber[]> {
  const rows = (await knex('numbers')
    .select(
      'id',
      'e164',
      'type',
      'purpose',
      'tier',
      'state',
      'daily_cap',
      'warmup_cap',
      'route',
      'province',
      'city',
      'region',
      'answer_rate',
    )
    .where('tier', 'main')
    .whereIn('state', ['active', 'warming'])) as NumberRow[];
  return rows.map(toPoolNumber);
}

/** One `numbers` row as the pool number selection sees. */
export function toPoolNumber(r: NumberRow): PoolNumber {
  return {
    id: Number(r.id),
    e164: r.e164,
    type: r.type,
    purpose: r.purpose,
    tier: r.tier,
    state: r.state,
    dailyCap: Number(r.daily_cap),
    warmupCap: Number(r.warmup_cap),
    route: r.route,
    province: r.province,
    city: r.city,
    region: r.region,
    answerRate: r.answer_rate === null ? null : Number(r.answer_rate),
  };
}

/** Every write to reference data bumps this counter; each process's cache polls it. */
export async function readReferenceVersion(knex: Knex): Promise<number> {
  const row = (await knex('settings').where({ key: VERSION_KEY }).first('version')) as
    { version: number } | undefined;
  return row ? Number(row.version) : 0;
}

export async function bumpReferenceVersion(knex: Knex, actor: string, now: Date): Promise<void> {
  await knex('settings')
    .insert({ key: VERSION_KEY, value: '{}', version: 1, updated_by: actor, updated_at: toDbTime(now) })
    .onConflict('key')
    .merge({
      version: knex.raw('?? + 1', ['settings.version']),
      updated_by: actor,
      updated_at: toDbTime(now),
    });
}
