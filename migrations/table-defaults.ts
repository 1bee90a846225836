// Shared column conventions for every migration: utf8mb4 on MySQL/MariaDB, UTC timestamps as DATETIME(3).
// Times are written and read as 'YYYY-MM-DD HH:MM:SS.mmm' UTC strings so MySQL and SQLite agree.
import type { Knex } from 'knex';

/** On MySQL/MariaDB the table is utf8mb4 whatever the server default (often latin1); SQLite is UTF-8 already. */
export function utf8mb4(knex: Knex, table: Knex.CreateTableBuilder): void {
  const client = String((knex.client as { config: { client: unknown } }).config.client);
  if (!client.startsWith('mysql')) return;
  table.charset('utf8mb4');
  table.collate('utf8mb4_unicode_ci');
}

export function timestamp(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.datetime(name, { precision: 3 });
}

export function auditStamps(table: Knex.CreateTableBuilder): void {
  timestamp(table, 'created_at').notNullable();
  timestamp(table, 'updated_at').notNullable();
}
