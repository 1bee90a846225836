// The appeal a supervisor names by its id, and the refusal every appeal action turns a domain
// refusal into. Used by the appeal actions only.
import type { AppealError } from '../../domain/appeals/appeal.ts';
import { AppError } from '../../errors/index.ts';
import type { Queryable } from '../../store/connection/database.ts';
import { listAppeals, type StoredAppeal } from '../../store/health/appeal-repository.ts';

export async function findAppeal(knex: Queryable, id: number): Promise<StoredAppeal> {
  const found = (await listAppeals(knex)).find((a) => a.id === id);
  if (found === undefined) throw new AppError('NUMPOOL_APPEAL_UNKNOWN', `no appeal #${id}`);
  return found;
}

/** A name that is not on the settings' lists is bad input; any other refusal is the appeal's state. */
export function appealRefusal(error: AppealError): AppError {
  if (error.code === 'UNKNOWN_PLATFORM' || error.code === 'UNKNOWN_MATERIAL')
    return new AppError('NUMPOOL_INVALID_INPUT', error.message);
  return new AppError('NUMPOOL_APPEAL_REFUSED', error.message, { details: { code: error.code } });
}
