// Opens the knex connection for MySQL/MariaDB or the embedded SQLite demo database, and runs migrations.
// Every timestamp crosses this boundary as a UTC 'YYYY-MM-DD HH:MM:SS.mmm' string (see db-time.ts).
import knexFactory, { type Knex } from 'knex';
import { migrationSource } from '../../../migrations/index.ts';

export type Dialect = 'mysql' | 'sqlite';

export interface Database {
  knex: Knex;
  dialect: Dialect;
}

/**
 * What repository functions read and write through: the connection (`db.knex`) or a transaction.
 * Outside store/ it is an opaque handle passed back to repositories; only store/ imports knex.
 */
export type Queryable = Knex;

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.knex.transaction(work);
}

/** Where knex's own warnings go (lost connections, pool errors): never stdout, which is JSON only. */
export interface DatabaseLog {
  warn(message: string): void;
  error(message: string): void;
}

const STDERR_LOG: DatabaseLog = {
  warn: (message) => void process.stderr.write(`knex: ${message}\n`),
  error: (message) => void process.stderr.write(`knex: ${message}\n`),
};

function knexLog(log: DatabaseLog): Knex.Config['log'] {
  const text = (message: unknown): string => (typeof message === 'string' ? message : String(message));
  return {
    warn: (message: unknown) => log.warn(text(message)),
    error: (message: unknown) => log.error(text(message)),
    deprecate: (method: string, alternative: string) =>
      log.warn(`${method} is deprecated; use ${alternative}`),
    debug: () => undefined,
  };
}

interface RawMysqlConnection {
  query(sql: string, callback: (err: Error | null) => void): void;
}

export function openDatabase(url: string, poolMax = 10, log: DatabaseLog = STDERR_LOG): Database {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length).replace(/^\/\//, '') || ':memory:';
    const knex = knexFactory({
      client: 'better-sqlite3',
      log: knexLog(log),
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (
          conn: { pragma(s: string): void },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          done(null, conn);
        },
      },
    });
    return { knex, dialect: 'sqlite' };
  }
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const knex = knexFactory({
    client: 'mysql2',
    log: knexLog(log),
    connection: {
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: parsed.pathname.replace(/^\//, ''),
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      // Without FOUND_ROWS an UPDATE reports rows actually changed; the cap reservation relies on it.
      flags: ['-FOUND_ROWS'],
      // The reservation sends its statements in two batches (mysql-batch.ts): each round trip
      // saved is a socket write and wake-up per call. Every statement here binds its values.
      multipleStatements: true,
      supportBigNumbers: true,
    },
    pool: {
      min: 0,
      max: poolMax,
      // READ COMMITTED keeps InnoDB from taking gap locks on the hot tables. Set once per
      // connection rather than per transaction, which would cost a round trip on every call.
      afterCreate: (conn: RawMysqlConnection, done: (err: Error | null, conn: unknown) => void) => {
        // A decision waits at most 2 s for a row lock (InnoDB's default is 50 s), then retries.
        conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => {
          if (err) return done(err, conn);
          conn.query('SET SESSION innodb_lock_wait_timeout = 2', (err2) => done(err2, conn));
        });
      },
    },
    acquireConnectionTimeout: 10_000,
  });
  return { knex, dialect: 'mysql' };
}

export async function migrateLatest(db: Database): Promise<string[]> {
  const [, names] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
  return names;
}

export async function migrateRollbackAll(db: Database): Promise<void> {
  await db.knex.migrate.rollback({ migrationSource }, true);
}
