// res_stasis: which WebSocket holds each application (a newer connection replaces the older one,
// closing the newest unregisters the app), the Stasis() dialplan application, the control of a
// channel in Stasis (continue / leave on hangup or timeout) and the ARI events it produces.

import { applicationReplaced, channelEvent, stasisStart, type AriJson } from './ari-json.ts';
import type { SimChannel } from './channel.ts';
import type { DialplanEngine, Location } from './dialplan-engine.ts';
import type { SimPbx } from './pbx.ts';
import { splitArgs } from './variable-substitution.ts';

/** One events WebSocket as Stasis sees it. */
export interface AriEventSink {
  send(message: AriJson): Promise<void>;
}

interface Control {
  leave: (target: Location | null) => void;
  app: string;
}

export class StasisApps {
  private readonly registered = new Map<string, AriEventSink>();
  private readonly controls = new Map<string, Control>();
  private held: Array<() => Promise<void>> | null = null;

  constructor(private readonly pbx: SimPbx) {
    pbx.onChannelChange((ch, change) => {
      const app = ch.stasisApp;
      if (app === null) return;
      if (change.kind === 'varset') {
        this.emit(
          app,
          channelEvent('ChannelVarset', ch, this.stamp(app), {
            variable: change.variable,
            value: change.value,
          }),
        );
      } else if (change.kind === 'callerid') {
        this.emit(
          app,
          channelEvent(
            'ChannelCallerId',
            ch,
            this.stamp(app),
            {},
            {
              caller_presentation: 0,
              caller_presentation_txt: 'Presentation Allowed, Not Screened',
            },
          ),
        );
      } else if (change.kind === 'hangup-request') {
        this.emit(
          app,
          channelEvent('ChannelHangupRequest', ch, this.stamp(app), {
            cause: change.cause,
            soft: change.soft,
          }),
        );
      } else {
        this.emit(app, channelEvent('ChannelStateChange', ch, this.stamp(app)));
      }
    });
  }

  private stamp(application: string): { now: number; asteriskId: string; application: string } {
    return { now: this.pbx.clock.now(), asteriskId: this.pbx.asteriskId, application };
  }

  /** A WebSocket subscribes to `app`; the previous holder gets ApplicationReplaced. */
  register(app: string, sink: AriEventSink): void {
    const previous = this.registered.get(app);
    this.registered.set(app, sink);
    if (previous) this.pbx.background(previous.send(applicationReplaced(this.stamp(app))));
  }

  /** The WebSocket closed: the app is gone if that socket held it (a replaced one holds nothing). */
  unregister(app: string, sink: AriEventSink): void {
    if (this.registered.get(app) === sink) this.registered.delete(app);
  }

  applications(): string[] {
    return [...this.registered.keys()];
  }

  channelsIn(app: string): string[] {
    return [...this.controls.entries()].filter(([, c]) => c.app === app).map(([id]) => id);
  }

  private emit(app: string, message: AriJson): void {
    const sink = this.registered.get(app);
    if (!sink) return;
    if (this.held) this.held.push(() => sink.send(message));
    else this.pbx.background(sink.send(message));
  }

  /** Captures the events `work` produces so the caller decides whether they go before its response. */
  capture(work: () => void): () => Promise<void> {
    const outer = this.held;
    const held: Array<() => Promise<void>> = [];
    this.held = held;
    try {
      work();
    } finally {
      this.held = outer;
    }
    return async () => {
      for (const send of held) await send();
    };
  }

  /** ARI continue: the channel leaves Stasis now (StasisEnd) and resumes at `target`. */
  continueChannel(ch: SimChannel, target: Location | null): void {
    this.controls.get(ch.id)?.leave(target);
  }

  registerDialplanApp(engine: DialplanEngine): void {
    engine.register('Stasis', async ({ ch, data }) => {
      const [app = '', ...args] = splitArgs(data);
      this.pbx.setVar(ch, 'STASISSTATUS', '');
      if (!this.registered.has(app)) {
        this.pbx.setVar(ch, 'STASISSTATUS', 'FAILED');
        return 'next';
      }
      ch.stasisApp = app;
      this.emit(app, stasisStart(ch, args, this.stamp(app)));
      const target = await new Promise<Location | null>((resolve) => {
        const leave = (where: Location | null): void => {
          if (!this.controls.has(ch.id)) return;
          this.controls.delete(ch.id);
          ch.stasisApp = null;
          this.emit(app, channelEvent('StasisEnd', ch, this.stamp(app)));
          resolve(where);
        };
        this.controls.set(ch.id, { leave, app });
        ch.interruptSignal.addEventListener('abort', () => leave(null), { once: true });
        if (ch.interrupt !== null) leave(null);
      });
      this.pbx.setVar(ch, 'STASISSTATUS', 'SUCCESS');
      return target ? { goto: target } : 'next';
    });
  }
}
