// A numpool service wired to a simulated Asterisk and a fresh MariaDB database, through the real
// ari-client and asterisk-manager: what the component tests and the hook benchmark drive.
import AsteriskManager from 'asterisk-manager';
import { createNumpoolApp, type NumpoolApp } from '../../plugin/app.ts';
import { loadConfig, type Config } from '../../plugin/config.ts';
import { createCore } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import type { AmiFactory } from '../../plugin/pbx/ami-connection.ts';
import type { AmiEvent } from '../../plugin/pbx/ami-events.ts';
import { ariClientConnect } from '../../plugin/pbx/ari-client-connect.ts';
import type { AriConnect } from '../../plugin/pbx/ari-types.ts';
import { SimulatedAsterisk, type SimStartOptions } from '../../plugin/simulator/simulated-asterisk.ts';
import type { TestDatabase } from './test-database.ts';

/** The real ari-client as main.ts wires it (swagger-client's console noise off stdout). */
export const realAriConnect: AriConnect = ariClientConnect(createLogger('silent'));

export const realAmiFactory: AmiFactory = (port, host, user, secret) =>
  AsteriskManager(port, host, user, secret, true);

/** Waits for AMI events the app has finished handling, without polling. */
export class HandledEvents {
  private readonly seen: AmiEvent[] = [];
  private readonly waiters: { match: (e: AmiEvent) => boolean; resolve: (e: AmiEvent) => void }[] = [];

  push(event: AmiEvent): void {
    this.seen.push(event);
    for (const w of [...this.waiters]) {
      if (w.match(event)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  }

  next(match: (e: AmiEvent) => boolean): Promise<AmiEvent> {
    const already = this.seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The NumpoolResult of a decided call, once its outcome is stored. */
  outcomeOf(callId: string): Promise<AmiEvent> {
    return this.next((e) => e.userevent === 'NumpoolResult' && e.numpoolcallid === callId);
  }
}

/** Connection states as the app reports them, awaitable. */
export class ConnectionStates {
  readonly seen: string[] = [];
  private waiters: { state: string; after: number; resolve: () => void }[] = [];

  push(state: string): void {
    this.seen.push(state);
    for (const w of [...this.waiters]) {
      if (this.seen.indexOf(w.state, w.after) >= 0) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves when `state` is reported after the states seen so far. */
  next(state: string): Promise<void> {
    const after = this.seen.length;
    return new Promise((resolve) => this.waiters.push({ state, after, resolve }));
  }
}

export interface Harness {
  sim: SimulatedAsterisk;
  app: NumpoolApp;
  handled: HandledEvents;
  ariStates: ConnectionStates;
  amiStates: ConnectionStates;
  /** Called synchronously when a call enters Stasis, before numpool decides. */
  onCallStarted(listener: (channelId: string) => void): void;
  /** Resolves with the result of the next AstDB unchecked-call reconciliation (after AMI connects). */
  reconciled: Promise<{ logged: number; live: number }>;
  stop(): Promise<void>;
}

export async function startHarness(
  tdb: TestDatabase,
  options: {
    sim?: SimStartOptions;
    env?: Record<string, string>;
    serverId?: string;
    sharedSim?: SimulatedAsterisk;
    now?: () => Date;
    /** Another way into the test database (e.g. through a TcpProxy); default tdb.open(). */
    database?: Database;
  } = {},
): Promise<Harness> {
  // Simulated time runs 20× faster; the watchdog is raised to 60 simulated seconds (3 s real) so
  // that it stays above numpool's own decision deadline on a loaded CI machine.
  const sim =
    options.sharedSim ??
    (await SimulatedAsterisk.start({ timeScale: 0.05, watchdogSeconds: 60, ...options.sim }));
  const loaded = loadConfig({
    NUMPOOL_DB_URL: tdb.url,
    NUMPOOL_ARI_URL: sim.ariUrl,
    NUMPOOL_ARI_PASSWORD: 'numpool',
    NUMPOOL_AMI_PORT: String(sim.amiPort),
    NUMPOOL_AMI_PASSWORD: 'numpool',
    NUMPOOL_SERVER_ID: options.serverId ?? 'pbx-a',
    NUMPOOL_LOG_LEVEL: 'silent',
    ...options.env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const config: Config = loaded.config;
  const logger = createLogger(config.NUMPOOL_LOG_LEVEL);
  const handled = new HandledEvents();
  const ariStates = new ConnectionStates();
  const amiStates = new ConnectionStates();
  const callStarted: ((channelId: string) => void)[] = [];
  let reconciledNow: (result: { logged: number; live: number }) => void = () => undefined;
  const reconciled = new Promise<{ logged: number; live: number }>((resolve) => (reconciledNow = resolve));
  const app = createNumpoolApp({
    config,
    logger,
    core: createCore(config, logger, options.database ?? tdb.open(10)),
    ariConnect: realAriConnect,
    amiFactory: realAmiFactory,
    observer: {
      amiEventHandled: (_server, event) => handled.push(event),
      ariStateChanged: (_server, state) => ariStates.push(state),
      amiStateChanged: (_server, state) => amiStates.push(state),
      uncheckedReconciled: (_server, result) => reconciledNow(result),
      callStarted: (_server, channelId) => {
        for (const listener of callStarted) listener(channelId);
      },
    },
    ...(options.now ? { now: options.now } : {}),
  });
  await app.start();
  await app.ready();
  return {
    sim,
    app,
    handled,
    ariStates,
    amiStates,
    onCallStarted: (listener) => callStarted.push(listener),
    reconciled,
    stop: async () => {
      await app.stop();
      if (!options.sharedSim) await sim.stop();
    },
  };
}
