// numpool's composition root: config → logger → the service with the real ari-client and
// asterisk-manager → start; SIGINT/SIGTERM stop it cleanly. Whatever it or a library says goes out
// as JSON log lines (stderr), also a failed start and a crash.
import { inspect } from 'node:util';
import AsteriskManager from 'asterisk-manager';
import { createNumpoolApp } from './app.ts';
import { loadConfig } from './config.ts';
import { AppError } from './errors/index.ts';
import { createLogger, type Logger } from './logger.ts';
import type { AmiFactory } from './pbx/ami-connection.ts';
import { ariClientConnect } from './pbx/ari-client-connect.ts';

const loaded = loadConfig();
if (!loaded.ok) {
  process.stderr.write(
    `numpool: invalid configuration:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(2);
}
const config = loaded.config;
const logger = createLogger(config.NUMPOOL_LOG_LEVEL);
routeConsole(logger);

const ariConnect = ariClientConnect(logger);
const amiFactory: AmiFactory = (port, host, user, secret) => AsteriskManager(port, host, user, secret, true);

const app = createNumpoolApp({ config, logger, ariConnect, amiFactory });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'numpool stopping');
  await app.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// A bug's last word is a JSON line too (Node would print a bare stack); the process still ends.
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'numpool crashed: uncaught exception');
  process.exit(1);
});

try {
  await app.start();
} catch (err) {
  // A first run with a wrong setting ends with one JSON line saying what to check, not a stack.
  if (err instanceof AppError) logger.fatal({ code: err.code }, err.message);
  else logger.fatal({ err }, 'numpool could not start');
  try {
    await app.stop();
  } finally {
    process.exit(1);
  }
}

/**
 * numpool itself logs only through pino; the console belongs to libraries (knex's pool warnings
 * and asterisk-manager's write errors print with console.log). Their lines become JSON log lines
 * too, so stdout and stderr carry nothing an administrator's log collector cannot parse.
 */
function routeConsole(to: Logger): void {
  const route =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const text = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 2 }))).join(' ');
      to[level]({ console: text }, 'library console output');
    };
  console.log = route('info');
  console.info = route('info');
  console.warn = route('warn');
  console.error = route('error');
}
