// What a test learns about one simulated agent call: the agent channel's ARI id, which dialplan
// path it took, what the trunk saw, and the outcome variables — plus `hangup()` for the agent.

import type { SimChannel } from './channel.ts';

export type CallPath =
  'dialed' | 'blocked' | 'failed-open' | 'failed-closed' | 'watchdog-open' | 'watchdog-closed' | 'abandoned';

export interface TrunkSeizure {
  dialString: string;
  callerIdNum: string;
  callerIdName: string;
}

export interface CallOutcome {
  path: CallPath;
  /** The ARI channel id (the channel that entered Stasis). */
  channelId: string;
  /** What the trunk saw; null when no trunk leg was created. */
  trunk: TrunkSeizure | null;
  reason: string;
  hangupCause: number;
  dialStatus: string;
  answeredTime: string;
  dialedTime: string;
  stasisStatus: string;
  /** Every variable left on the agent channel, by name without inheritance prefix. */
  variables: Record<string, string>;
}

export function pathOf(trace: readonly string[]): CallPath {
  const dialed = trace.includes('app:Dial');
  const blocked = trace.includes('label:blocked');
  const pick = (open: CallPath, closed: CallPath): CallPath =>
    dialed ? open : blocked ? closed : 'abandoned';
  if (trace.includes('exten:T')) return pick('watchdog-open', 'watchdog-closed');
  if (trace.includes('label:failed')) return pick('failed-open', 'failed-closed');
  return dialed ? 'dialed' : blocked ? 'blocked' : 'abandoned';
}

export function outcomeOf(ch: SimChannel, trunk: TrunkSeizure | null): CallOutcome {
  const v = (name: string): string => ch.getVar(name) ?? '';
  return {
    path: pathOf(ch.trace),
    channelId: ch.id,
    trunk,
    reason: v('NUMPOOL_REASON'),
    hangupCause: ch.hangupCause,
    dialStatus: v('DIALSTATUS'),
    answeredTime: v('ANSWEREDTIME'),
    dialedTime: v('DIALEDTIME'),
    stasisStatus: v('STASISSTATUS'),
    variables: Object.fromEntries([...ch.vars].map(([k, { value }]) => [k, value])),
  };
}

export class SimCall {
  constructor(
    /** ARI channel id of the agent channel numpool sees in StasisStart. */
    readonly channelId: string,
    /** Resolves when the agent channel has hung up. */
    readonly ended: Promise<CallOutcome>,
    private readonly hangupAgent: (lingerMs: number) => void,
  ) {}

  /**
   * The agent hangs up now. `lingerMs` (simulated) delays the hangup reaching the channel, which
   * reproduces the recorded race where a request sent right after still got 204.
   */
  hangup(options: { lingerMs?: number } = {}): void {
    this.hangupAgent(options.lingerMs ?? 0);
  }
}
