// The simulated Asterisk core: channel registry, global variables, AstDB, id counters, and the
// fan-out of every state change to AMI (as event blocks) and to Stasis (for ARI events).

import { channelFields, type AmiFields } from './ami-message.ts';
import { SimChannel, type ChannelState, type DialplanLocation } from './channel.ts';
import type { Dialplan } from './dialplan-parser.ts';
import type { SimClock } from './sim-clock.ts';

export type ChannelChange =
  | { kind: 'varset'; variable: string; value: string }
  | { kind: 'callerid' }
  | { kind: 'state' }
  | { kind: 'hangup-request'; cause: number; soft: boolean };

export interface PbxOptions {
  clock: SimClock;
  dialplan: Dialplan;
  asteriskId: string;
}

/**
 * The sequence part of channel uniqueids (`<epoch>.<seq>`), shared by every simulator in the process:
 * a real Asterisk's ids do not repeat on one server, and tests start many simulators (often under
 * the same server id) against one database, where a repeated id would be the same call.
 */
let nextUniqueSeq = 200;

export class SimPbx {
  readonly clock: SimClock;
  readonly dialplan: Dialplan;
  readonly asteriskId: string;
  readonly globals = new Map<string, string>();
  readonly astdb = new Map<string, string>();
  readonly startedAt: number;
  private readonly channels = new Map<string, SimChannel>();
  private localSeq = 0x60;
  private readonly amiListeners = new Set<(fields: AmiFields) => void>();
  private readonly changeListeners = new Set<(ch: SimChannel, change: ChannelChange) => void>();
  /** Failures of background work (a dialplan run, a timer): kept so tests can fail on them. */
  readonly faults: Error[] = [];

  constructor(options: PbxOptions) {
    this.clock = options.clock;
    this.dialplan = options.dialplan;
    this.asteriskId = options.asteriskId;
    this.startedAt = options.clock.now();
    for (const [name, value] of options.dialplan.globals) this.globals.set(name, value);
  }

  private readonly hangupGates = new Map<string, { remaining: number; held: Array<() => void> }>();

  /**
   * The next hangup of `channelId` is held until `requests` more ARI requests on that channel
   * were answered: the recorded race where a request sent right after the AMI Hangup response
   * still succeeded (caller-hangs-up-during-decision-race).
   */
  holdHangup(channelId: string, requests: number): void {
    this.hangupGates.set(channelId, { remaining: requests, held: [] });
  }

  /** Applies a hangup now, or when the channel's gate opens. */
  applyHangup(ch: SimChannel, hangup: () => void): void {
    const gate = this.hangupGates.get(ch.id);
    if (gate && gate.remaining > 0) gate.held.push(hangup);
    else hangup();
  }

  /** The ARI server answered a request on `channelId`. */
  requestServed(channelId: string): void {
    const gate = this.hangupGates.get(channelId);
    if (!gate) return;
    gate.remaining--;
    if (gate.remaining > 0) return;
    this.hangupGates.delete(channelId);
    for (const hangup of gate.held) hangup();
  }

  /** Runs work in the background; a failure is recorded as a fault instead of being lost. */
  background(work: Promise<unknown>): void {
    work.catch((err: unknown) => this.faults.push(err instanceof Error ? err : new Error(String(err))));
  }

  onAmi(listener: (fields: AmiFields) => void): () => void {
    this.amiListeners.add(listener);
    return () => this.amiListeners.delete(listener);
  }

  onChannelChange(listener: (ch: SimChannel, change: ChannelChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  emitAmi(event: string, privilege: string | null, fields: AmiFields): void {
    const block: AmiFields = [['Event', event]];
    if (privilege !== null) block.push(['Privilege', `${privilege},all`]);
    block.push(...fields);
    for (const listener of this.amiListeners) listener(block);
  }

  emitChannelAmi(event: string, ch: SimChannel, extra: AmiFields = [], privilege = 'call'): void {
    this.emitAmi(event, privilege, [...channelFields(ch), ...extra]);
  }

  private notify(ch: SimChannel, change: ChannelChange): void {
    for (const listener of this.changeListeners) listener(ch, change);
  }

  /** `Local/x@ctx-0000006a` style sequence shared by all channel technologies. */
  nextChannelSuffix(): string {
    return (this.localSeq++).toString(16).padStart(8, '0');
  }

  createChannel(
    name: string,
    state: ChannelState,
    location: DialplanLocation,
    linkedid: string | null,
  ): SimChannel {
    const now = this.clock.now();
    const id = `${Math.floor(now / 1000)}.${nextUniqueSeq++}`;
    const ch = new SimChannel(id, name, linkedid ?? id, now, state, location);
    this.channels.set(id, ch);
    this.emitChannelAmi('Newchannel', ch);
    return ch;
  }

  findChannel(idOrName: string): SimChannel | undefined {
    return this.channels.get(idOrName) ?? [...this.channels.values()].find((c) => c.name === idOrName);
  }

  /** Live channels, newest first (the order `GET /ari/channels` showed). */
  liveChannels(): SimChannel[] {
    return [...this.channels.values()].reverse();
  }

  removeChannel(ch: SimChannel): void {
    this.channels.delete(ch.id);
  }

  setVar(ch: SimChannel, rawName: string, value: string): void {
    const inherit = rawName.startsWith('__') ? '__' : rawName.startsWith('_') ? '_' : '';
    ch.vars.set(rawName.slice(inherit.length), { value, inherit });
    this.emitChannelAmi(
      'VarSet',
      ch,
      [
        ['Variable', rawName],
        ['Value', value],
      ],
      'dialplan',
    );
    this.notify(ch, { kind: 'varset', variable: rawName, value });
  }

  setGlobal(name: string, value: string): void {
    this.globals.set(name, value);
    this.emitAmi('VarSet', 'dialplan', [
      ['Channel', 'none'],
      ['Uniqueid', 'none'],
      ['Variable', name],
      ['Value', value],
    ]);
  }

  setCallerId(ch: SimChannel, field: 'num' | 'name', value: string): void {
    ch.caller = { ...ch.caller, [field]: value };
    this.emitChannelAmi('NewCallerid', ch, [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]);
    this.notify(ch, { kind: 'callerid' });
  }

  setConnectedLine(ch: SimChannel, party: Partial<{ num: string; name: string }>): void {
    ch.connected = { ...ch.connected, ...party };
    this.emitChannelAmi('NewConnectedLine', ch);
  }

  setState(ch: SimChannel, state: ChannelState): void {
    if (ch.state === state) return;
    ch.state = state;
    if (state === 'Up' && ch.answeredAt === null) ch.answeredAt = this.clock.now();
    this.emitChannelAmi('Newstate', ch);
    this.notify(ch, { kind: 'state' });
  }

  /** A hangup request from outside the channel's own dialplan (AMI/ARI hangup, Local peer). */
  requestHangup(
    ch: SimChannel,
    cause: number,
    soft: { event: 'SoftHangupRequest' | 'HangupRequest'; flag: number },
  ): void {
    if (ch.hungUp) return;
    if (ch.hangupCause === 0) ch.hangupCause = cause;
    this.emitChannelAmi(soft.event, ch, [['Cause', String(soft.flag)]]);
    this.notify(ch, { kind: 'hangup-request', cause: soft.flag, soft: soft.event === 'SoftHangupRequest' });
    ch.raiseInterrupt('hangup');
  }

  /** Inherited (`_`/`__`) variables copied to a channel created by this one, with their VarSets. */
  inheritVariables(from: SimChannel, to: SimChannel): void {
    for (const [name, v] of from.vars) {
      if (v.inherit === '__') this.setVar(to, `__${name}`, v.value);
      else if (v.inherit === '_') this.setVar(to, name, v.value);
    }
  }
}
