// Builds the decision core shared by every entry point (ARI app, CLI, HTTP): database, caches,
// area resolver and decision engine. Entry points pass config and logger in; nothing is global.
import { createDecisionEngine, type DecisionEngine } from './call-flow/decide-call.ts';
import type { Config } from './config.ts';
import { createCalleeAreaResolver, type CalleeAreaResolver } from './geo/callee-area-resolver.ts';
import type { Logger } from './logger.ts';
import { openDatabase, type Database } from './store/connection/database.ts';
import { LearningModelCache } from './store/reservation/learning-model-cache.ts';
import { ReferenceCache } from './store/reference/reference-cache.ts';
import { UsageTracker } from './store/reservation/usage-tracker.ts';

export interface Core {
  db: Database;
  cache: ReferenceCache;
  usage: UsageTracker;
  areas: CalleeAreaResolver;
  engine: DecisionEngine;
  learning: LearningModelCache;
  close(): Promise<void>;
}

export function createCore(
  config: Pick<Config, 'NUMPOOL_DB_URL' | 'NUMPOOL_DB_POOL_MAX' | 'NUMPOOL_TIMEZONE'>,
  logger: Logger,
  db?: Database,
): Core {
  const database =
    db ??
    openDatabase(config.NUMPOOL_DB_URL, config.NUMPOOL_DB_POOL_MAX, {
      warn: (message) => logger.warn({ knex: message }, 'database driver warning'),
      error: (message) => logger.error({ knex: message }, 'database driver error'),
    });
  const onRefreshError = (err: unknown): void =>
    logger.error({ err }, 'reference data refresh failed; keeping the previous snapshot');
  const cache = new ReferenceCache(database.knex, { onRefreshError });
  const usage = new UsageTracker(database.knex, { onRefreshError });
  const areas = createCalleeAreaResolver({
    prefixes: () => cache.loaded().prefixes,
    regions: () => cache.loaded().regions,
  });
  const learning = new LearningModelCache(database.knex, database.dialect, {
    timeZone: config.NUMPOOL_TIMEZONE,
    onRefreshError,
  });
  const engine = createDecisionEngine({
    learning,
    onLearningError: (err) => logger.error({ err }, 'learning model unavailable; this call used least-used'),
    db: database,
    cache,
    usage,
    areas,
    poolTimeZone: config.NUMPOOL_TIMEZONE,
  });
  return { db: database, cache, usage, areas, engine, learning, close: () => database.knex.destroy() };
}
