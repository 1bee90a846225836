// Puts a callee on the do-not-call list (C5) from the CLI or the panel, with an optional reason.
// A callee already listed keeps its first entry. Audited (dnc-repository). `numpool dnc add`.
import type { DncEntry, DncSource } from '../../store/reference/dnc-repository.ts';
import { addToDnc, findDnc } from '../../store/reference/dnc-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calleeE164, optionalText } from './reference-input.ts';

export interface DncAdd {
  callee: string;
  reason?: string | null;
  source: Extract<DncSource, 'cli' | 'panel' | 'api'>;
}

/** `added` false: the callee was listed already; `entry` is the entry in force either way. */
export interface DncAdded {
  added: boolean;
  entry: DncEntry;
}

export async function addDnc(ctx: ActionContext, input: DncAdd): Promise<DncAdded> {
  const e164 = calleeE164(input.callee);
  const reason = optionalText('reason', input.reason, 255);
  const added = await addToDnc(ctx.db.knex, {
    calleeE164: e164,
    reason,
    source: input.source,
    actor: ctx.actor,
    at: ctx.now(),
  });
  const entry = await findDnc(ctx.db.knex, e164);
  if (!entry) throw new Error(`DNC entry for ${e164} vanished after it was added`);
  ctx.logger.info({ callee: e164, added }, 'DNC add');
  return { added, entry };
}
