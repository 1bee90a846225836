// The real ari-client behind AriConnect, for main.ts (and the tests and benchmarks that run the
// real client). It also keeps swagger-client's console output off stdout, which carries only
// numpool's JSON log lines.
import { inspect } from 'node:util';
import ariClient from 'ari-client';
import type { Logger } from '../logger.ts';
import type { AriClient, AriConnect } from './ari-types.ts';

export function ariClientConnect(logger: Logger): AriConnect {
  routeSwaggerLog(logger);
  return async (url, user, password) =>
    (await ariClient.connect(url, user, password)) as unknown as AriClient;
}

/**
 * swagger-client 2.0 (ari-client's) defines an implicit global `log` at load time that
 * console.logs, and calls it on every connect ("This API is using a deprecated version of
 * Swagger!") and on some errors; it also keeps every message in `log.history` forever. It looks
 * the global up at each call, so replacing it after ari-client is loaded (this module imports it
 * first) sends the messages to the logger instead. Process-wide: the last logger given wins.
 */
export function routeSwaggerLog(logger: Logger): void {
  (globalThis as { log?: unknown }).log = (...args: unknown[]): void => {
    if (!logger.isLevelEnabled('debug')) return;
    const messages = args.map((a) =>
      typeof a === 'string' ? a : inspect(a, { depth: 1, breakLength: Infinity }),
    );
    logger.debug({ messages }, 'swagger-client message');
  };
}
