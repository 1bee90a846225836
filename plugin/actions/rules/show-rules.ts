// The rules in force: what the administrator stored, every default filled in. For `numpool rules
// show` and the panel; stored rules that no longer validate are NUMPOOL_STORED_SETTINGS_INVALID.
import type { Rules } from '../../domain/rules/rules.ts';
import { loadRules } from '../../store/reference/reference-repository.ts';
import type { ActionContext } from '../action-context.ts';

export function showRules(ctx: ActionContext): Promise<Rules> {
  return loadRules(ctx.db.knex);
}
