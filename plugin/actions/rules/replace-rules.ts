// Replaces the administrator's rules (calling windows, frequency limits, purposes) as a whole:
// validated first, then stored as written (defaults fill in at load) and audited with before and
// after. Every numpool process picks the change up with the reference data. `numpool rules set`.
import { parseRules, type Rules } from '../../domain/rules/rules.ts';
import { AppError } from '../../errors/index.ts';
import { saveRules } from '../../store/reference/reference-repository.ts';
import type { ActionContext } from '../action-context.ts';

/** Returns the rules now in force. */
export async function replaceRules(ctx: ActionContext, rules: unknown): Promise<Rules> {
  const parsed = parseRules(rules);
  if (!parsed.ok) throw new AppError('NUMPOOL_RULES_INVALID', parsed.problems.join('; '));
  await saveRules(ctx.db.knex, rules, ctx.actor, ctx.now());
  ctx.logger.info({ actor: ctx.actor.name }, 'rules replaced');
  return parsed.rules;
}
