// Pool-health settings (settings key 'health') and the HTTP mark provider's settings (key
// 'mark_provider'), validated on every load: the jobs read them at the start of each run.
import type { Knex } from 'knex';
import { parseHealthSettings, type HealthSettings } from '../../domain/health/health-settings.ts';
import { AppError } from '../../errors/index.ts';
import {
  parseHttpMarkProviderSettings,
  type HttpMarkProviderSettings,
} from '../../marks/http-provider-settings.ts';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { toDbTime } from '../connection/db-time.ts';

export const HEALTH_SETTINGS_KEY = 'health';
export const MARK_PROVIDER_KEY = 'mark_provider';

/** The stored settings with defaults filled in; the defaults when nothing is stored. */
export async function loadHealthSettings(knex: Knex): Promise<HealthSettings> {
  const parsed = parseHealthSettings(await readJson(knex, HEALTH_SETTINGS_KEY));
  if (!parsed.ok) {
    throw new AppError(
      'NUMPOOL_STORED_SETTINGS_INVALID',
      `stored health settings are invalid: ${parsed.problems.join('; ')}`,
    );
  }
  return parsed.settings;
}

/** The configured HTTP mark provider, or null when none is configured. */
export async function loadMarkProviderSettings(knex: Knex): Promise<HttpMarkProviderSettings | null> {
  const stored = await readJson(knex, MARK_PROVIDER_KEY);
  if (stored === undefined) return null;
  const parsed = parseHttpMarkProviderSettings(stored);
  if (!parsed.ok) {
    throw new AppError(
      'NUMPOOL_STORED_SETTINGS_INVALID',
      `stored mark provider settings are invalid: ${parsed.problems.join('; ')}`,
    );
  }
  return parsed.settings;
}

export async function saveHealthSettings(
  knex: Knex,
  value: unknown,
  actor: Actor,
  now: Date,
): Promise<HealthSettings> {
  const parsed = parseHealthSettings(value);
  if (!parsed.ok) throw new AppError('NUMPOOL_HEALTH_SETTINGS_INVALID', parsed.problems.join('; '));
  await writeJson(knex, HEALTH_SETTINGS_KEY, value ?? {}, actor, now);
  return parsed.settings;
}

export async function saveMarkProviderSettings(
  knex: Knex,
  value: unknown,
  actor: Actor,
  now: Date,
): Promise<void> {
  const parsed = parseHttpMarkProviderSettings(value);
  if (!parsed.ok) throw new AppError('NUMPOOL_MARK_PROVIDER_INVALID', parsed.problems.join('; '));
  await writeJson(knex, MARK_PROVIDER_KEY, value, actor, now);
}

async function readJson(knex: Knex, key: string): Promise<unknown> {
  const row = (await knex('settings').where({ key }).first('value')) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
}

/** Stores what the administrator wrote (defaults are filled at load), audited with before/after. */
async function writeJson(knex: Knex, key: string, value: unknown, actor: Actor, now: Date): Promise<void> {
  const json = JSON.stringify(value);
  const at = toDbTime(now);
  await knex.transaction(async (trx) => {
    const before = await readJson(trx, key);
    await trx('settings')
      .insert({ key, value: json, version: 1, updated_by: actor.name, updated_at: at })
      .onConflict('key')
      .merge({
        value: json,
        version: trx.raw('?? + 1', ['settings.version']),
        updated_by: actor.name,
        updated_at: at,
      });
    await appendAudit(trx, {
      actor,
      action: 'update',
      entity: 'settings',
      entityId: key,
      before: before ?? null,
      after: value,
      at: now,
    });
  });
}
