// Scheduled jobs shared by several numpool processes: a lease per job and one row per job run.
import type { Knex } from 'knex';
import { timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_leases', (t) => {
    utf8mb4(knex, t);
    t.string('job', 64).primary();
    t.string('holder', 128).nullable();
    timestamp(t, 'lease_until').nullable();
  });

  // unique (job, tick): a schedule tick can be claimed by exactly one process.
  await knex.schema.createTable('job_runs', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.string('job', 64).notNullable();
    t.string('tick', 32).notNullable();
    t.string('run_id', 64).notNullable();
    t.string('holder', 128).notNullable();
    timestamp(t, 'started_at').notNullable();
    timestamp(t, 'finished_at').nullable();
    t.string('status', 16).notNullable(); // running | ok | failed
    t.text('summary').nullable();
    t.unique(['job', 'tick']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('job_runs');
  await knex.schema.dropTableIfExists('job_leases');
}
