// Replaces the pool-health settings or the HTTP mark provider: validated first, stored as written
// (defaults fill in at load) and audited. The jobs read them at the start of each run.
// `numpool settings set health|mark-provider` and the panel.
import { parseHealthSettings, type HealthSettings } from '../../domain/health/health-settings.ts';
import { AppError } from '../../errors/index.ts';
import { parseHttpMarkProviderSettings } from '../../marks/http-provider-settings.ts';
import {
  saveHealthSettings,
  saveMarkProviderSettings,
} from '../../store/health/health-settings-repository.ts';
import type { ActionContext } from '../action-context.ts';

/** Returns the settings now in force. */
export async function replaceHealthSettings(ctx: ActionContext, value: unknown): Promise<HealthSettings> {
  const parsed = parseHealthSettings(value);
  if (!parsed.ok) throw new AppError('NUMPOOL_HEALTH_SETTINGS_INVALID', parsed.problems.join('; '));
  await saveHealthSettings(ctx.db.knex, value, ctx.actor, ctx.now());
  ctx.logger.info({ actor: ctx.actor.name }, 'health settings replaced');
  return parsed.settings;
}

export async function replaceMarkProvider(ctx: ActionContext, value: unknown): Promise<void> {
  const parsed = parseHttpMarkProviderSettings(value);
  if (!parsed.ok) throw new AppError('NUMPOOL_MARK_PROVIDER_INVALID', parsed.problems.join('; '));
  await saveMarkProviderSettings(ctx.db.knex, value, ctx.actor, ctx.now());
  ctx.logger.info({ actor: ctx.actor.name }, 'mark provider settings replaced');
}
