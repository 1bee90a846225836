// Access and accountability (X4, G3): panel users, sessions, API tokens and the audit log.
import type { Knex } from 'knex';
import { timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    utf8mb4(knex, t);
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('password_hash', 255).notNullable(); // scrypt
    t.string('role', 16).notNullable(); // admin | supervisor | viewer
    t.boolean('active').notNullable().defaultTo(true);
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'last_login_at').nullable();
  });

  await knex.schema.createTable('sessions', (t) => {
    utf8mb4(knex, t);
    t.string('sid', 128).primary();
    t.text('sess').notNullable();
    timestamp(t, 'expired').notNullable().index();
  });

  await knex.schema.createTable('api_tokens', (t) => {
    utf8mb4(knex, t);
    t.increments('id');
    t.string('name', 64).notNullable();
    t.string('token_hash', 128).notNullable().unique();
    t.string('role', 16).notNullable();
    t.string('created_by', 64).notNullable();
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'last_used_at').nullable();
    timestamp(t, 'revoked_at').nullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    timestamp(t, 'at').notNullable();
    t.string('actor_kind', 16).notNullable(); // user | api | cli | job | system
    t.string('actor', 64).notNullable();
    t.string('action', 64).notNullable();
    t.string('entity', 32).notNullable();
    t.string('entity_id', 64).nullable();
    t.text('before').nullable(); // JSON
    t.text('after').nullable(); // JSON
    t.index(['entity', 'entity_id']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_log', 'api_tokens', 'sessions', 'users']) {
    await knex.schema.dropTableIfExists(table);
  }
}
