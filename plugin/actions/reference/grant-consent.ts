// Records a callee's marketing consent (C6): when it was given, until when, where it came from and
// the evidence. A new grant replaces an earlier or revoked one. Audited. `numpool consent grant`.
import { AppError } from '../../errors/index.ts';
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { findConsent, saveConsent, type Consent } from '../../store/reference/consent-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { calleeE164, optionalText } from './reference-input.ts';

export interface ConsentGrant {
  callee: string;
  /** When the callee agreed; now when not given. */
  grantedAt?: Date;
  /** null or absent: no end date. */
  expiresAt?: Date | null;
  evidence?: string | null;
  /** Where the consent was collected (crm, web form…); 'cli' when not given. */
  source?: string | null;
}

export async function grantConsent(ctx: ActionContext, input: ConsentGrant): Promise<Consent> {
  const e164 = calleeE164(input.callee);
  const grantedAt = input.grantedAt ?? ctx.now();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt <= grantedAt)
    throw new AppError('NUMPOOL_INVALID_INPUT', 'the consent must expire after it was granted');
  const consent = {
    calleeE164: e164,
    grantedAt,
    expiresAt,
    evidence: optionalText('evidence', input.evidence, 1000),
    source: optionalText('source', input.source, 32) ?? 'cli',
  };
  await inTransaction(ctx.db, async (tx) => {
    const before = await findConsent(tx, e164);
    await saveConsent(tx, consent);
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'grant',
      entity: 'consent',
      entityId: e164,
      ...(before ? { before } : {}),
      after: consent,
      at: ctx.now(),
    });
  });
  ctx.logger.info({ callee: e164 }, 'consent granted');
  return { ...consent, revokedAt: null };
}
