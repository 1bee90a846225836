// Entry point of the simulated Asterisk that numpool's component tests and demo run against: an
// ARI server (HTTP + events WebSocket) and an AMI server on ephemeral 127.0.0.1 ports, executing
// a real dialplan file (numpool's by default) with scenario-driven trunks. See plugin/simulator/README.md.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmiServer } from './ami-server.ts';
import { ApiDocs } from './api-docs.ts';
import { AriRoutes, type RaceOrder } from './ari-routes.ts';
import { AriServer } from './ari-server.ts';
import { EventsWebSocket } from './ari-websocket.ts';
import { CallLegs } from './call-legs.ts';
import type { SimChannel } from './channel.ts';
import { registerDial } from './dial-app.ts';
import { registerPlainApps } from './dialplan-apps.ts';
import { DialplanEngine } from './dialplan-engine.ts';
import { parseDialplan } from './dialplan-parser.ts';
import {
  DEFAULT_RING_MS,
  DEFAULT_TALK_MS,
  outcomeByLastDigit,
  type TrunkBehaviour,
  type TrunkOutcome,
} from './far-end.ts';
import { originate } from './originate.ts';
import { SimPbx } from './pbx.ts';
import { outcomeOf, SimCall, type TrunkSeizure } from './sim-call.ts';
export type { CallOutcome, CallPath } from './sim-call.ts';
import { SimClock } from './sim-clock.ts';
import { StasisApps } from './stasis.ts';
import { TrafficRecorder, type TrafficEntry } from './traffic-recorder.ts';
import { REPOSITORY } from './shared-asterisk-reference.ts';

export const NUMPOOL_DIALPLAN = join(REPOSITORY, 'dialplan/numpool.conf');
export const RECORDED_DIALPLAN = join(REPOSITORY, 'plugin/simulator/fixtures/recorded-extensions.conf');

/** Stock prompts the simulator "has", with their lengths in seconds (placeholders as recorded). */
export const STOCK_PROMPTS: Record<string, number> = {
  'ss-noservice': 2.0,
  beep: 0.25,
  'cannot-complete-as-dialed': 2.5,
};

export interface SimStartOptions {
  failPolicy?: 'service-open' | 'open' | 'closed';
  watchdogSeconds?: number;
  ariUser?: string;
  ariPassword?: string;
  amiUser?: string;
  amiSecret?: string;
  /** Route name → dial template with `${EXTEN}` (or `{EXTEN}`); `default` feeds fail-open dialing. */
  routes?: Record<string, string>;
  asteriskId?: string;
  serverName?: string;
  /** Dialplan file to execute; numpool's own by default. */
  dialplanFile?: string;
  /** Context agents' calls enter. */
  outboundContext?: string;
  /** Simulated time runs 1/timeScale faster than real time (0.1 → a 2.5 s watchdog takes 250 ms). */
  timeScale?: number;
  /** Whether a request's ARI events go out before (default) or after its HTTP response. */
  raceOrder?: RaceOrder;
  trunk?: { ringMs?: number; talkMs?: number };
  /** Extra prompts (name → seconds) on top of STOCK_PROMPTS. */
  prompts?: Record<string, number>;
}

export interface FeatureCodeResult {
  channelId: string;
  /** Headers of the UserEvent(s) the feature code raised. */
  userEvents: Array<Record<string, string>>;
  hangupCause: number;
}

export class SimulatedAsterisk {
  private readonly behaviours = new Map<string, Partial<TrunkBehaviour>>();
  private readonly seizures = new Map<string, TrunkSeizure>();
  private raceOrder: RaceOrder;

  private constructor(
    readonly pbx: SimPbx,
    readonly recorder: TrafficRecorder,
    private readonly engine: DialplanEngine,
    private readonly legs: CallLegs,
    private readonly ari: AriServer,
    private readonly events: EventsWebSocket,
    private readonly ami: AmiServer,
    private readonly options: Required<Pick<SimStartOptions, 'outboundContext'>> & SimStartOptions,
    readonly ariUrl: string,
    readonly amiPort: number,
  ) {
    this.raceOrder = options.raceOrder ?? 'event-first';
  }

  static async start(options: SimStartOptions = {}): Promise<SimulatedAsterisk> {
    const clock = new SimClock(options.timeScale ?? 1);
    const dialplan = parseDialplan(readFileSync(options.dialplanFile ?? NUMPOOL_DIALPLAN, 'utf8'));
    const pbx = new SimPbx({ clock, dialplan, asteriskId: options.asteriskId ?? '02:fc:00:00:00:01' });
    if (options.failPolicy) pbx.globals.set('NUMPOOL_FAIL_POLICY', options.failPolicy);
    if (options.watchdogSeconds !== undefined)
      pbx.globals.set('NUMPOOL_WATCHDOG', String(options.watchdogSeconds));
    const defaultRoute = options.routes?.default;
    if (defaultRoute !== undefined)
      pbx.globals.set('NUMPOOL_DEFAULT_ROUTE', defaultRoute.replaceAll('${EXTEN}', '{EXTEN}'));
    const recorder = new TrafficRecorder();
    const legs = new CallLegs(pbx);
    const engine = new DialplanEngine(pbx, legs);
    const stasis = new StasisApps(pbx);
    const prompts = new Map(Object.entries({ ...STOCK_PROMPTS, ...options.prompts }));
    registerPlainApps(engine, legs, prompts);
    stasis.registerDialplanApp(engine);
    const sim: { current: SimulatedAsterisk | null } = { current: null };
    registerDial(
      engine,
      legs,
      (callee) => sim.current?.behaviourFor(callee) ?? SimulatedAsterisk.fallback(callee),
      {
        onTrunkSeized: (caller, info) => sim.current?.seizures.set(caller.id, info),
      },
    );
    const credentials = { user: options.ariUser ?? 'numpool', password: options.ariPassword ?? 'numpool' };
    const serverName = options.serverName ?? 'Asterisk';
    const events = new EventsWebSocket({ stasis, recorder, clock, credentials, serverName });
    const routes = new AriRoutes({
      pbx,
      engine,
      stasis,
      docs: new ApiDocs(),
      raceOrder: () => sim.current?.raceOrder ?? 'event-first',
    });
    const ari = new AriServer({ pbx, routes, events, recorder, credentials, serverName });
    const ariPort = await ari.listen();
    const ami = new AmiServer({
      engine,
      legs,
      recorder,
      user: options.amiUser ?? 'numpool',
      secret: options.amiSecret ?? 'numpool',
    });
    const amiPort = await ami.listen();
    sim.current = new SimulatedAsterisk(
      pbx,
      recorder,
      engine,
      legs,
      ari,
      events,
      ami,
      { outboundContext: 'numpool-outbound', ...options },
      `http://127.0.0.1:${ariPort}`,
      amiPort,
    );
    return sim.current;
  }

  private static fallback(callee: string): TrunkBehaviour {
    return { outcome: outcomeByLastDigit(callee), ringMs: DEFAULT_RING_MS, talkMs: DEFAULT_TALK_MS };
  }

  private behaviourFor(callee: string): TrunkBehaviour {
    const set = this.behaviours.get(callee) ?? {};
    return {
      outcome: set.outcome ?? outcomeByLastDigit(callee),
      ringMs: set.ringMs ?? this.options.trunk?.ringMs ?? DEFAULT_RING_MS,
      talkMs: set.talkMs ?? this.options.trunk?.talkMs ?? DEFAULT_TALK_MS,
    };
  }

  /** How the simulated far end treats `callee` (default: by last digit, like fake-trunk). */
  setTrunkBehaviour(callee: string, behaviour: TrunkOutcome | Partial<TrunkBehaviour>): void {
    this.behaviours.set(callee, typeof behaviour === 'string' ? { outcome: behaviour } : behaviour);
  }

  setRaceOrder(order: RaceOrder): void {
    this.raceOrder = order;
  }

  /** An agent's outbound call entering the outbound context (like the recordings' AMI Originate). */
  originate(call: {
    callee: string;
    agent: string;
    agentName?: string;
    purpose?: string;
    variables?: Record<string, string>;
  }): SimCall {
    const variables: Array<[string, string]> = Object.entries(call.variables ?? {});
    if (call.purpose !== undefined) variables.unshift(['NUMPOOL_PURPOSE', call.purpose]);
    const pair = originate(this.engine, this.legs, {
      channel: `Local/${call.callee}@${this.options.outboundContext}`,
      caller: { num: call.agent, name: call.agentName ?? `Agent ${call.agent}` },
      application: 'Wait',
      data: '30',
      variables,
      actionId: undefined,
    });
    const agent = pair.two;
    const ended = this.channelEnded(agent).then((ch) => outcomeOf(ch, this.seizures.get(ch.id) ?? null));
    return new SimCall(agent.id, ended, (lingerMs) => this.hangupAgent(agent, lingerMs));
  }

  /**
   * Holds the next hangup of `channelId` (e.g. an AMI Hangup) until `requests` more ARI requests
   * on it were answered; resolves when the hangup has been applied.
   */
  lingerNextHangup(channelId: string, requests: number): Promise<void> {
    this.pbx.holdHangup(channelId, requests);
    const ch = this.pbx.findChannel(channelId);
    if (!ch) return Promise.resolve();
    return new Promise((resolve) => {
      if (ch.interrupt === 'hangup') resolve();
      else ch.interruptSignal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private hangupAgent(agent: SimChannel, lingerMs: number): void {
    const doIt = (): void => {
      if (agent.hungUp) return;
      agent.hangupCause = 16;
      agent.raiseInterrupt('hangup');
    };
    if (lingerMs > 0) this.pbx.clock.schedule(lingerMs, doIt);
    else doIt();
  }

  private channelEnded(ch: SimChannel): Promise<SimChannel> {
    return new Promise((resolve) => {
      const off = this.legs.onChannelEnd((ended) => {
        if (ended !== ch) return;
        off();
        resolve(ch);
      });
    });
  }

  /** The agent dials a feature code (default `*77`, the DNC code) after a call. */
  async dialFeatureCode(
    agent: string,
    code = '*77',
    context = 'numpool-features',
  ): Promise<FeatureCodeResult> {
    const userEvents: Array<Record<string, string>> = [];
    const pair = originate(this.engine, this.legs, {
      channel: `Local/${code}@${context}`,
      caller: { num: agent, name: `Agent ${agent}` },
      application: 'Wait',
      data: '30',
      variables: [],
      actionId: undefined,
    });
    const off = this.pbx.onAmi((fields) => {
      const headers = Object.fromEntries(fields);
      if (headers.Event === 'UserEvent' && headers.Channel === pair.two.name) userEvents.push(headers);
    });
    const ch = await this.channelEnded(pair.two);
    off();
    return { channelId: ch.id, userEvents, hangupCause: ch.hangupCause };
  }

  /** Every AMI event block from now on (parsed), for tests that watch outcomes. */
  onAmiEvent(listener: (headers: Record<string, string>) => void): () => void {
    return this.pbx.onAmi((fields) => listener(Object.fromEntries(fields)));
  }

  /** Events WebSockets currently open (to await a client's reconnect or a drop). */
  openEventSockets(): number {
    return this.events.sockets.size;
  }

  dropAriWebSockets(): void {
    this.events.dropAll();
  }

  refuseAri(on: boolean): Promise<void> {
    return this.ari.refuse(on);
  }

  /** An administrator changing ari.conf / manager.conf and reloading them. */
  setPasswords(passwords: { ari?: string; ami?: string }): void {
    if (passwords.ari !== undefined) this.ari.setPassword(passwords.ari);
    if (passwords.ami !== undefined) this.ami.setSecret(passwords.ami);
  }

  dropAmiConnections(): void {
    this.ami.dropAll();
  }

  traffic(): TrafficEntry[] {
    return this.recorder.all();
  }

  /** Failures inside the simulator (a dialplan it cannot run, a socket error); tests assert none. */
  faults(): Error[] {
    return [...this.pbx.faults];
  }

  async stop(): Promise<void> {
    await Promise.all([this.ari.close(), this.ami.close()]);
  }
}
