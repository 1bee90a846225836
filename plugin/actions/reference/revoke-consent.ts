// Withdraws a callee's marketing consent (C6) from now on, with the reason (the callee withdrew
// it, the evidence was wrong…). The record stays, marked revoked, and the change is audited.
// `numpool consent revoke`.
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { findConsent, revokeConsent as markRevoked } from '../../store/reference/consent-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calleeE164, requiredText } from './reference-input.ts';

export interface ConsentRevoke {
  callee: string;
  reason: string;
}

/** `revoked` false: there was no consent in force, nothing changed. */
export interface ConsentRevoked {
  e164: string;
  revoked: boolean;
}

export async function revokeConsent(ctx: ActionContext, input: ConsentRevoke): Promise<ConsentRevoked> {
  const e164 = calleeE164(input.callee);
  const reason = requiredText('reason', input.reason, 255);
  const now = ctx.now();
  const revoked = await inTransaction(ctx.db, async (tx) => {
    const before = await findConsent(tx, e164);
    if (!before || !(await markRevoked(tx, e164, now))) return false;
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'revoke',
      entity: 'consent',
      entityId: e164,
      before,
      after: { revokedAt: now, reason },
      at: now,
    });
    return true;
  });
  ctx.logger.info({ callee: e164, revoked }, 'consent revoke');
  return { e164, revoked };
}
