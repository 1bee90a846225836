// Reads the affected-row count and insert id from knex.raw results, which differ per driver.
import type { Dialect } from './database.ts';

export function affectedRows(dialect: Dialect, result: unknown): number {
  if (dialect === 'sqlite') return (result as { changes: number }).changes;
  return (result as [{ affectedRows: number }])[0].affectedRows;
}

export function rowsOf<T>(dialect: Dialect, result: unknown): T[] {
  return dialect === 'sqlite' ? (result as T[]) : (result as [T[]])[0];
}

/** MariaDB/MySQL deadlock or lock-wait timeout, or SQLite busy: safe to retry the transaction. */
export function isRetryableLockError(err: unknown): boolean {
  const e = err as { errno?: number; code?: string };
  return e.errno === 1213 || e.errno === 1205 || e.code === 'SQLITE_BUSY';
}

/** A unique or primary key already holds this value (MariaDB/MySQL 1062, SQLite constraint). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { errno?: number; code?: string };
  return (
    e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
