// numpool as an administrator runs it (`npm start`: the compiled `node dist/plugin/main.js`) in a child process,
// configured by environment variables only. Its JSON log lines (pino, on stderr) are kept and can
// be awaited; the process can be stopped (SIGTERM), frozen (SIGSTOP), thawed and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './asterisk-build.ts';

export interface NumpoolLogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

interface LogWaiter {
  description: string;
  match: (line: NumpoolLogLine) => boolean;
  resolve: (line: NumpoolLogLine) => void;
  reject: (err: Error) => void;
}

const PINO_ERROR = 50;

export class NumpoolProcess {
  /** Every JSON log line of every run of this process, in order; `mark()` indexes into it. */
  readonly logs: NumpoolLogLine[] = [];
  /** Lines that were not JSON (stdout noise, stack traces), for failure messages. */
  readonly otherOutput: string[] = [];
  /** The non-JSON lines of stdout alone: numpool promises JSON only there. */
  readonly stdoutNoise: string[] = [];
  private child: ChildProcess | null = null;
  private exited: Promise<number | string> | null = null;
  private frozen = false;
  private waiters: LogWaiter[] = [];

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    /** Where a pid file marks the child while it runs (the global teardown kills leftovers). */
    private readonly runDir: string,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  mark(): number {
    return this.logs.length;
  }

  /** Spawns numpool and resolves once it says it started and both ARI and AMI are connected. */
  async start(): Promise<void> {
    const from = this.launch();
    await Promise.all([
      this.waitForLog('numpool started', (l) => l.msg === 'numpool started', { from, timeoutMs: 30_000 }),
      this.waitForLog(
        'ARI connected',
        (l) => l.msg === 'ARI connection state changed' && l.state === 'connected',
        { from, timeoutMs: 30_000 },
      ),
      this.waitForLog('AMI connected', (l) => l.msg === 'AMI connected', { from, timeoutMs: 30_000 }),
    ]);
  }

  /** Spawns numpool without waiting for anything; returns the log position it starts at. */
  launch(): number {
    if (this.child) throw new Error(`numpool ${this.name} is already running`);
    const from = this.mark();
    const child = spawn(process.execPath, ['dist/plugin/main.js'], {
      cwd: REPO_ROOT,
      env: { ...inheritedEnv(), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const pidFile = join(this.runDir, `numpool-${this.name}.pid`);
    if (child.pid !== undefined) writeFileSync(pidFile, String(child.pid));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        rmSync(pidFile, { force: true });
        this.child = null;
        this.frozen = false;
        const status = code ?? signal ?? 'unknown';
        for (const waiter of this.waiters.splice(0))
          waiter.reject(
            new Error(
              `numpool ${this.name} exited (${status}) while waiting for "${waiter.description}"\n${this.tail()}`,
            ),
          );
        resolve(status);
      });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => this.read(line, 'stderr'));
    createInterface({ input: child.stdout! }).on('line', (line) => this.read(line, 'stdout'));
    return from;
  }

  /** SIGTERM (after SIGCONT when frozen); resolves when the process has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    if (this.frozen) this.thaw();
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const status = await Promise.race([
      this.exited,
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 15_000))),
    ]);
    clearTimeout(timer);
    if (status === 'hung') {
      child.kill('SIGKILL');
      await this.exited;
      throw new Error(`numpool ${this.name} did not exit within 15 s of SIGTERM\n${this.tail()}`);
    }
    if (status !== 0)
      throw new Error(`numpool ${this.name} exited with ${status} on SIGTERM\n${this.tail()}`);
  }

  /** SIGSTOP: the process keeps its connections open but answers nothing, as a hung service. */
  freeze(): void {
    if (!this.child) throw new Error(`numpool ${this.name} is not running`);
    this.child.kill('SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    if (!this.child) throw new Error(`numpool ${this.name} is not running`);
    this.child.kill('SIGCONT');
    this.frozen = false;
  }

  /**
   * The first log line from position `from` on that matches, already logged or still to come.
   * The time limit only turns a missing line into a readable failure instead of a hung test.
   */
  waitForLog(
    description: string,
    match: (line: NumpoolLogLine) => boolean,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<NumpoolLogLine> {
    const seen = this.logs.slice(options.from ?? 0).find(match);
    if (seen) return Promise.resolve(seen);
    if (!this.child)
      return Promise.reject(new Error(`numpool ${this.name} is not running: no "${description}"`));
    const timeoutMs = options.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `numpool ${this.name} did not log "${description}" within ${timeoutMs} ms\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      const waiter: LogWaiter = {
        description,
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Log lines at level error or above (from position `from` on). */
  errors(from = 0): NumpoolLogLine[] {
    return this.logs.slice(from).filter((l) => l.level >= PINO_ERROR);
  }

  tail(lines = 20): string {
    const json = this.logs.slice(-lines).map((l) => `  ${JSON.stringify(l)}`);
    const other = this.otherOutput.slice(-lines).map((l) => `  ${l}`);
    return `numpool ${this.name} last log lines:\n${json.join('\n')}${other.length ? `\nother output:\n${other.join('\n')}` : ''}`;
  }

  private read(text: string, stream: 'stdout' | 'stderr'): void {
    let line: NumpoolLogLine;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || !('msg' in parsed))
        throw new Error('not a log line');
      line = parsed as NumpoolLogLine;
    } catch {
      this.otherOutput.push(text);
      if (stream === 'stdout') this.stdoutNoise.push(text);
      return;
    }
    this.logs.push(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(line)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(line);
      }
    }
  }
}

/** The test runner's environment without any NUMPOOL_ setting or Node option of its own. */
function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith('NUMPOOL_') && entry[0] !== 'NODE_OPTIONS',
    ),
  );
}
