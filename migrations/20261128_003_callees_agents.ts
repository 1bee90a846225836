// Who calls and who is called: agents (C7), per-callee history (C4, S5), DNC (C5) and consents (C6).
import type { Knex } from 'knex';
import { auditStamps, timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agents', (t) => {
    utf8mb4(knex, t);
    t.string('id', 64).primary(); // the agent's extension or dialer id, as the dialplan passes it
    t.string('name', 128).nullable();
    t.boolean('marketing_trained').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('team', 64).nullable();
    t.integer('version').notNullable().defaultTo(1);
    auditStamps(t);
  });

  // One row per callee ever called; its row lock serialises concurrent decisions for that callee.
  await knex.schema.createTable('callee_history', (t) => {
    utf8mb4(knex, t);
    t.string('callee_e164', 20).primary();
    timestamp(t, 'first_called_at').nullable();
    timestamp(t, 'last_called_at').nullable();
    t.integer('last_number_id').unsigned().nullable();
    t.string('last_agent', 64).nullable();
    t.integer('calls_total').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('dnc', (t) => {
    utf8mb4(knex, t);
    t.string('callee_e164', 20).primary();
    t.string('reason', 255).nullable();
    t.string('source', 16).notNullable(); // agent | api | panel | import | cli
    t.string('added_by', 64).notNullable();
    timestamp(t, 'added_at').notNullable();
  });

  await knex.schema.createTable('consents', (t) => {
    utf8mb4(knex, t);
    t.string('callee_e164', 20).notNullable();
    t.string('scope', 16).notNullable().defaultTo('marketing');
    timestamp(t, 'granted_at').notNullable();
    timestamp(t, 'expires_at').nullable();
    timestamp(t, 'revoked_at').nullable();
    t.string('source', 32).notNullable();
    t.text('evidence').nullable();
    t.primary(['callee_e164', 'scope']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['consents', 'dnc', 'callee_history', 'agents']) {
    await knex.schema.dropTableIfExists(table);
  }
}
