// `numpool settings show|set health|mark-provider`: the pool-health settings (thresholds, learning
// strategy per sub-pool) and the HTTP mark provider, validated like the panel will validate them.
import { readFile } from 'node:fs/promises';
import type { Core } from '../core.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import {
  loadHealthSettings,
  loadMarkProviderSettings,
  saveHealthSettings,
  saveMarkProviderSettings,
} from '../store/health/health-settings-repository.ts';
import { UsageError } from './admin-commands.ts';

type Out = (text: string) => void;

const USAGE = 'settings needs: show health|mark-provider | set health|mark-provider FILE.json';

export async function settingsCommand(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
): Promise<number> {
  const [action, which, file, ...extra] = args;
  if (extra.length || (which !== 'health' && which !== 'mark-provider')) throw new UsageError(USAGE);
  const knex = core.db.knex;
  if (action === 'show' && file === undefined) {
    if (which === 'health') {
      out(JSON.stringify(await loadHealthSettings(knex), null, 2));
      return 0;
    }
    const provider = await loadMarkProviderSettings(knex);
    // Header values carry credentials: shown masked, never printed.
    out(
      provider
        ? JSON.stringify({ ...provider, headers: maskValues(provider.headers) }, null, 2)
        : 'no mark provider configured',
    );
    return 0;
  }
  if (action === 'set' && file !== undefined) {
    let input: unknown;
    try {
      input = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`${file} is not readable JSON: ${(err as Error).message}`);
    }
    if (which === 'health') await saveHealthSettings(knex, input, actor, now);
    else await saveMarkProviderSettings(knex, input, actor, now);
    out(`${which} settings saved from ${file}`);
    return 0;
  }
  throw new UsageError(USAGE);
}

function maskValues(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.keys(headers ?? {}).map((k) => [k, '***']));
}
