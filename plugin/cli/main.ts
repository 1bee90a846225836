// The `numpool` command line: migrate, decide and import. Composition root for CLI use:
// config → logger → core → command. Exit codes: 0 ok/allowed, 10 blocked, 2 usage, 1 failure.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createCore } from '../core.ts';
import { isCalendarDate } from '../domain/calendar/local-time.ts';
import { isCallPurpose, CALL_PURPOSES } from '../domain/call-request.ts';
import { importCsv } from '../import/import-file.ts';
import { IMPORT_KINDS, type ImportKind } from '../import/import-rows.ts';
import { AppError } from '../errors/index.ts';
import { registerHealthJobs } from '../jobs/health-jobs.ts';
import { JobScheduler } from '../jobs/scheduler.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import { migrateLatest, migrateRollbackAll } from '../store/connection/database.ts';
import { calendarCommand, rulesCommand, UsageError } from './admin-commands.ts';
import { decisionJson, decisionText } from './decision-report.ts';
import { jobCommand } from './job-command.ts';
import { appealCommand } from './appeal-command.ts';
import { marksCommand } from './marks-command.ts';
import { numberCommand } from './number-command.ts';
import { reportCommand } from './report-command.ts';
import { settingsCommand } from './settings-command.ts';

const USAGE = `usage:
  numpool migrate [--rollback-all]
  numpool decide --callee NUMBER --agent ID --purpose service|marketing|urgent
                 [--route NAME] [--at 2026-10-01T10:00+08:00] [--dry-run] [--json]
  numpool import numbers|agents|dnc|consents FILE.csv
  numpool rules show | set FILE.json
  numpool settings show|set health|mark-provider [FILE.json]
  numpool calendar list | set DATE holiday|workday [NAME] | remove DATE | status
  numpool job list | run NAME | runs NAME [LIMIT]
  numpool report stats --from DATE --to DATE [--by sub-pool|region|agent|number] [--json]
  numpool report marks --month YYYY-MM [--json]
  numpool appeal open NUMBER PLATFORM [--urgent] | material ID ITEM yes|no | submit ID
                 | answer ID approved|rejected [NOTE…] | list [--open|--overdue]
  numpool marks add NUMBER PLATFORM TYPE COUNT | import FILE.csv | list NUMBER
  numpool number show NUMBER | state NUMBER STATE --reason TEXT | tier NUMBER main|reserve --reason TEXT

Configuration comes from NUMPOOL_* environment variables (see README).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(
      `numpool: invalid configuration:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 2;
  }
  const config = loaded.config;
  const logger = createLogger(config.NUMPOOL_LOG_LEVEL === 'info' ? 'warn' : config.NUMPOOL_LOG_LEVEL);
  const core = createCore(config, logger);
  const actor: Actor = { kind: 'cli', name: config.USER };
  try {
    switch (command) {
      case 'migrate': {
        const { values } = parseArgs({ args: rest, options: { 'rollback-all': { type: 'boolean' } } });
        if (values['rollback-all']) {
          await migrateRollbackAll(core.db);
          process.stdout.write('rolled back every migration\n');
        } else {
          const names = await migrateLatest(core.db);
          process.stdout.write(names.length ? `applied: ${names.join(', ')}\n` : 'database is up to date\n');
        }
        return 0;
      }
      case 'decide':
        return await decide(core, rest);
      case 'import':
        return await importFile(core, rest, actor);
      case 'rules':
        return await rulesCommand(core, rest, actor, print);
      case 'calendar':
        return await calendarCommand(core, rest, actor, print, new Date());
      case 'job':
        return await job(core, config.NUMPOOL_TIMEZONE, logger, rest);
      case 'settings':
        return await settingsCommand(core, rest, actor, print, new Date());
      case 'report':
        return await reportCommand(core, config.NUMPOOL_TIMEZONE, rest, print);
      case 'appeal':
        return await appealCommand(core, rest, actor, print, new Date(), {
          timeZone: config.NUMPOOL_TIMEZONE,
          logger,
        });
      case 'marks':
        return await marksCommand(core, rest, actor, print, new Date(), {
          timeZone: config.NUMPOOL_TIMEZONE,
          logger,
        });
      case 'number':
        return await numberCommand(core, rest, actor, print, new Date(), {
          timeZone: config.NUMPOOL_TIMEZONE,
          logger,
        });
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } finally {
    await core.close();
  }
}

async function decide(core: ReturnType<typeof createCore>, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      callee: { type: 'string' },
      agent: { type: 'string' },
      purpose: { type: 'string' },
      route: { type: 'string' },
      at: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (values.callee === undefined) throw new UsageError('--callee is required');
  if (!values.agent) throw new UsageError('--agent is required');
  if (!values.purpose || !isCallPurpose(values.purpose)) {
    throw new UsageError(`--purpose must be one of ${CALL_PURPOSES.join(', ')}`);
  }
  if (values.route !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(values.route)) {
    throw new UsageError('--route must be a route name (letters, digits, _ . -)');
  }
  const now = values.at === undefined ? new Date() : parseInstant(values.at);
  const request = {
    callee: values.callee,
    agent: values.agent,
    purpose: values.purpose,
    route: values.route ?? null,
  };
  const dryRun = values['dry-run'] ?? false;
  const result = await core.engine.decide(request, { now, dryRun, record: !dryRun });
  process.stdout.write(`${values.json ? JSON.stringify(decisionJson(result)) : decisionText(result)}\n`);
  return result.decision.kind === 'allowed' ? 0 : 10;
}

async function importFile(
  core: ReturnType<typeof createCore>,
  args: string[],
  actor: Actor,
): Promise<number> {
  const [kind, file, ...extra] = args;
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`import needs a kind: ${IMPORT_KINDS.join(', ')}`);
  }
  if (!file || extra.length) throw new UsageError('import needs exactly one FILE.csv');
  await core.cache.current();
  const content = await readFile(file);
  const outcome = await importCsv(
    { db: core.db, areas: core.areas, regions: () => core.cache.loaded().regions },
    kind as ImportKind,
    content,
    actor,
    new Date(),
  );
  if (!outcome.ok) {
    process.stderr.write(
      `numpool: nothing imported from ${file}:\n${outcome.errors.map((e) => `  ${e}`).join('\n')}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `imported ${outcome.rows} ${kind} rows: ${outcome.counts.inserted} new, ${outcome.counts.updated} updated\n`,
  );
  return 0;
}

/** The pool-health jobs as the service registers them; a manual run takes the same lease. */
async function job(
  core: ReturnType<typeof createCore>,
  timeZone: string,
  logger: Logger,
  args: string[],
): Promise<number> {
  const scheduler = new JobScheduler({ db: core.db, logger, timezone: timeZone });
  registerHealthJobs(scheduler, { db: core.db, timeZone });
  try {
    return await jobCommand({ scheduler }, args, print);
  } finally {
    await scheduler.stop();
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function parseInstant(text: string): Date {
  const valid =
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    isCalendarDate(text.slice(0, 10));
  const date = new Date(text);
  if (!valid || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--at must be an ISO time with an offset, e.g. 2026-10-01T10:00+08:00 (got '${text.slice(0, 40)}')`,
    );
  }
  return date;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`numpool: ${(err as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof AppError && !err.fatal) {
      process.stderr.write(`numpool: ${err.code}: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`numpool: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
