// Creates a fresh utf8mb4 MariaDB/MySQL database per test file (dropped afterwards), migrated to
// the latest schema. NUMPOOL_TEST_MYSQL_URL points at the server (default: local root, no password).
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { migrateLatest, openDatabase, type Database } from '../../plugin/store/connection/database.ts';

export const TEST_SERVER_URL = process.env.NUMPOOL_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  url: string;
  name: string;
  /** Opens another connection pool on the same database, as a second numpool process would. */
  open(poolMax?: number): Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `np_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const server = new URL(TEST_SERVER_URL);
  const admin = knexFactory({
    client: 'mysql2',
    connection: {
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    },
    pool: { min: 0, max: 1 },
  });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = `${TEST_SERVER_URL.replace(/\/$/, '')}/${name}`;
  const opened: Database[] = [];
  const open = (poolMax = 10): Database => {
    const db = openDatabase(url, poolMax);
    opened.push(db);
    return db;
  };
  const migrator = open(2);
  await migrateLatest(migrator);
  return {
    url,
    name,
    open,
    drop: async () => {
      await Promise.all(opened.map((db) => db.knex.destroy()));
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}
