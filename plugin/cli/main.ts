// The `numpool` command line. Composition root for CLI use: configuration → logger → core (opened on
// first use, so `--help` and argument errors never touch the database) → the commander program.
// Exit codes: 0 done/allowed, 10 blocked (decide), 2 usage or configuration, 1 failure; an AppError
// exits with its catalogue entry's code (plugin/errors/).
import { CommanderError } from 'commander';
import type { ActionContext } from '../actions/action-context.ts';
import { loadConfig, type Config } from '../config.ts';
import { createCore, type Core } from '../core.ts';
import { AppError } from '../errors/index.ts';
import { createLogger } from '../logger.ts';
import type { CliContext } from './cli-context.ts';
import { buildProgram } from './program.ts';

/** The core and the actions' context, built on the first command that needs them. */
class CoreOpener {
  private core: Core | null = null;
  private context: ActionContext | null = null;

  constructor(private readonly loaded: ReturnType<typeof loadConfig>) {}

  actions(): ActionContext {
    if (this.context) return this.context;
    const config = this.config();
    const logger = createLogger(config.NUMPOOL_LOG_LEVEL === 'info' ? 'warn' : config.NUMPOOL_LOG_LEVEL);
    const core = createCore(config, logger);
    this.core = core;
    this.context = {
      db: core.db,
      cache: core.cache,
      areas: core.areas,
      engine: core.engine,
      timeZone: config.NUMPOOL_TIMEZONE,
      now: () => new Date(),
      actor: { kind: 'cli', name: config.USER },
      logger,
    };
    return this.context;
  }

  config(): Config {
    if (this.loaded.ok) return this.loaded.config;
    throw new AppError(
      'NUMPOOL_CONFIG_INVALID',
      `invalid configuration:\n${this.loaded.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }

  async close(): Promise<void> {
    await this.core?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const opener = new CoreOpener(loadConfig());
  let exitCode = 0;
  const cli: CliContext = {
    actions: () => Promise.resolve(opener.actions()),
    print: (text) => void process.stdout.write(`${text}\n`),
    setExitCode: (code) => void (exitCode = code),
  };
  const output = {
    out: (t: string) => void process.stdout.write(t),
    err: (t: string) => void process.stderr.write(t),
  };
  const program = buildProgram(cli, output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } finally {
    await opener.close();
  }
}

/** The exit code (and message) for what a command threw. */
function exitFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander has printed its message (or the help); 1 is its code for every argument error.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof AppError) {
    process.stderr.write(`numpool: ${err.code}: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`numpool: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

// `numpool --help | head`: a reader that stops early is no failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = exitFor(err);
  },
);
