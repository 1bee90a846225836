// One simulated Asterisk channel: identity, state, caller/connected party, dialplan location,
// variables and the interrupt signals (hangup, absolute timeout) that stop the running application.

export const CHANNEL_STATES = {
  Down: 0,
  Rsrvd: 1,
  OffHook: 2,
  Dialing: 3,
  Ring: 4,
  Ringing: 5,
  Up: 6,
  Busy: 7,
} as const;
export type ChannelState = keyof typeof CHANNEL_STATES;

export interface Party {
  num: string;
  name: string;
}

export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
  appName: string;
  appData: string;
}

/** Why the running application was interrupted. */
export type Interrupt = 'hangup' | 'timeout';

export class SimChannel {
  state: ChannelState;
  caller: Party = { num: '', name: '' };
  connected: Party = { num: '', name: '' };
  location: DialplanLocation;
  /** Variable name without inheritance prefix → value; `inherit` keeps the `_`/`__` prefix. */
  readonly vars = new Map<string, { value: string; inherit: '' | '_' | '__' }>();
  readonly hangupHandlers: string[] = [];
  stasisApp: string | null = null;
  /**
   * Set once a variable was set on the channel over ARI: Asterisk 22 then blocks "dangerous"
   * functions (DB() writes) in this channel's dialplan unless live_dangerously is on.
   */
  escalationsInhibited = false;
  hungUp = false;
  hangupCause = 0;
  answeredAt: number | null = null;
  /** What Dial() left for the CDR: the dial's data, the dialed channel and its DIALSTATUS. */
  dialRecord: { data: string; destChannel: string; status: string; answered: boolean } | null = null;
  /** Labels, extensions and applications visited, for SimCall's path. */
  readonly trace: string[] = [];
  private interruptController = new AbortController();
  private pendingInterrupt: Interrupt | null = null;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly linkedid: string,
    readonly createdAt: number,
    state: ChannelState,
    location: DialplanLocation,
  ) {
    this.state = state;
    this.location = location;
  }

  getVar(name: string): string | undefined {
    return this.vars.get(name.replace(/^_{1,2}/, ''))?.value;
  }

  /** Aborted when a hangup or an absolute timeout interrupts the current application. */
  get interruptSignal(): AbortSignal {
    return this.interruptController.signal;
  }

  get interrupt(): Interrupt | null {
    return this.pendingInterrupt;
  }

  raiseInterrupt(kind: Interrupt): void {
    if (this.pendingInterrupt === 'hangup') return;
    this.pendingInterrupt = kind;
    this.interruptController.abort();
  }

  /** The pbx loop handled a timeout (jumped to `T`): later applications run uninterrupted again. */
  clearTimeoutInterrupt(): void {
    if (this.pendingInterrupt !== 'timeout') return;
    this.pendingInterrupt = null;
    this.interruptController = new AbortController();
  }
}
