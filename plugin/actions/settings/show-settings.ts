// The pool-health settings and the HTTP mark provider as they are in force, for `numpool settings
// show` and the panel. The provider's header values carry credentials: they leave masked, always.
import type { HealthSettings } from '../../domain/health/health-settings.ts';
import type { HttpMarkProviderSettings } from '../../marks/http-provider-settings.ts';
import {
  loadHealthSettings,
  loadMarkProviderSettings,
} from '../../store/health/health-settings-repository.ts';
import type { ActionContext } from '../action-context.ts';

export const MASKED = '***';

/** Every default filled in. */
export function showHealthSettings(ctx: ActionContext): Promise<HealthSettings> {
  return loadHealthSettings(ctx.db.knex);
}

/** The configured provider with every header value masked, or null when none is configured. */
export async function showMarkProvider(ctx: ActionContext): Promise<HttpMarkProviderSettings | null> {
  const provider = await loadMarkProviderSettings(ctx.db.knex);
  if (provider === null) return null;
  const headers = Object.fromEntries(Object.keys(provider.headers ?? {}).map((name) => [name, MASKED]));
  return { ...provider, headers };
}
