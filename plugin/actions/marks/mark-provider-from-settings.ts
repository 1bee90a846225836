// The mark provider a mark check asks: the HTTP/JSON provider stored under settings key
// 'mark_provider', built afresh per run so settings changes apply. Used by the health jobs' wiring.
import type { MarkProvider } from '../../domain/marks/mark-provider.ts';
import { HttpMarkProvider } from '../../marks/http-mark-provider.ts';
import type { Database } from '../../store/connection/database.ts';
import { loadMarkProviderSettings } from '../../store/health/health-settings-repository.ts';

/** null when no provider is configured. */
export async function markProviderFromSettings(db: Database): Promise<MarkProvider | null> {
  const settings = await loadMarkProviderSettings(db.knex);
  return settings === null ? null : new HttpMarkProvider(settings);
}
