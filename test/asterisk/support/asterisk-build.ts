// Where the real Asterisk build for this tier lives, and whether it is there. Read by the tier's
// global setup (prints the notice once) and by every test file (skips itself when it is absent).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A start.sh-compatible directory: start.sh DIR DIALPLAN ARI_PORT AMI_PORT, stop.sh DIR. */
const DEFAULT_BUILD_DIR = resolve(REPO_ROOT, '../shared/asterisk/real');

export type AsteriskBuild =
  | { available: true; dir: string; startScript: string; stopScript: string }
  | { available: false; notice: string };

export function asteriskBuild(env: NodeJS.ProcessEnv = process.env): AsteriskBuild {
  const configured = env.NUMPOOL_TEST_ASTERISK_DIR;
  const dir = configured ? resolve(configured) : DEFAULT_BUILD_DIR;
  const startScript = resolve(dir, 'start.sh');
  const stopScript = resolve(dir, 'stop.sh');
  if (existsSync(startScript) && existsSync(stopScript))
    return { available: true, dir, startScript, stopScript };
  const where = configured ? `NUMPOOL_TEST_ASTERISK_DIR=${configured}` : `the default ${DEFAULT_BUILD_DIR}`;
  return {
    available: false,
    notice:
      `numpool real-Asterisk tier SKIPPED: no Asterisk build at ${where} (start.sh and stop.sh ` +
      'missing). Point NUMPOOL_TEST_ASTERISK_DIR at a directory with start.sh DIR DIALPLAN ARI_PORT ' +
      'AMI_PORT and stop.sh DIR (see ../shared/asterisk/real/README.md) to run it.',
  };
}
