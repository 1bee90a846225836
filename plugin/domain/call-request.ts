// What the dialplan (or the CLI) asks numpool for every outbound call.

export const CALL_PURPOSES = ['service', 'marketing', 'urgent'] as const;
export type CallPurpose = (typeof CALL_PURPOSES)[number];

export interface CallRequest {
  /** The number as the agent dialed it; parsed and validated by the engine. */
  callee: string;
  agent: string;
  purpose: CallPurpose;
  /** The route the call must leave on, when the dialplan fixes one; null lets the number choose. */
  route: string | null;
}

export function isCallPurpose(value: string): value is CallPurpose {
  return (CALL_PURPOSES as readonly string[]).includes(value);
}
