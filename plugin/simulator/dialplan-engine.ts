// The pbx loop: runs a channel through the loaded dialplan priority by priority (Newexten per
// step), handles Goto targets, the absolute timeout's jump to `T`, and the end of a channel:
// SoftHangupRequest, hangup handlers (as a Gosub), then the hangup itself (ChannelEnd hook).

import type { SimChannel } from './channel.ts';
import { findExtension } from './dialplan-parser.ts';
import { readFunction, writeFunction, type FunctionHost } from './dialplan-functions.ts';
import type { SimPbx } from './pbx.ts';
import { substitute, type SubstitutionScope } from './variable-substitution.ts';

export interface Location {
  context: string;
  exten: string;
  priority: number;
}

export type AppResult = 'next' | 'hangup' | 'return' | { goto: Location };

export interface AppRun {
  engine: DialplanEngine;
  ch: SimChannel;
  data: string;
}

export type DialplanApp = (run: AppRun) => Promise<AppResult> | AppResult;

export interface ChannelEndHook {
  /** Emits the CDR and Hangup events and tells the channel's peers; the channel is gone after. */
  endChannel(ch: SimChannel): void;
}

export class DialplanEngine implements FunctionHost {
  private readonly apps = new Map<string, DialplanApp>();
  private readonly timeouts = new WeakMap<SimChannel, () => void>();

  constructor(
    readonly pbx: SimPbx,
    private readonly endHook: ChannelEndHook,
  ) {}

  register(name: string, app: DialplanApp): void {
    this.apps.set(name.toLowerCase(), app);
  }

  readVariable(ch: SimChannel, name: string): string | undefined {
    const own = ch.getVar(name);
    if (own !== undefined) return own;
    switch (name) {
      case 'EXTEN':
        return ch.location.exten;
      case 'CONTEXT':
        return ch.location.context;
      case 'PRIORITY':
        return String(ch.location.priority);
      case 'CHANNEL':
        return ch.name;
      case 'UNIQUEID':
        return ch.id;
      case 'HANGUPCAUSE':
        return String(ch.hangupCause);
      case 'EPOCH':
        return String(Math.floor(this.pbx.clock.now() / 1000));
      default:
        return this.pbx.globals.get(name);
    }
  }

  scope(ch: SimChannel): SubstitutionScope {
    return {
      readVariable: (name) => this.readVariable(ch, name),
      readFunction: (name, args) => readFunction(this, ch, name, args),
    };
  }

  substitute(ch: SimChannel, text: string): string {
    return substitute(text, this.scope(ch));
  }

  /** `Set()`/ARI semantics: a function write when the name has parentheses, else a variable. */
  assign(ch: SimChannel, name: string, value: string): void {
    const fn = /^([A-Za-z0-9_]+)\((.*)\)$/.exec(name);
    if (fn) writeFunction(this, ch, fn[1] ?? '', fn[2] ?? '', value);
    else this.pbx.setVar(ch, name, value);
  }

  setAbsoluteTimeout(ch: SimChannel, seconds: number): void {
    this.timeouts.get(ch)?.();
    this.timeouts.delete(ch);
    if (seconds <= 0) return;
    this.timeouts.set(
      ch,
      this.pbx.clock.schedule(seconds * 1000, () => ch.raiseInterrupt('timeout')),
    );
  }

  pushHangupHandler(ch: SimChannel, handler: string): void {
    ch.hangupHandlers.push(handler);
    this.pbx.emitChannelAmi('HangupHandlerPush', ch, [['Handler', handler]]);
  }

  /** `[[context,]exten,]priority-or-label` relative to the channel's current location. */
  resolveTarget(ch: SimChannel, target: string): Location | null {
    const parts = target.split(',').map((p) => p.trim());
    const here = ch.location;
    const [context, exten, label] =
      parts.length >= 3
        ? [parts[0] ?? '', parts[1] ?? '', parts[2] ?? '']
        : parts.length === 2
          ? [here.context, parts[0] ?? '', parts[1] ?? '']
          : [here.context, here.exten, parts[0] ?? ''];
    const ext = findExtension(this.pbx.dialplan, context, exten);
    if (!ext) return null;
    const priority = /^\d+$/.test(label) ? Number(label) : ext.labels.get(label);
    if (priority === undefined || !ext.steps.has(priority)) return null;
    return { context, exten, priority };
  }

  private async step(ch: SimChannel, loc: Location): Promise<AppResult | null> {
    const ext = findExtension(this.pbx.dialplan, loc.context, loc.exten);
    const step = ext?.steps.get(loc.priority);
    if (!step) return null;
    ch.location = { ...loc, appName: step.app, appData: step.args };
    const data = this.substitute(ch, step.args);
    ch.location.appData = data;
    this.pbx.emitChannelAmi(
      'Newexten',
      ch,
      [
        ['Extension', loc.exten],
        ['Application', step.app],
        ['AppData', data],
      ],
      'dialplan',
    );
    if (step.label !== null) ch.trace.push(`label:${step.label}`);
    ch.trace.push(`app:${step.app}`);
    const app = this.apps.get(step.app.toLowerCase());
    if (!app) throw new Error(`simulated dialplan: application ${step.app} is not implemented`);
    return app({ engine: this, ch, data });
  }

  /** Runs the channel from `start` until its dialplan ends, then hangs it up. */
  async run(ch: SimChannel, start: Location): Promise<void> {
    let loc = start;
    for (;;) {
      if (ch.interrupt === 'hangup' || ch.hungUp) break;
      if (ch.interrupt === 'timeout') {
        ch.clearTimeoutInterrupt();
        this.timeouts.delete(ch);
        if (!findExtension(this.pbx.dialplan, loc.context, 'T')) break;
        ch.trace.push('exten:T');
        loc = { context: loc.context, exten: 'T', priority: 1 };
      }
      const result = await this.step(ch, loc);
      if (result === null || result === 'hangup' || result === 'return') break;
      if (result === 'next' && ch.interrupt === 'timeout') continue;
      loc = result === 'next' ? { ...loc, priority: loc.priority + 1 } : result.goto;
    }
    await this.finish(ch);
  }

  private async finish(ch: SimChannel): Promise<void> {
    if (ch.hungUp) return;
    this.setAbsoluteTimeout(ch, 0);
    // A dialplan that simply ends clears normally; a requested hangup keeps the requester's cause.
    if (ch.interrupt !== 'hangup' && ch.hangupCause === 0) ch.hangupCause = 16;
    this.pbx.emitChannelAmi('SoftHangupRequest', ch, [['Cause', '16']]);
    await this.runHangupHandlers(ch);
    this.endChannel(ch);
  }

  endChannel(ch: SimChannel): void {
    if (ch.hungUp) return;
    this.endHook.endChannel(ch);
  }

  private async runHangupHandlers(ch: SimChannel): Promise<void> {
    const saved = { ...ch.location };
    for (let handler = ch.hangupHandlers.pop(); handler !== undefined; handler = ch.hangupHandlers.pop()) {
      this.pbx.emitChannelAmi('HangupHandlerRun', ch, [['Handler', handler]]);
      const [context = '', exten = 's', priority = '1'] = handler.split(',');
      this.pbx.setVar(ch, 'LOCAL(ARGC)', '0');
      let loc: Location | null = this.resolveTarget(ch, `${context},${exten},${priority}`);
      while (loc) {
        const result = await this.step(ch, loc);
        if (result === null || result === 'hangup') break;
        if (result === 'return') {
          this.pbx.setVar(ch, 'ARGC', '');
          this.pbx.setVar(ch, 'GOSUB_RETVAL', '');
          break;
        }
        loc = result === 'next' ? { ...loc, priority: loc.priority + 1 } : result.goto;
      }
    }
    ch.location = saved;
  }
}
