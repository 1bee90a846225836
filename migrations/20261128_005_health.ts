// Pool health (M1–M5, A1–A2): spam marks, mark checks, appeals and per-number daily statistics.
import type { Knex } from 'knex';
import { auditStamps, timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('marks', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.integer('number_id').unsigned().notNullable().references('numbers.id').onDelete('CASCADE');
    t.string('platform', 32).notNullable(); // 360 | tencent | baidu | sogou | huawei | xiaomi | …
    t.string('mark_type', 16).notNullable(); // harassment | sales | fraud | other
    t.integer('count').notNullable().defaultTo(0);
    timestamp(t, 'first_seen_at').notNullable();
    timestamp(t, 'last_seen_at').notNullable();
    t.string('source', 16).notNullable(); // provider | manual | import
    timestamp(t, 'cleared_at').nullable();
    timestamp(t, 'updated_at').notNullable();
    t.unique(['number_id', 'platform', 'mark_type']);
  });

  await knex.schema.createTable('mark_checks', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.integer('number_id').unsigned().notNullable();
    t.string('provider', 64).notNullable();
    timestamp(t, 'checked_at').notNullable();
    t.string('status', 16).notNullable(); // ok | failed
    t.text('error').nullable();
    t.text('raw').nullable();
    t.index(['number_id', 'checked_at']);
  });

  await knex.schema.createTable('appeals', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.integer('number_id').unsigned().notNullable().references('numbers.id').onDelete('CASCADE');
    t.string('platform', 32).notNullable();
    t.string('status', 16).notNullable(); // draft | submitted | approved | rejected
    t.boolean('urgent').notNullable().defaultTo(false);
    t.text('materials').notNullable(); // JSON checklist: item → provided?
    timestamp(t, 'submitted_at').nullable();
    t.date('due_on').nullable();
    timestamp(t, 'answered_at').nullable();
    t.text('outcome_note').nullable();
    t.string('created_by', 64).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    auditStamps(t);
    t.index(['status', 'due_on']);
    t.index(['number_id']);
  });

  await knex.schema.createTable('number_daily_stats', (t) => {
    utf8mb4(knex, t);
    t.integer('number_id').unsigned().notNullable();
    t.date('day').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('answered').notNullable().defaultTo(0);
    t.integer('talk_seconds').notNullable().defaultTo(0);
    t.integer('short_answered').notNullable().defaultTo(0);
    t.primary(['number_id', 'day']);
    t.index(['day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['number_daily_stats', 'appeals', 'mark_checks', 'marks']) {
    await knex.schema.dropTableIfExists(table);
  }
}
