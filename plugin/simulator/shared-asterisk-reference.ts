// Where the real Asterisk's reference material lives: the served ARI api-docs the simulator answers
// with, and the recorded traffic the tests compare it against. `../shared/asterisk` beside the
// repository by default (as on the development and CI machines), or NUMPOOL_SHARED_ASTERISK_DIR.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (the folder with package.json): the same from plugin/ under tsx and from dist/. */
export const REPOSITORY = repositoryOf(dirname(fileURLToPath(import.meta.url)));

function repositoryOf(dir: string): string {
  if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return dir;
  return repositoryOf(dirname(dir));
}

// The simulator is a test and demo tool; this is the one environment read outside config.ts,
// so tests and the demo can point it elsewhere without numpool's configuration knowing about it.
export const SHARED_ASTERISK_DIR =
  process.env.NUMPOOL_SHARED_ASTERISK_DIR ?? resolve(REPOSITORY, '../shared/asterisk');

export const SERVED_API_DOCS_DIR = join(SHARED_ASTERISK_DIR, 'ari-api-docs/served');
export const RECORDINGS_DIR = join(SHARED_ASTERISK_DIR, 'recordings');
