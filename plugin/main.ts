// numpool's composition root: config → logger → the service with the real ari-client and
// asterisk-manager → start; SIGINT/SIGTERM stop it cleanly.
import AsteriskManager from 'asterisk-manager';
import { createNumpoolApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
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

await app.start();
