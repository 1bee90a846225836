// How channels of one call are tied together: Local `;1`/`;2` halves (answer, indications and
// hangups cross from one half to the other, CHANLOCALSTATUS), and the watcher (a Dial() or an
// AMI Originate) waiting on an outgoing leg. Also ends channels: CDR, `Hangup`, propagation.

import { CHANNEL_STATES, type Party, type SimChannel } from './channel.ts';
import { emitCdrs } from './cdr.ts';
import type { ChannelSignals } from './dialplan-apps.ts';
import type { ChannelEndHook } from './dialplan-engine.ts';
import type { SimPbx } from './pbx.ts';

export interface LegWatcher {
  onProgress(): void;
  onAnswer(): void;
  onBusy(): void;
  onCongestion(): void;
  onHangup(cause: number): void;
}

export const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
};

export interface LocalPair {
  one: SimChannel;
  two: SimChannel;
}

export class CallLegs implements ChannelSignals, ChannelEndHook {
  private readonly peers = new WeakMap<SimChannel, SimChannel>();
  private readonly halfOne = new WeakSet<SimChannel>();
  /** Channels that run no dialplan: `;1` halves and simulated trunk legs. */
  private readonly passive = new WeakSet<SimChannel>();
  private readonly watchers = new WeakMap<SimChannel, LegWatcher>();
  private readonly noCdr = new WeakSet<SimChannel>();
  private readonly beforeEnd = new WeakMap<SimChannel, () => void>();
  private readonly endListeners = new Set<(ch: SimChannel) => void>();

  constructor(private readonly pbx: SimPbx) {}

  onChannelEnd(listener: (ch: SimChannel) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** `Local/<exten>@<context>-XXXXXXXX;1` (Down) and `;2` (Ring, runs the dialplan). */
  createLocalPair(exten: string, context: string, linkedid: string | null): LocalPair {
    const base = `Local/${exten}@${context}-${this.pbx.nextChannelSuffix()}`;
    const loc = { context, exten, priority: 1, appName: '', appData: '' };
    const one = this.pbx.createChannel(`${base};1`, 'Down', loc, linkedid);
    const two = this.pbx.createChannel(`${base};2`, 'Ring', { ...loc }, linkedid ?? one.id);
    this.peers.set(one, two);
    this.peers.set(two, one);
    this.halfOne.add(one);
    this.passive.add(one);
    return { one, two };
  }

  emitLocalBridge(pair: LocalPair): void {
    const { channelFieldsWithPrefix } = this;
    this.pbx.emitAmi('LocalBridge', 'call', [
      ...channelFieldsWithPrefix(pair.one, 'LocalOne'),
      ...channelFieldsWithPrefix(pair.two, 'LocalTwo'),
      ['Context', pair.two.location.context],
      ['Exten', pair.two.location.exten],
      ['LocalOptimization', 'Yes'],
    ]);
  }

  private readonly channelFieldsWithPrefix = (ch: SimChannel, prefix: string): Array<[string, string]> => {
    const unknown = (v: string): string => (v === '' ? '<unknown>' : v);
    return [
      [`${prefix}Channel`, ch.name],
      [`${prefix}ChannelState`, String(CHANNEL_STATES[ch.state])],
      [`${prefix}ChannelStateDesc`, ch.state],
      [`${prefix}CallerIDNum`, unknown(ch.caller.num)],
      [`${prefix}CallerIDName`, unknown(ch.caller.name)],
      [`${prefix}ConnectedLineNum`, unknown(ch.connected.num)],
      [`${prefix}ConnectedLineName`, unknown(ch.connected.name)],
      [`${prefix}Language`, 'en'],
      [`${prefix}AccountCode`, ''],
      [`${prefix}Context`, ch.location.context],
      [`${prefix}Exten`, ch.location.exten],
      [`${prefix}Priority`, String(ch.location.priority)],
      [`${prefix}Uniqueid`, ch.id],
      [`${prefix}Linkedid`, ch.linkedid],
    ];
  };

  /** Sets caller and connected party on a new channel: NewCallerid, then NewConnectedLine. */
  identify(ch: SimChannel, caller: Party, connected: Party): void {
    ch.connected = connected;
    ch.caller = { ...caller };
    this.pbx.emitChannelAmi('NewCallerid', ch, [
      ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
    ]);
    this.pbx.emitChannelAmi('NewConnectedLine', ch);
  }

  /** Runs just before the channel's CDR and Hangup (a bridge leaves it first). */
  onBeforeEnd(ch: SimChannel, fn: () => void): void {
    this.beforeEnd.set(ch, fn);
  }

  watch(ch: SimChannel, watcher: LegWatcher): void {
    this.watchers.set(ch, watcher);
  }

  /** Dial()'s outgoing `;1` half gets no CDR of its own (it only shows as DestinationChannel). */
  skipCdr(ch: SimChannel): void {
    this.noCdr.add(ch);
  }

  peerOf(ch: SimChannel): SimChannel | undefined {
    return this.peers.get(ch);
  }

  isHalfOne(ch: SimChannel): boolean {
    return this.halfOne.has(ch);
  }

  markPassive(ch: SimChannel): void {
    this.passive.add(ch);
  }

  /** True for channels without a pbx loop: a hangup request ends them at once. */
  isPassive(ch: SimChannel): boolean {
    return this.passive.has(ch);
  }

  answer(ch: SimChannel): void {
    const peer = this.peers.get(ch);
    if (peer && this.halfOne.has(peer) && peer.state !== 'Up') {
      this.pbx.setState(peer, 'Up');
      this.watchers.get(peer)?.onAnswer();
    }
    this.pbx.setState(ch, 'Up');
    if (!peer) this.watchers.get(ch)?.onAnswer();
  }

  indicate(ch: SimChannel, what: 'progress' | 'busy' | 'congestion'): void {
    const target = this.peers.get(ch) ?? ch;
    const watcher = this.watchers.get(target);
    if (!watcher) return;
    if (what === 'progress') watcher.onProgress();
    else if (what === 'busy') watcher.onBusy();
    else watcher.onCongestion();
  }

  /** Hangs up a channel that runs no dialplan of its own (a `;1` half or a trunk leg). */
  hangupLeg(ch: SimChannel, cause: number): void {
    if (ch.hungUp) return;
    ch.hangupCause = cause;
    this.endChannel(ch);
  }

  endChannel(ch: SimChannel): void {
    if (ch.hungUp) return;
    ch.hungUp = true;
    const leave = this.beforeEnd.get(ch);
    this.beforeEnd.delete(ch);
    leave?.();
    if (!this.noCdr.has(ch)) emitCdrs(this.pbx, ch);
    const cause = ch.hangupCause;
    this.pbx.emitChannelAmi('Hangup', ch, [
      ['Cause', String(cause)],
      ['Cause-txt', CAUSE_TEXT[cause] ?? 'Unknown'],
    ]);
    this.pbx.removeChannel(ch);
    ch.raiseInterrupt('hangup');
    for (const listener of this.endListeners) listener(ch);
    this.watchers.get(ch)?.onHangup(cause);
    const peer = this.peers.get(ch);
    if (!peer || peer.hungUp) return;
    if (!this.halfOne.has(ch)) {
      const dialStatus = ch.getVar('DIALSTATUS');
      if (dialStatus !== undefined) this.pbx.setVar(peer, 'CHANLOCALSTATUS', dialStatus);
    }
    this.pbx.requestHangup(peer, cause, { event: 'HangupRequest', flag: cause });
    if (this.halfOne.has(peer)) this.endChannel(peer);
  }
}
