// What the pool-health jobs (issue 4) record beyond the health tables: alerts for supervisors (one
// open alert per dedupe key), when a retired number was released, and when an appeal's answer took effect.
import type { Knex } from 'knex';
import { timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alerts', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    timestamp(t, 'raised_at').notNullable();
    t.string('kind', 32).notNullable(); // low-answer-rate | fraud-mark | left-service | no-reserve | sizing | …
    t.string('severity', 16).notNullable(); // info | warning | urgent
    t.integer('number_id').unsigned().nullable();
    t.string('sub_pool', 64).nullable();
    t.string('job', 64).notNullable();
    // Unique while the alert is open; cleared on resolution so the condition can be raised again later.
    t.string('open_key', 191).nullable().unique();
    t.text('message').notNullable();
    t.text('details').nullable(); // JSON
    timestamp(t, 'resolved_at').nullable();
    t.string('resolved_by', 64).nullable();
    t.text('resolution').nullable();
    t.index(['kind', 'resolved_at']);
    t.index(['number_id']);
    t.index(['raised_at']);
  });
  await knex.schema.alterTable('numbers', (t) => {
    t.date('released_on').nullable(); // retired and handed back to the carrier after the hold (L3)
  });
  await knex.schema.alterTable('appeals', (t) => {
    timestamp(t, 'effects_applied_at').nullable(); // the answer's effects (A2) are applied exactly once
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appeals', (t) => t.dropColumn('effects_applied_at'));
  await knex.schema.alterTable('numbers', (t) => t.dropColumn('released_on'));
  await knex.schema.dropTableIfExists('alerts');
}
