// What numpool tells the channel for each decision: the variables to set, in order, and where
// to continue in the numpool dialplan. Pure; the dialplan file documents the same contract.
import type { Decision } from '../domain/decision.ts';
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import type { Rules } from '../domain/rules/rules.ts';

export interface ChannelInstructions {
  variables: [name: string, value: string][];
  /** Dialplan label to continue at; undefined = the next priority (the dial path). */
  label: string | undefined;
}

export interface InstructionContext {
  callId: number | null;
  route: string | null;
  /** The number as dialed (the Stasis argument). */
  dialed: string;
  /** The callee as the decision understood it; {EXTEN} is built from this, so what is dialed is
   * exactly what was checked (DNC, frequency) — never the raw string. */
  calleeE164: string | null;
  dryRun: boolean;
  rules: Pick<Rules, 'routes' | 'callerIdName'>;
}

/** The number as the trunk presents it: national format, landlines with their leading 0. */
export function presentedNumber(e164: string, type: string): string {
  const national = e164.replace(/^\+86/, '');
  return type === 'landline' ? `0${national}` : national;
}

export function instructionsFor(decision: Decision, ctx: InstructionContext): ChannelInstructions {
  const callId: [string, string][] = ctx.callId === null ? [] : [['NUMPOOL_CALL_ID', String(ctx.callId)]];
  if (ctx.dryRun) {
    // Shadow mode (X3): the decision is logged, the call goes out exactly as it would without numpool.
    return {
      variables: [...callId, ['NUMPOOL_SHADOW', shadowSummary(decision)], ['NUMPOOL_RESULT', 'ALLOWED']],
      label: undefined,
    };
  }
  if (decision.kind === 'blocked') {
    return {
      variables: [...callId, ['NUMPOOL_RESULT', 'BLOCKED'], ['NUMPOOL_REASON', decision.reason]],
      label: 'blocked',
    };
  }
  const presented = presentedNumber(decision.number.e164, decision.number.type);
  return {
    variables: [
      ...callId,
      ['CALLERID(num)', presented],
      ['CALLERID(name)', ctx.rules.callerIdName || presented],
      ['NUMPOOL_ROUTE', ctx.route ?? ''],
      ['NUMPOOL_DIAL', dialString(ctx)],
      ['NUMPOOL_RESULT', 'ALLOWED'],
    ],
    label: undefined,
  };
}

/** The route's dial string with the checked number filled in; empty = the dialplan's default route. */
export function dialString(
  ctx: Pick<InstructionContext, 'route' | 'dialed' | 'calleeE164' | 'rules'>,
): string {
  const template = ctx.route === null ? undefined : ctx.rules.routes[ctx.route];
  if (!template) return '';
  return template.split('{EXTEN}').join(trunkDigits(ctx.calleeE164, ctx.dialed));
}

/** Domestic dialing digits of the checked callee: landlines with their 0, mobiles and 95/400 as is. */
function trunkDigits(calleeE164: string | null, dialed: string): string {
  const parsed = calleeE164 === null ? null : parsePhoneNumber(calleeE164);
  if (!parsed?.ok) return dialed.replace(/[^0-9*#+]/g, '');
  return parsed.number.type === 'landline' ? `0${parsed.number.national}` : parsed.number.national;
}

/**
 * Failure of numpool itself (deadline, database down, late, overloaded): the dialplan's fail policy
 * decides. A label per reason and no variables: Asterisk blocks the dialplan's later DB() writes
 * (the unchecked-call record) on a channel whose variables were set over ARI.
 */
export function failureInstructions(reason: 'TIMEOUT' | 'ERROR' | 'OVERLOAD' | 'LATE'): ChannelInstructions {
  return { variables: [], label: reason.toLowerCase() };
}

/** Bad input is not an outage: the call is refused, whatever the fail policy. */
export function refusalInstructions(reason: 'BAD_ARGS'): ChannelInstructions {
  return {
    variables: [
      ['NUMPOOL_RESULT', 'BLOCKED'],
      ['NUMPOOL_REASON', reason],
    ],
    label: 'blocked',
  };
}

function shadowSummary(decision: Decision): string {
  return decision.kind === 'allowed' ? `ALLOWED ${decision.number.e164}` : `BLOCKED ${decision.reason}`;
}
