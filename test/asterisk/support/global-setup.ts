// Global setup of the real-Asterisk tier (vitest.asterisk.config.ts): says once, loudly, when the
// Asterisk build is missing and the tier skips; otherwise makes this run's directory under tmp/
// and, at the end, stops whatever a crashed test file left running in it (Asterisk, numpool).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { asteriskBuild, REPO_ROOT } from './asterisk-build.ts';
import { stopAsteriskDir } from './asterisk-instance.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's directory for Asterisk instances and numpool pid files; '' when skipping. */
    asteriskRunDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const build = asteriskBuild();
  if (!build.available) {
    process.stdout.write(`\n*** ${build.notice} ***\n\n`);
    project.provide('asteriskRunDir', '');
    return () => undefined;
  }
  // Short: Asterisk's control socket path (DIR/var/run/asterisk/asterisk.ctl) must fit 107 bytes.
  const runDir = join(
    REPO_ROOT,
    'tmp',
    'ast',
    `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`,
  );
  mkdirSync(runDir, { recursive: true });
  project.provide('asteriskRunDir', runDir);
  return () => {
    for (const entry of readdirSync(runDir, { withFileTypes: true })) {
      const path = join(runDir, entry.name);
      if (entry.isDirectory()) stopAsteriskDir(build.stopScript, path);
      else if (entry.name.endsWith('.pid')) killLeftover(Number(readFileSync(path, 'utf8')));
    }
    if (process.env.NUMPOOL_TEST_KEEP_ASTERISK !== '1') rmSync(runDir, { recursive: true, force: true });
  };
}

/** A numpool child whose test file crashed before stopping it (its pid file is still there). */
function killLeftover(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
