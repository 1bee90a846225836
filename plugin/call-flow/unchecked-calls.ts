// Calls that went on without numpool's decision (fail policy, watchdog, late decision, a dialed
// string that is not a number) are logged from the dialplan's durable AstDB record
// numpool/unchecked/<uniqueid>: on each NumpoolResult that says Unchecked, and from AstDB on every
// AMI (re)connect, which catches what happened while numpool was down. The record is deleted once
// the call is in the log. Wired by app.ts.
import type { Area } from '../domain/areas/area.ts';
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import type { Logger } from '../logger.ts';
import type { AmiEvent, NumpoolResultEvent } from '../pbx/ami-events.ts';
import type { Database } from '../store/connection/database.ts';
import { recordUncheckedCall, type UncheckedRecordResult } from '../store/calls/unchecked-call-repository.ts';

export const UNCHECKED_FAMILY = 'numpool/unchecked';
/** A record still "live" after this long lost its hangup (Asterisk restarted mid-call). */
const LIVE_RECORD_GIVE_UP_MS = 6 * 3600_000;

/** One unchecked call as the dialplan reports it (AstDB value or NumpoolResult fields). */
export interface UncheckedReport {
  uniqueId: string;
  ended: boolean;
  startedEpoch: number | null;
  callee: string;
  purpose: string;
  reason: string;
  callerId: string;
  dialStatus: string;
  answeredSeconds: number | null;
  dialedSeconds: number | null;
  hangupCause: number | null;
  agent: string;
}

export interface UncheckedCallsDeps {
  db: Database;
  areas: CalleeAreaResolver;
  logger: Logger;
  now: () => Date;
  /** The site's outside-line digit(s), dropped as the decision drops them. */
  trunkPrefix: () => string;
}

/** The AMI actions reconciliation needs (AmiConnection). */
export interface AstdbActions {
  action(action: Record<string, string>): Promise<AmiEvent>;
  listAction(action: Record<string, string>, completeEvent: string): Promise<AmiEvent[]>;
}

/**
 * `state|start epoch|callee|purpose|reason|caller ID|dial status|answered|dialed|cause|agent`, as
 * numpool.conf writes it; the agent is last because it is the only free-text field.
 */
export function parseUncheckedRecord(uniqueId: string, value: string): UncheckedReport | null {
  const fields = value.split('|');
  if (fields.length < 11) return null;
  const [state, started, callee, purpose, reason, callerId, dialStatus, answered, dialed, cause] = fields;
  if (state !== 'live' && state !== 'ended') return null;
  return {
    uniqueId,
    ended: state === 'ended',
    startedEpoch: wholeNumber(started),
    callee: callee ?? '',
    purpose: purpose ?? '',
    reason: reason ?? '',
    callerId: callerId ?? '',
    dialStatus: dialStatus ?? '',
    answeredSeconds: wholeNumber(answered),
    dialedSeconds: wholeNumber(dialed),
    hangupCause: wholeNumber(cause),
    agent: fields.slice(10).join('|'),
  };
}

export function reportFromResultEvent(e: NumpoolResultEvent): UncheckedReport | null {
  if (!e.uniqueid) return null;
  return {
    uniqueId: e.uniqueid,
    ended: true,
    startedEpoch: e.started,
    callee: e.callee,
    purpose: e.purpose,
    reason: e.reason,
    callerId: e.calleridnum,
    dialStatus: e.dialstatus,
    answeredSeconds: e.answeredtime,
    dialedSeconds: e.dialedtime,
    hangupCause: e.hangupcause,
    agent: e.agent,
  };
}

/** Logs one unchecked call (once, however often it is reported). */
export async function logUncheckedCall(
  serverId: string,
  report: UncheckedReport,
  endedAt: Date | null,
  deps: UncheckedCallsDeps,
): Promise<UncheckedRecordResult> {
  const startedAt = report.startedEpoch === null ? deps.now() : new Date(report.startedEpoch * 1000);
  const placed = await placeCallee(report.callee, deps);
  const result = await recordUncheckedCall(deps.db, {
    serverId,
    uniqueId: report.uniqueId,
    startedAt,
    agent: report.agent,
    calleeInput: report.callee,
    calleeE164: placed?.e164 ?? null,
    area: placed?.area ?? null,
    purpose: report.purpose || 'service',
    reason: report.reason || 'APP_ERROR',
    callerId: report.callerId || null,
    outcome:
      report.ended && endedAt
        ? {
            dialStatus: report.dialStatus,
            talkSeconds: report.answeredSeconds,
            dialedSeconds: report.dialedSeconds,
            hangupCause: report.hangupCause,
            endedAt,
          }
        : null,
  });
  deps.logger.info(
    { server: serverId, uniqueId: report.uniqueId, reason: report.reason, callee: report.callee, result },
    'unchecked call logged',
  );
  return result;
}

/** Logs every finished unchecked call the server holds in AstDB, then deletes those records. */
export async function reconcileUncheckedCalls(
  serverId: string,
  ami: AstdbActions,
  deps: UncheckedCallsDeps,
): Promise<{ logged: number; live: number }> {
  const items = await ami.listAction({ action: 'DBGetTree', family: UNCHECKED_FAMILY }, 'DBGetTreeComplete');
  let logged = 0;
  let live = 0;
  for (const item of items) {
    const key = typeof item.key === 'string' ? item.key : '';
    const uniqueId = key.slice(key.lastIndexOf('/') + 1);
    const report = parseUncheckedRecord(uniqueId, typeof item.val === 'string' ? item.val : '');
    if (!report) {
      deps.logger.warn(
        { server: serverId, key, val: item.val },
        'unreadable unchecked-call record left in AstDB',
      );
      continue;
    }
    const startedMs = (report.startedEpoch ?? 0) * 1000;
    const abandoned = !report.ended && deps.now().getTime() - startedMs > LIVE_RECORD_GIVE_UP_MS;
    if (!report.ended && !abandoned) {
      live++; // still up: its NumpoolResult will log it
      continue;
    }
    const endedAt = report.ended ? new Date(startedMs + (report.dialedSeconds ?? 0) * 1000) : null;
    await logUncheckedCall(serverId, report, endedAt, deps);
    await forgetRecord(ami, uniqueId);
    logged++;
  }
  deps.logger.info({ server: serverId, logged, live }, 'unchecked calls reconciled');
  return { logged, live };
}

/** Deletes the AstDB record once the call is logged (a missing record is fine: already deleted). */
export async function forgetRecord(ami: Pick<AstdbActions, 'action'>, uniqueId: string): Promise<void> {
  await ami.action({ action: 'DBDel', family: UNCHECKED_FAMILY, key: uniqueId }).catch((err: unknown) => {
    // Asterisk answers a missing key with "Database entry could not be deleted".
    if (!/could not be deleted|not found/i.test(String(err))) throw err;
  });
}

async function placeCallee(
  callee: string,
  deps: UncheckedCallsDeps,
): Promise<{ e164: string; area: Area | null } | null> {
  const parsed = parsePhoneNumber(callee, { trunkPrefix: deps.trunkPrefix() });
  if (!parsed.ok) return null;
  return { e164: parsed.number.e164, area: await deps.areas.resolve(parsed.number) };
}

function wholeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,12}$/.test(text.trim())) return null;
  return Number(text.trim());
}
