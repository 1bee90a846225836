// What the engine knows about an agent and a callee when it decides (C5–C7).

export interface Agent {
  id: string;
  marketingTrained: boolean;
  active: boolean;
}

export interface DncEntry {
  reason: string | null;
  source: string;
  addedAt: Date;
}

export interface Consent {
  grantedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CalleeFacts {
  dnc: DncEntry | null;
  consent: Consent | null;
}

export function consentValidAt(consent: Consent | null, now: Date): boolean {
  if (!consent) return false;
  if (consent.revokedAt && consent.revokedAt <= now) return false;
  if (consent.expiresAt && consent.expiresAt <= now) return false;
  return consent.grantedAt <= now;
}
