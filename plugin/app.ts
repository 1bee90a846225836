// The numpool service: one decision core, an ARI and an AMI connection per Asterisk server, the
// per-call handler, the outcome recorder and the stale-outcome reconciler. main.ts builds it with
// the real clients; component tests build it against the simulated Asterisk. The pool-health jobs
// run on a scheduler started and stopped with the app.
import { handleOutboundCall } from './call-flow/outbound-call.ts';
import { handleAmiEvent } from './call-flow/outcome-recorder.ts';
import {
  forgetRecord,
  logUncheckedCall,
  reconcileUncheckedCalls,
  reportFromResultEvent,
  type UncheckedCallsDeps,
} from './call-flow/unchecked-calls.ts';
import { asteriskServers, type Config } from './config.ts';
import { AppError } from './errors/index.ts';
import { createCore, type Core } from './core.ts';
import type { Logger } from './logger.ts';
import { AmiConnection, type AmiFactory, type AmiState } from './pbx/ami-connection.ts';
import type { AmiEvent, NumpoolResultEvent } from './pbx/ami-events.ts';
import { registerHealthJobs } from './jobs/health-jobs.ts';
import { JobScheduler } from './jobs/scheduler.ts';
import { AriConnection } from './pbx/ari-connection.ts';
import type { AriHealth, AriState } from './pbx/ari-port.ts';
import type { AriConnect } from './pbx/ari-types.ts';
import { markStaleCallsUnknown } from './store/calls/call-outcome-repository.ts';

export interface NumpoolAppDeps {
  config: Config;
  logger: Logger;
  ariConnect: AriConnect;
  amiFactory: AmiFactory;
  core?: Core;
  now?: () => Date;
  reconcileEveryMs?: number;
  /** Told when work finishes; metrics and tests listen here instead of polling. */
  observer?: NumpoolObserver;
}

export interface NumpoolObserver {
  callStarted?(serverId: string, channelId: string): void;
  callHandled?(serverId: string, channelId: string): void;
  ariStateChanged?(serverId: string, state: AriState): void;
  amiStateChanged?(serverId: string, state: AmiState): void;
  amiEventHandled?(serverId: string, event: AmiEvent): void;
  /** The server's AstDB unchecked-call records were reconciled after an AMI (re)connect. */
  uncheckedReconciled?(serverId: string, result: { logged: number; live: number }): void;
}

export interface NumpoolHealth {
  ok: boolean;
  ari: AriHealth[];
  ami: ReturnType<AmiConnection['health']>[];
}

export interface NumpoolApp {
  core: Core;
  /** The pool-health jobs (issue 4), scheduled while the app runs; `numpool job` uses its own. */
  scheduler: JobScheduler;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): NumpoolHealth;
  /** Resolves once every ARI and AMI connection is up (they keep reconnecting on their own). */
  ready(): Promise<void>;
  /** Marks dialed calls without an outcome after the TTL as unknown; also runs on a timer. */
  reconcileOutcomes(): Promise<number>;
}

export function createNumpoolApp(deps: NumpoolAppDeps): NumpoolApp {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const core = deps.core ?? createCore(config, logger);
  const servers = asteriskServers(config);
  const inFlight = new Set<Promise<void>>();
  let callsInFlight = 0;
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  // *77 needs the agent's last callee in AstDB; the dialplan cannot write it on a channel numpool
  // set variables on, so numpool does, over the server's AMI.
  const rememberLastCallee = async (serverId: string, agent: string, dialed: string): Promise<void> => {
    const ami = amis.find((a) => a.serverId === serverId);
    // AMI down: its state change is logged once; a warning per call would flood the log.
    if (!ami || ami.health().state !== 'connected') return;
    await ami.action({ action: 'DBPut', family: 'numpool/last', key: agent, val: dialed });
  };

  const aris = servers.map((s) => {
    const port = new AriConnection(
      {
        serverId: s.id,
        url: s.ariUrl,
        user: s.ariUser,
        password: s.ariPassword,
        app: config.NUMPOOL_ARI_APP,
      },
      deps.ariConnect,
      logger,
    );
    port.onStateChange((state) => deps.observer?.ariStateChanged?.(s.id, state));
    port.onStasisStart((call) => {
      deps.observer?.callStarted?.(s.id, call.channelId);
      callsInFlight++;
      const handling = handleOutboundCall(port, call, {
        admit: () => callsInFlight <= config.NUMPOOL_MAX_CALLS_IN_FLIGHT,
        engine: core.engine,
        logger,
        now,
        deadlineMs: config.NUMPOOL_DECISION_DEADLINE_MS,
        dryRun: config.NUMPOOL_DRY_RUN,
        rules: () => core.cache.loaded().rules,
        rememberLastCallee: (agent, dialed) => rememberLastCallee(s.id, agent, dialed),
      });
      track(
        handling
          .catch((err: unknown) =>
            logger.error({ err, server: s.id, channel: call.channelId }, 'call handler failed'),
          )
          .finally(() => {
            callsInFlight--;
            deps.observer?.callHandled?.(s.id, call.channelId);
          }),
      );
    });
    return port;
  });

  const uncheckedDeps: UncheckedCallsDeps = {
    db: core.db,
    areas: core.areas,
    logger,
    now,
    trunkPrefix: () => core.cache.loaded().rules.trunkPrefix,
  };
  const amis = servers.map((s) => {
    const ami = new AmiConnection(
      { serverId: s.id, host: s.amiHost, port: s.amiPort, user: s.amiUser, secret: s.amiSecret },
      deps.amiFactory,
      logger,
    );
    ami.onStateChange((state) => {
      deps.observer?.amiStateChanged?.(s.id, state);
      // Whatever went out unchecked while numpool was away is in the server's AstDB.
      if (state === 'connected')
        track(
          reconcileUncheckedCalls(s.id, ami, uncheckedDeps).then(
            (result) => deps.observer?.uncheckedReconciled?.(s.id, result),
            (err: unknown) => logger.error({ err, server: s.id }, 'unchecked calls could not be reconciled'),
          ),
        );
    });
    const logUnchecked = async (serverId: string, event: NumpoolResultEvent): Promise<void> => {
      const report = reportFromResultEvent(event);
      if (!report) {
        logger.warn({ server: serverId, event }, 'unchecked NumpoolResult without a Uniqueid ignored');
        return;
      }
      await logUncheckedCall(serverId, report, now(), uncheckedDeps);
      await forgetRecord(ami, report.uniqueId);
    };
    ami.onEvent((event) =>
      track(
        handleAmiEvent(s.id, event, {
          knex: core.db.knex,
          logger,
          now,
          trunkPrefix: () => core.cache.loaded().rules.trunkPrefix,
          logUnchecked,
        })
          .catch((err: unknown) => logger.error({ err, server: s.id }, 'AMI event could not be stored'))
          .finally(() => deps.observer?.amiEventHandled?.(s.id, event)),
      ),
    );
    return ami;
  });

  const scheduler = new JobScheduler({ db: core.db, logger, timezone: config.NUMPOOL_TIMEZONE, clock: now });
  registerHealthJobs(scheduler, { db: core.db, timeZone: config.NUMPOOL_TIMEZONE });

  let reconcileTimer: NodeJS.Timeout | null = null;
  const reconcileOutcomes = async (): Promise<number> => {
    const olderThan = new Date(now().getTime() - config.NUMPOOL_OUTCOME_TTL_MINUTES * 60_000);
    const marked = await markStaleCallsUnknown(core.db.knex, olderThan);
    if (marked > 0) logger.warn({ marked }, 'calls without an outcome marked unknown');
    return marked;
  };

  return {
    core,
    scheduler,
    async start() {
      // Load reference data and the geocoder before the first call, not during it.
      await core.cache.current().catch((err: unknown) => {
        throw databaseUnavailable(err);
      });
      await core.areas.warmUp();
      await core.learning
        .current(now())
        .catch((err: unknown) =>
          logger.error({ err }, 'learning model not loaded; selection uses least-used until it loads'),
        );
      for (const ami of amis) ami.start();
      await Promise.all(aris.map((a) => a.start()));
      reconcileTimer = setInterval(() => {
        reconcileOutcomes().catch((err: unknown) => logger.error({ err }, 'outcome reconciliation failed'));
      }, deps.reconcileEveryMs ?? 60_000);
      reconcileTimer.unref();
      scheduler.start();
      logger.info({ servers: servers.map((s) => s.id), dryRun: config.NUMPOOL_DRY_RUN }, 'numpool started');
    },
    async stop() {
      if (reconcileTimer) clearInterval(reconcileTimer);
      await scheduler.stop();
      // Calls being decided finish while ARI is still up, so their channels get their answer.
      await Promise.allSettled([...inFlight]);
      await Promise.all(aris.map((a) => a.stop()));
      for (const ami of amis) ami.stop();
      await Promise.allSettled([...inFlight]);
      await core.cache.settled();
      await core.close();
    },
    health() {
      const ari = aris.map((a) => a.health());
      const ami = amis.map((a) => a.health());
      return {
        ok: ari.every((a) => a.state === 'connected') && ami.every((a) => a.state === 'connected'),
        ari,
        ami,
      };
    },
    async ready() {
      await Promise.all([...aris.map((a) => a.whenConnected()), ...amis.map((a) => a.whenConnected())]);
    },
    reconcileOutcomes,
  };
}

/** A driver error on the first query (wrong password, no server, no schema) as what to check. */
function databaseUnavailable(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof AppError || typeof code !== 'string') return err;
  return new AppError(
    'NUMPOOL_DB_UNAVAILABLE',
    `database unavailable (${code}: ${(err as Error).message}) — check NUMPOOL_DB_URL, that MariaDB/MySQL is running, and that \`numpool migrate\` ran`,
    { cause: err },
  );
}
