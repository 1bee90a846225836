// numpool's own port onto one Asterisk server's ARI: what the call flow needs and nothing of the
// wire. The ari-client adapter implements it; tests may substitute their own.
import type { ConnectionHealth } from './connection-status.ts';

export interface StasisCall {
  serverId: string;
  channelId: string;
  /** Stasis(numpool, <dialed>, <agent>, <purpose>[, <route>]) as the dialplan passes them. */
  args: readonly string[];
  callerNumber: string;
  /**
   * When the channel entered Stasis: the StasisStart event's own timestamp, read on numpool's clock
   * (Date.now) through the clock offset learned from ARI pings. The call flow refuses to decide a
   * StasisStart older than its budget (numpool was frozen or late: the dialplan watchdog has sent
   * the call on, or is about to). Null before the first ping answer, or when the timestamp is
   * unparsable. Against a simulator whose time runs faster than real time (timeScale < 1) it lies
   * in the future: a negative age, which the call flow clamps to 0.
   */
  startedAt: Date | null;
}

/** The channel left Stasis or hung up before numpool finished with it (ARI 404 / 409). */
export class ChannelGoneError extends Error {
  constructor(
    readonly channelId: string,
    readonly status: number,
  ) {
    super(`channel ${channelId} is no longer in Stasis (HTTP ${status})`);
    this.name = 'ChannelGoneError';
  }
}

export type AriState = 'connecting' | 'connected' | 'replaced' | 'down';

/** State, reconnects and the last problem (catalogue code + what to check) of one server's ARI. */
export type AriHealth = ConnectionHealth<AriState>;

export interface AriPort {
  readonly serverId: string;
  onStasisStart(handler: (call: StasisCall) => void): void;
  onStasisEnd(handler: (serverId: string, channelId: string) => void): void;
  /** Sets one channel variable; rejects with ChannelGoneError when the channel is gone. */
  setVariable(channelId: string, name: string, value: string): Promise<void>;
  /**
   * Sets several variables: in one request where the server supports it, else one after another
   * (never in parallel). Rejects with ChannelGoneError when the channel is gone.
   */
  setVariables(channelId: string, variables: readonly (readonly [string, string])[]): Promise<void>;
  /** Continues in the dialplan at the next priority, or at `label` in the current extension. */
  continueInDialplan(channelId: string, label?: string): Promise<void>;
  health(): AriHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
}
