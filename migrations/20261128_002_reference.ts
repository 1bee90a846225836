// Reference data an administrator maintains: 号段/area-code prefixes, the province→region map,
// calendar overrides (holidays and 调休 make-up workdays) and rule settings.
import type { Knex } from 'knex';
import { timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('area_prefixes', (t) => {
    utf8mb4(knex, t);
    t.string('prefix', 12).primary(); // national digits: mobile 号段 '1380013' or area code '10'
    t.string('province', 32).notNullable();
    t.string('city', 32).nullable();
    t.string('area_code', 8).nullable();
    t.string('carrier', 32).nullable();
    timestamp(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('regions', (t) => {
    utf8mb4(knex, t);
    t.string('province', 32).primary();
    t.string('region', 16).notNullable();
  });

  await knex.schema.createTable('calendar_overrides', (t) => {
    utf8mb4(knex, t);
    t.date('date').primary();
    t.string('kind', 16).notNullable(); // holiday | workday
    t.string('name', 64).nullable();
    t.string('created_by', 64).notNullable();
    timestamp(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('settings', (t) => {
    utf8mb4(knex, t);
    t.string('key', 64).primary();
    t.text('value').notNullable(); // JSON
    t.integer('version').notNullable().defaultTo(1);
    t.string('updated_by', 64).notNullable();
    timestamp(t, 'updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['settings', 'calendar_overrides', 'regions', 'area_prefixes']) {
    await knex.schema.dropTableIfExists(table);
  }
}
