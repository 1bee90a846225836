// Tells whether a callee is on the do-not-call list, and since when and why. `numpool dnc check`.
import { findDnc, type DncEntry } from '../../store/reference/dnc-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calleeE164 } from './reference-input.ts';

export interface DncStatus {
  e164: string;
  /** null: not on the list. */
  entry: DncEntry | null;
}

export async function checkDnc(ctx: ActionContext, callee: string): Promise<DncStatus> {
  const e164 = calleeE164(callee);
  return { e164, entry: await findDnc(ctx.db.knex, e164) };
}
