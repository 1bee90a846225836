// Stable reason codes for blocked calls (C8). Codes never change meaning: dialplans, CDRs, the
// CRM and the panel key on them. Each rule supplies the human message for its own block.

export const BLOCK_REASONS = [
  'INVALID_NUMBER',
  'DNC',
  'AGENT_NOT_ALLOWED',
  'NO_CONSENT',
  'HOLIDAY',
  'OUTSIDE_WINDOW',
  'CALLEE_INTERVAL',
  'CALLEE_30D_LIMIT',
  'CALLEE_FREQUENCY',
  'NO_NUMBER_AVAILABLE',
] as const;

export type BlockReason = (typeof BLOCK_REASONS)[number];

/** One-line descriptions for documentation, the panel legend and `numpool decide`. */
export const BLOCK_REASON_SUMMARY: Readonly<Record<BlockReason, string>> = {
  INVALID_NUMBER: 'the dialed number is not a valid Chinese phone number',
  DNC: 'the callee is on the do-not-call list',
  AGENT_NOT_ALLOWED: 'the agent may not place calls of this purpose (marketing needs a trained agent)',
  NO_CONSENT: 'marketing call without recorded marketing consent',
  HOLIDAY: 'statutory holiday in the callee’s calendar',
  OUTSIDE_WINDOW: 'outside the allowed calling hours in the callee’s time zone',
  CALLEE_INTERVAL: 'the callee was called too recently (default: once per 24 h)',
  CALLEE_30D_LIMIT: 'the callee reached the 30-day call limit (default: 3)',
  CALLEE_FREQUENCY: 'the callee reached a configured call-frequency limit',
  NO_NUMBER_AVAILABLE: 'no pool number is eligible (purpose, state, route) and under its daily cap',
};
