// Marketing consents (C6), one per callee: granted (or renewed), revoked, looked up and listed for
// the export. Used by actions/reference and actions/exports; the decision reads them in callee-repository.
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-time.ts';

const SCOPE = 'marketing';

export interface Consent {
  calleeE164: string;
  grantedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  source: string;
  evidence: string | null;
}

interface ConsentRow {
  callee_e164: string;
  granted_at: string | Date;
  expires_at: string | Date | null;
  revoked_at: string | Date | null;
  source: string;
  evidence: string | null;
}

const COLUMNS = ['callee_e164', 'granted_at', 'expires_at', 'revoked_at', 'source', 'evidence'];

function toConsent(r: ConsentRow): Consent {
  return {
    calleeE164: r.callee_e164,
    grantedAt: fromDbTime(r.granted_at),
    expiresAt: fromDbTimeOrNull(r.expires_at),
    revokedAt: fromDbTimeOrNull(r.revoked_at),
    source: r.source,
    evidence: r.evidence,
  };
}

/** The callee's consent record (revoked or not), or null when there never was one. */
export async function findConsent(q: Knex, calleeE164: string): Promise<Consent | null> {
  const row = (await q('consents').where({ callee_e164: calleeE164, scope: SCOPE }).first(COLUMNS)) as
    ConsentRow | undefined;
  return row ? toConsent(row) : null;
}

/** Stores a grant, replacing an earlier (possibly revoked) one: the newest grant is what counts. */
export async function saveConsent(q: Knex, consent: Omit<Consent, 'revokedAt'>): Promise<void> {
  const row = {
    callee_e164: consent.calleeE164,
    scope: SCOPE,
    granted_at: toDbTime(consent.grantedAt),
    expires_at: consent.expiresAt ? toDbTime(consent.expiresAt) : null,
    revoked_at: null,
    source: consent.source,
    evidence: consent.evidence,
  };
  await q('consents')
    .insert(row)
    .onConflict(['callee_e164', 'scope'])
    .merge(['granted_at', 'expires_at', 'revoked_at', 'source', 'evidence']);
}

/** Marks the consent revoked at `at`; true when a consent in force was revoked. */
export async function revokeConsent(q: Knex, calleeE164: string, at: Date): Promise<boolean> {
  const updated = await q('consents')
    .where({ callee_e164: calleeE164, scope: SCOPE })
    .whereNull('revoked_at')
    .update({ revoked_at: toDbTime(at) });
  return updated > 0;
}

/** Every consent not revoked (expired ones included: the file says when they expired). */
export async function listConsents(q: Knex): Promise<Consent[]> {
  const rows = (await q('consents')
    .where({ scope: SCOPE })
    .whereNull('revoked_at')
    .orderBy('callee_e164')
    .select(COLUMNS)) as ConsentRow[];
  return rows.map(toConsent);
}
