// Handles one outbound call in Stasis: parse the args, decide within the deadline, then set the
// channel variables and continue in the dialplan. A call numpool sees too late (it was frozen or
// overloaded: the StasisStart is older than the deadline) is not decided; a decision that does not
// reach its channel is withdrawn, so the log never says a call was placed or blocked by numpool
// when it went on by the fail policy; a late or failed decision follows the fail policy.
import type { Rules } from '../domain/rules/rules.ts';
import type { Logger } from '../logger.ts';
import { logLevelOf } from '../errors/index.ts';
import { ChannelGoneError, type AriPort, type StasisCall } from '../pbx/ari-port.ts';
import {
  failureInstructions,
  instructionsFor,
  refusalInstructions,
  type ChannelInstructions,
} from './channel-instructions.ts';
import type { DecisionEngine, DecisionResult } from './decide-call.ts';
import { parseStasisArgs } from './stasis-args.ts';

export interface OutboundCallDeps {
  engine: DecisionEngine;
  logger: Logger;
  now: () => Date;
  /** Below the dialplan watchdog, so numpool's own fail policy acts before the dialplan's. */
  deadlineMs: number;
  dryRun: boolean;
  /** The rules the decision was made under (routes and caller name), from the reference cache. */
  rules: () => Pick<Rules, 'routes' | 'callerIdName'>;
  /** Load shedding: false when too many decisions are in flight (the call fails over at once). */
  admit?: () => boolean;
  /**
   * Stores the agent's last dialed callee for the *77 code (AstDB numpool/last/<agent>): the
   * dialplan cannot write AstDB on a channel numpool set variables on. Not awaited by the call.
   */
  rememberLastCallee?: (agent: string, dialed: string) => Promise<void>;
  /** The real clock (ms) that StasisCall.startedAt is measured against; `now` may be simulated. */
  wallClockMs?: () => number;
}

const TIMED_OUT = Symbol('timed out');

export async function handleOutboundCall(
  port: AriPort,
  call: StasisCall,
  deps: OutboundCallDeps,
): Promise<void> {
  const parsed = parseStasisArgs(call.args);
  const log = deps.logger.child({
    server: call.serverId,
    channel: call.channelId,
    agent: parsed.ok ? parsed.request.agent : call.callerNumber,
    callee: call.args[0] ?? '',
  });
  if (!parsed.ok) {
    log.error({ args: call.args, problem: parsed.problem }, 'bad Stasis arguments; refusing the call');
    await instruct(port, call, refusalInstructions('BAD_ARGS'), log);
    return;
  }
  if (deps.admit && !deps.admit()) {
    // Overloaded: answering at once keeps the agent's wait short; the dialplan's policy decides.
    log.warn('too many decisions in flight; applying the fail policy at once');
    await instruct(port, call, failureInstructions('OVERLOAD'), log);
    return;
  }

  // The deadline counts from when the channel entered Stasis, not from when numpool saw it.
  const ageMs = call.startedAt ? Math.max(0, (deps.wallClockMs ?? Date.now)() - call.startedAt.getTime()) : 0;
  const budgetMs = deps.deadlineMs - ageMs;
  if (budgetMs <= 0) {
    // The watchdog has sent it on (or is about to): a decision now would be logged for a call it
    // never reached. The dialplan logs the call as unchecked instead.
    log.warn({ ageMs, deadlineMs: deps.deadlineMs }, 'call reached numpool after its deadline; not deciding');
    await instruct(port, call, failureInstructions('LATE'), log);
    return;
  }

  const decision = deps.engine.decide(parsed.request, {
    now: deps.now(),
    dryRun: deps.dryRun,
    serverId: call.serverId,
    channelId: call.channelId,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
  });
  let result: DecisionResult | typeof TIMED_OUT;
  try {
    result = await Promise.race([decision, deadline]);
  } catch (err) {
    log.error({ err }, 'decision failed; applying the fail policy');
    await instruct(port, call, failureInstructions('ERROR'), log);
    return;
  } finally {
    clearTimeout(timer);
  }

  if (result === TIMED_OUT) {
    log.warn({ deadlineMs: deps.deadlineMs }, 'decision missed its deadline; applying the fail policy');
    await instruct(port, call, failureInstructions('TIMEOUT'), log);
    // The decision may still be written after the call moved on by the fail policy: withdraw it
    // (cap unit back), or fold it into the call's unchecked row. Awaited, so shutdown waits for it.
    await decision.then(
      (late) => withdraw(deps.engine, late, log),
      (err: unknown) => log.error({ err }, 'late decision failed'),
    );
    return;
  }

  const d = result.decision;
  log.info(
    {
      callId: result.callId,
      decision: d.kind,
      reason: d.kind === 'blocked' ? d.reason : undefined,
      callerId: d.kind === 'allowed' ? d.number.e164 : undefined,
      ms: Math.round(result.elapsedMs * 10) / 10,
      dryRun: result.dryRun,
    },
    'call decided',
  );
  const instructions = instructionsFor(d, {
    callId: result.callId,
    route: result.route,
    dryRun: result.dryRun,
    dialed: parsed.request.callee,
    calleeE164: result.calleeE164,
    rules: deps.rules(),
  });
  const applied = await instruct(port, call, instructions, log);
  if (applied === 'applied' && instructions.label === undefined && deps.rememberLastCallee) {
    const { agent, callee } = parsed.request;
    deps
      .rememberLastCallee(agent, callee)
      .catch((err: unknown) => log.warn({ err }, 'last callee not stored for *77 (AMI DBPut failed)'));
  }
  // Gone: the agent hung up (an allowed call's reservation is released), or the watchdog sent the
  // call on (a blocked decision never reached it either).
  if (applied === 'gone' && d.kind === 'allowed') await releaseIfReserved(deps.engine, result, log);
  else if (applied === 'gone') await withdraw(deps.engine, result, log);
  // The instructions may not have reached the channel: the watchdog then sends it on by the fail
  // policy. Withdrawn (cap unit back, status not_applied); should the call have been dialed with
  // them after all, its outcome still completes the row.
  else if (applied === 'unknown') await withdraw(deps.engine, result, log);
}

/** Sets the variables (one bulk request, or strictly one after another), then continues. */
async function instruct(
  port: AriPort,
  call: StasisCall,
  instructions: ChannelInstructions,
  log: Logger,
): Promise<'applied' | 'gone' | 'unknown'> {
  try {
    await port.setVariables(call.channelId, instructions.variables);
    await port.continueInDialplan(call.channelId, instructions.label);
    return 'applied';
  } catch (err) {
    if (err instanceof ChannelGoneError) {
      log.info({ status: err.status }, 'channel left before numpool finished (caller hung up)');
      return 'gone';
    }
    // The request may have reached Asterisk (a lost response): the call may be dialing. A timeout
    // is a warning (the catalogue's level: the decision is withdrawn, the watchdog sends the call
    // on); Asterisk refusing the request is an error (a broken deployment).
    log[logLevelOf(err)]({ err }, 'could not instruct the channel');
    return 'unknown';
  }
}

async function withdraw(engine: DecisionEngine, result: DecisionResult, log: Logger): Promise<void> {
  if (result.callId === null || result.dryRun) return;
  try {
    const withdrawn = await engine.withdraw(result.callId);
    log.warn({ callId: result.callId, withdrawn }, 'decision withdrawn: it may not have reached the channel');
  } catch (err) {
    log.error({ err, callId: result.callId }, 'could not withdraw the decision');
  }
}

async function releaseIfReserved(engine: DecisionEngine, result: DecisionResult, log: Logger): Promise<void> {
  if (result.decision.kind !== 'allowed' || result.callId === null || result.dryRun) return;
  try {
    const released = await engine.release(result.callId);
    log.info({ callId: result.callId, released }, 'reservation released: the call was never dialed');
  } catch (err) {
    log.error(
      { err, callId: result.callId },
      'could not release the reservation; the reconciler will mark the call',
    );
  }
}
