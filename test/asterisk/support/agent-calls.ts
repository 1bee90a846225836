// An agent's outbound call on the real test PBX, driven over the tests' AMI session: Originate
// Local/<callee>@from-agents with channel ids the test picks, then await what Asterisk reports —
// the hangup handler's NumpoolResult and the Hangup of the agent's channel in numpool-outbound
// (the ;2 half), and the fake trunk's TrunkSaw if the call reached it.
import { randomBytes } from 'node:crypto';
import type { AmiClient, AmiMessage } from './ami-client.ts';

export type Purpose = 'service' | 'marketing' | 'urgent';

export interface AgentCallRequest {
  /** What the agent dials (the extension in from-agents), e.g. 13800138000 or *77. */
  dialed: string;
  agent?: string;
  /** NUMPOOL_PURPOSE set by the "dialer"; null leaves it unset (the dialplan's default). */
  purpose?: Purpose | null;
}

export interface PlacedCall {
  dialed: string;
  /** Uniqueid of Local/…@from-agents;2, the agent's channel in numpool-outbound. */
  agentChannel: string;
  /** Uniqueid of Local/…@from-agents;1, the agent's phone side (agent-phone); the call's Linkedid. */
  phoneChannel: string;
  /** AMI event position when the call was placed. */
  from: number;
}

export interface EndedCall extends PlacedCall {
  result: AmiMessage;
  hangup: AmiMessage;
  /** The fake trunk's TrunkSaw for this call, or null when nothing reached the trunk. */
  trunk: AmiMessage | null;
  /** NUMPOOL_REASON as the hangup handler reported it. */
  reason: string;
  /** Hangup cause of the agent's channel. */
  cause: number;
  /** The CallerID the trunk was given, or null. */
  trunkCallerId: string | null;
  /** NUMPOOL_CALL_ID, '' when numpool did not decide the call. */
  callId: string;
}

export async function placeAgentCall(ami: AmiClient, request: AgentCallRequest): Promise<PlacedCall> {
  const id = randomBytes(5).toString('hex');
  const placed: PlacedCall = {
    dialed: request.dialed,
    agentChannel: `agent-${id}`,
    phoneChannel: `phone-${id}`,
    from: ami.mark(),
  };
  const purpose = request.purpose === undefined ? 'marketing' : request.purpose;
  await ami.action('Originate', [
    ['Channel', `Local/${request.dialed}@from-agents`],
    ['Context', 'agent-phone'],
    ['Exten', 's'],
    ['Priority', '1'],
    ['CallerID', `Agent <${request.agent ?? '8001'}>`],
    ...(purpose === null ? [] : ([['Variable', `NUMPOOL_PURPOSE=${purpose}`]] as [string, string][])),
    ['ChannelId', placed.phoneChannel],
    ['OtherChannelId', placed.agentChannel],
    ['Async', 'true'],
  ]);
  return placed;
}

/** Awaits the end of the agent's channel: its NumpoolResult and its Hangup event. */
export async function agentCallEnded(
  ami: AmiClient,
  placed: PlacedCall,
  timeoutMs = 30_000,
): Promise<EndedCall> {
  const ofAgent = (e: AmiMessage): boolean => e.get('Uniqueid') === placed.agentChannel;
  const [result, hangup] = await Promise.all([
    ami.waitFor(
      `NumpoolResult of ${placed.dialed}`,
      (e) => ofAgent(e) && e.get('Event') === 'UserEvent' && e.get('UserEvent') === 'NumpoolResult',
      { from: placed.from, timeoutMs },
    ),
    ami.waitFor(`Hangup of ${placed.agentChannel}`, (e) => ofAgent(e) && e.get('Event') === 'Hangup', {
      from: placed.from,
      timeoutMs,
    }),
  ]);
  // The trunk raises TrunkSaw before it answers or refuses, so before the agent's channel ends.
  const trunk =
    ami.seen(
      (e) =>
        e.get('UserEvent') === 'TrunkSaw' &&
        e.get('Linkedid') === placed.phoneChannel &&
        e.get('Event') === 'UserEvent',
      placed.from,
    )[0] ?? null;
  return {
    ...placed,
    result,
    hangup,
    trunk,
    reason: result.get('Reason') ?? '',
    cause: Number(hangup.get('Cause')),
    trunkCallerId: trunk?.get('CallerID') ?? null,
    callId: result.get('NumpoolCallId') ?? '',
  };
}

/** The events of one channel (by Uniqueid) from the call's start, e.g. its Newexten steps. */
export function channelEvents(ami: AmiClient, placed: PlacedCall, event: string): AmiMessage[] {
  return ami.seen((e) => e.get('Uniqueid') === placed.agentChannel && e.get('Event') === event, placed.from);
}
