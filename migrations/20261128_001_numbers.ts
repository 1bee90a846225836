// The number inventory (P1–P5, L1): the numbers, their lifecycle history and per-day usage counters.
import type { Knex } from 'knex';
import { auditStamps, timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('numbers', (t) => {
    utf8mb4(knex, t);
    t.increments('id');
    t.string('e164', 20).notNullable().unique();
    t.string('national', 20).notNullable();
    t.string('type', 16).notNullable(); // mobile | landline | virtual | service | tollfree
    t.string('carrier', 32).nullable();
    t.string('province', 32).nullable();
    t.string('city', 32).nullable();
    t.string('area_code', 8).nullable();
    t.string('region', 16).nullable();
    t.string('purpose', 16).notNullable(); // service | marketing
    t.string('tier', 16).notNullable().defaultTo('main'); // main | reserve
    t.string('state', 16).notNullable().defaultTo('new');
    t.integer('daily_cap').notNullable().defaultTo(20);
    t.integer('warmup_cap').notNullable().defaultTo(5);
    t.string('route', 64).nullable(); // trunk/route the number must be presented on; null = any route
    t.date('acquired_on').nullable();
    t.date('activated_on').nullable();
    t.date('review_due_on').nullable();
    t.date('release_after').nullable(); // retired numbers are held until this date
    timestamp(t, 'state_changed_at').nullable();
    t.text('branded_display').nullable(); // JSON: platform → registered | pending | none
    t.double('answer_rate').nullable(); // recent answer rate, refreshed by the health job
    t.double('health_score').nullable();
    t.text('notes').nullable();
    t.integer('version').notNullable().defaultTo(1);
    auditStamps(t);
    t.index(['state', 'purpose', 'tier'], 'numbers_eligibility_idx');
    t.index(['province', 'city'], 'numbers_area_idx');
  });

  await knex.schema.createTable('number_state_history', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.integer('number_id').unsigned().notNullable().references('numbers.id').onDelete('CASCADE');
    t.string('from_state', 16).nullable();
    t.string('to_state', 16).notNullable();
    t.string('actor_kind', 16).notNullable(); // job | user | api | cli | system
    t.string('actor', 64).notNullable();
    t.text('reason').nullable();
    timestamp(t, 'at').notNullable();
    t.index(['number_id', 'at']);
  });

  await knex.schema.createTable('number_daily_usage', (t) => {
    utf8mb4(knex, t);
    t.integer('number_id').unsigned().notNullable();
    t.date('day').notNullable(); // in the pool's time zone
    t.integer('used').notNullable().defaultTo(0);
    t.primary(['number_id', 'day']);
    t.index(['day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('number_daily_usage');
  await knex.schema.dropTableIfExists('number_state_history');
  await knex.schema.dropTableIfExists('numbers');
}
