// One real Asterisk for a test file: start.sh in its own DIR under this run's tmp/ directory, on
// free ARI/AMI ports, with the project's dialplan/numpool.conf; stop.sh when the file is done.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type AsteriskBuild } from './asterisk-build.ts';
import { freePorts } from './free-ports.ts';

const run = promisify(execFile);
export const DIALPLAN_FILE = join(REPO_ROOT, 'dialplan', 'numpool.conf');
/** Asterisk's control socket path must fit in sockaddr_un (108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;

export interface AsteriskInstance {
  label: string;
  dir: string;
  ariPort: number;
  amiPort: number;
  ariUrl: string;
  /** `asterisk -rx COMMAND`, as an administrator runs it; resolves with its output. */
  cli(command: string): Promise<string>;
  /**
   * DIR/var/log/asterisk/messages.log (notices, warnings, errors) once everything logged before
   * this call is in it: Asterisk's logger thread writes behind, so a marker NOTICE is logged (the
   * Log() application on a Local channel) and awaited.
   */
  messagesLog(): Promise<string>;
  stop(): Promise<void>;
}

type AvailableBuild = Extract<AsteriskBuild, { available: true }>;

export async function startAsterisk(
  build: AvailableBuild,
  runDir: string,
  label: string,
): Promise<AsteriskInstance> {
  const dir = join(runDir, label);
  const socket = join(dir, 'var/run/asterisk/asterisk.ctl');
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
    throw new Error(`Asterisk control socket path too long (${socket}); move the checkout to a shorter path`);
  const [ariPort, amiPort] = (await freePorts(2)) as [number, number];
  try {
    await run('bash', [build.startScript, dir, DIALPLAN_FILE, String(ariPort), String(amiPort)], {
      cwd: REPO_ROOT,
      timeout: 60_000,
    });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    stopAsteriskDir(build.stopScript, dir);
    throw new Error(
      `start.sh failed for ${label} (ARI ${ariPort}, AMI ${amiPort}):\n${stderr ?? ''}${stdout ?? ''}`,
      { cause: err },
    );
  }
  const binary = join(dir, 'sbin/asterisk');
  const conf = join(dir, 'etc/asterisk/asterisk.conf');
  return {
    label,
    dir,
    ariPort,
    amiPort,
    ariUrl: `http://127.0.0.1:${ariPort}`,
    cli: async (command) => (await run(binary, ['-C', conf, '-rx', command], { timeout: 20_000 })).stdout,
    messagesLog: async () => {
      const marker = `numpool-test-marker-${randomBytes(4).toString('hex')}`;
      await run(binary, [
        '-C',
        conf,
        '-rx',
        `channel originate Local/s@agent-phone application Log NOTICE,${marker}`,
      ]);
      return fileOnceItHas(join(dir, 'var/log/asterisk/messages.log'), marker);
    },
    stop: async () => {
      await run('bash', [build.stopScript, dir], { timeout: 30_000 });
      if (process.env.NUMPOOL_TEST_KEEP_ASTERISK !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** stop.sh DIR, synchronously (also used by the global teardown); a DIR never started is fine. */
export function stopAsteriskDir(stopScript: string, dir: string): void {
  if (!existsSync(join(dir, 'var/run/asterisk/asterisk.pid'))) return;
  execFileSync('bash', [stopScript, dir], { stdio: 'pipe', timeout: 30_000 });
}

/** The file's text once it contains `text`, woken by file-change events (no polling). */
function fileOnceItHas(path: string, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const content = readFileSync(path, 'utf8');
      if (!content.includes(text)) return false;
      finish();
      resolve(content);
      return true;
    };
    const watcher = watch(path, () => void check());
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${path} did not get "${text}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      watcher.close();
      clearTimeout(timer);
    };
    // The line may have landed before the watch began.
    check();
  });
}
