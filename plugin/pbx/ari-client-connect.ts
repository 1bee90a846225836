// The real ari-client behind AriConnect, for main.ts (and the tests and benchmarks that run the
// real client). It keeps swagger-client's console output off stdout, which carries only numpool's
// JSON log lines, and turns its failures into catalogue errors instead of a process crash.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import ariClient from 'ari-client';
import type { Logger } from '../logger.ts';
import { ariConnectError, checkAriAccess } from './ari-access.ts';
import type { AriClient, AriConnect } from './ari-types.ts';

export function ariClientConnect(logger: Logger): AriConnect {
  routeSwaggerLog(logger);
  keepSwaggerFailuresInThePromise();
  return async (url, user, password) => {
    // A refused password or a dead server named precisely, before ari-client loads the API.
    await checkAriAccess(url, user, password);
    try {
      return (await ariClient.connect(url, user, password)) as unknown as AriClient;
    } catch (err) {
      throw ariConnectError(err, url, user);
    }
  };
}

/**
 * swagger-client 2.0 reports a failed api-docs request (a 401 while Asterisk reloads ari.conf
 * between the check above and its own requests) to ari-client, which rejects connect(), and then
 * throws the message from inside the HTTP response handler: an uncaught exception that ends the
 * process. Reporting without the throw leaves the rejection as the only signal.
 */
function keepSwaggerFailuresInThePromise(): void {
  const fromAriClient = createRequire(createRequire(import.meta.url).resolve('ari-client'));
  const swagger = fromAriClient('swagger-client') as {
    SwaggerApi: { prototype: { fail(message: unknown): void; failure(message: unknown): void } };
  };
  swagger.SwaggerApi.prototype.fail = function fail(message: unknown): void {
    this.failure(message);
  };
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
