// The pool number a supervisor names as agents type it ('010-8888 0001', '+861088880001'): the first
// step of every number, mark and appeal action.
import { parsePhoneNumber } from '../../domain/numbers/phone-number.ts';
import { AppError } from '../../errors/index.ts';
import type { Queryable } from '../../store/connection/database.ts';
import { loadHealthNumbers, type HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import type { ActionContext } from '../action-context.ts';

/** NUMPOOL_INVALID_INPUT when `input` is no phone number at all, NUMPOOL_NUMBER_UNKNOWN when not in the pool. */
export async function findPoolNumber(
  ctx: ActionContext,
  input: string,
  tx: Queryable = ctx.db.knex,
): Promise<HealthNumber> {
  const parsed = parsePhoneNumber(input);
  if (!parsed.ok) throw new AppError('NUMPOOL_INVALID_INPUT', `NUMBER ${parsed.error.message}`);
  const { e164 } = parsed.number;
  const found = (await loadHealthNumbers(tx)).find((n) => n.e164 === e164);
  if (found === undefined) throw new AppError('NUMPOOL_NUMBER_UNKNOWN', `number ${e164} is not in the pool`);
  return found;
}
