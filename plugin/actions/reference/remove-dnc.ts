// Takes a callee off the do-not-call list: only with a reason (the callee asked to be called
// again, a wrong entry…), audited with the entry removed. `numpool dnc remove`.
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { deleteDnc, findDnc, type DncEntry } from '../../store/reference/dnc-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calleeE164, requiredText } from './reference-input.ts';

export interface DncRemove {
  callee: string;
  reason: string;
}

/** `removed` null: the callee was not on the list, nothing changed. */
export interface DncRemoved {
  e164: string;
  removed: DncEntry | null;
}

export async function removeDnc(ctx: ActionContext, input: DncRemove): Promise<DncRemoved> {
  const e164 = calleeE164(input.callee);
  const reason = requiredText('reason', input.reason, 255);
  const now = ctx.now();
  const removed = await inTransaction(ctx.db, async (tx) => {
    const entry = await findDnc(tx, e164);
    if (!entry || !(await deleteDnc(tx, e164))) return null;
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'remove',
      entity: 'dnc',
      entityId: e164,
      before: { reason: entry.reason, source: entry.source, addedBy: entry.addedBy, addedAt: entry.addedAt },
      after: { reason },
      at: now,
    });
    return entry;
  });
  ctx.logger.info({ callee: e164, removed: removed !== null }, 'DNC remove');
  return { e164, removed };
}
