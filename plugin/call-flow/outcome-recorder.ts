// Turns AMI events into stored facts: the hangup handler's NumpoolResult becomes the call's
// outcome (or, for a call that went on unchecked, its row); the *77 feature code's NumpoolDnc puts
// the agent's last callee on the DNC list.
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import type { Logger } from '../logger.ts';
import {
  numpoolDncSchema,
  numpoolResultSchema,
  type AmiEvent,
  type NumpoolResultEvent,
} from '../pbx/ami-events.ts';
import { recordOutcome } from '../store/calls/call-outcome-repository.ts';
import { addToDnc } from '../store/reference/dnc-repository.ts';
import type { Queryable } from '../store/connection/database.ts';

export interface OutcomeRecorderDeps {
  knex: Queryable;
  logger: Logger;
  now: () => Date;
  /** The site's outside-line digit(s): the last callee is stored as dialed, and parsed as the decision did. */
  trunkPrefix: () => string;
  /** Logs a call that went on without numpool's decision (unchecked-calls.ts). */
  logUnchecked: (serverId: string, event: NumpoolResultEvent) => Promise<void>;
}

export async function handleAmiEvent(
  serverId: string,
  event: AmiEvent,
  deps: OutcomeRecorderDeps,
): Promise<void> {
  if (event.event !== 'UserEvent') return;
  const result = numpoolResultSchema.safeParse(event);
  if (result.success) {
    await storeResult(serverId, result.data, deps);
    return;
  }
  const dnc = numpoolDncSchema.safeParse(event);
  if (dnc.success) {
    await storeDnc(serverId, dnc.data.agent, dnc.data.lastcallee, deps);
    return;
  }
  if (event.userevent === 'NumpoolResult' || event.userevent === 'NumpoolDnc') {
    deps.logger.warn(
      { server: serverId, event, problems: (result.success ? dnc : result).error?.issues },
      'malformed numpool UserEvent ignored',
    );
  }
}

async function storeResult(
  serverId: string,
  e: ReturnType<typeof numpoolResultSchema.parse>,
  deps: OutcomeRecorderDeps,
): Promise<void> {
  // 1: went on unchecked; 2: and the dialplan kept its AstDB record.
  if (e.unchecked === '1' || e.unchecked === '2') {
    await deps.logUnchecked(serverId, e);
    return;
  }
  // Empty NumpoolCallId and not unchecked: the agent hung up before numpool answered (the decision,
  // if any, gave its reservation back), or an older dialplan's fail path.
  if (!/^\d{1,18}$/.test(e.numpoolcallid)) return;
  const talk = e.answeredtime;
  const dialed = e.dialedtime;
  const stored = await recordOutcome(deps.knex, {
    callId: Number(e.numpoolcallid),
    dialStatus: e.dialstatus,
    talkSeconds: talk,
    ringSeconds: dialed === null ? null : Math.max(0, dialed - (talk ?? 0)),
    hangupCause: e.hangupcause,
    endedAt: deps.now(),
  });
  deps.logger.info(
    { server: serverId, callId: e.numpoolcallid, dialStatus: e.dialstatus, stored },
    'call outcome',
  );
}

async function storeDnc(
  serverId: string,
  agent: string,
  lastCallee: string,
  deps: OutcomeRecorderDeps,
): Promise<void> {
  const parsed = parsePhoneNumber(lastCallee, { trunkPrefix: deps.trunkPrefix() });
  if (!parsed.ok) {
    deps.logger.warn(
      { server: serverId, agent, lastCallee },
      'DNC feature code used with no valid last callee',
    );
    return;
  }
  const added = await addToDnc(deps.knex, {
    calleeE164: parsed.number.e164,
    reason: 'agent feature code',
    source: 'agent',
    actor: { kind: 'agent', name: agent },
    at: deps.now(),
  });
  deps.logger.info(
    { server: serverId, agent, callee: parsed.number.e164, added },
    'callee put on the DNC list by the agent',
  );
}
