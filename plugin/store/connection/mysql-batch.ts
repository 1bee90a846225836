// One MariaDB/MySQL transaction sent as a few multi-statement batches on a raw mysql2 connection
// borrowed from knex's pool (its session settings included). Used by the reservation's hot path,
// where each round trip costs a socket write and a wake-up: more than the statements themselves.
import { AppError } from '../../errors/index.ts';
import type { Database } from './database.ts';

/** One statement and its bound values; the SQL text is always a literal of ours, never input. */
export interface Statement {
  sql: string;
  values: readonly unknown[];
}

/** What mysql2 returns for a statement that returns no rows. */
export interface ResultHeader {
  affectedRows: number;
  insertId: number;
}

export interface BatchTransaction {
  /** One round trip; the first also starts the transaction. Results in statement order. */
  send(statements: readonly Statement[]): Promise<unknown[]>;
  /** One round trip that ends with COMMIT. */
  commit(statements: readonly Statement[]): Promise<unknown[]>;
}

/** The slice of knex's client that lends out its pooled connections. */
interface KnexConnectionPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

interface MysqlCallbackConnection {
  query(
    options: { sql: string; values: unknown[] },
    callback: (err: Error | null, results: unknown) => void,
  ): void;
  destroy(): void;
}

/**
 * Runs `work` in one transaction. If it throws (a deadlock, a lock wait timeout, a lost
 * connection) or returns without committing, the transaction is rolled back before the
 * connection goes back to the pool; a connection that cannot roll back is destroyed.
 */
export async function withBatchTransaction<T>(
  db: Database,
  work: (tx: BatchTransaction) => Promise<T>,
): Promise<T> {
  const pool = db.knex.client as KnexConnectionPool;
  const conn = (await pool.acquireConnection()) as MysqlCallbackConnection;
  let started = false;
  let open = false;
  const run = async (statements: readonly Statement[], prefix: string[], suffix: string[]) => {
    const texts = [...prefix, ...statements.map((s) => s.sql), ...suffix];
    const results = await query(
      conn,
      texts,
      statements.flatMap((s) => s.values),
    );
    return results.slice(prefix.length, prefix.length + statements.length);
  };
  const tx: BatchTransaction = {
    send: async (statements) => {
      const prefix = started ? [] : ['START TRANSACTION'];
      started = open = true;
      return run(statements, prefix, []);
    },
    commit: async (statements) => {
      const prefix = started ? [] : ['START TRANSACTION'];
      started = open = true;
      const results = await run(statements, prefix, ['COMMIT']);
      open = false;
      return results;
    },
  };
  try {
    const result = await work(tx);
    if (open) await query(conn, ['ROLLBACK'], []);
    return result;
  } catch (err) {
    if (open) await rollbackOrDestroy(conn, err);
    throw err;
  } finally {
    await pool.releaseConnection(conn);
  }
}

async function rollbackOrDestroy(conn: MysqlCallbackConnection, cause: unknown): Promise<void> {
  try {
    await query(conn, ['ROLLBACK'], []);
  } catch (rollbackErr) {
    // The pool validates connections on acquire and drops a destroyed one.
    conn.destroy();
    throw new AppError('NUMPOOL_DB_ROLLBACK_FAILED', 'a failed reservation could not be rolled back', {
      cause,
      details: { rollbackError: String(rollbackErr) },
    });
  }
}

/** One round trip: the result of each statement, in order (mysql2 nests them only for several). */
function query(
  conn: MysqlCallbackConnection,
  texts: readonly string[],
  values: unknown[],
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    conn.query({ sql: texts.join(';\n'), values }, (err, results) => {
      if (err) reject(err);
      else resolve(texts.length > 1 ? (results as unknown[]) : [results]);
    });
  });
}
