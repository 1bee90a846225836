// Every outbound call numpool decided: the decision, its trace, the reservation and later the outcome.
// decision is allowed | blocked | unchecked (went on without a decision: migration 009).
// Sized for ~10M rows: every hot query is served by one of the indexes below.
import type { Knex } from 'knex';
import { timestamp, utf8mb4 } from './table-defaults.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calls', (t) => {
    utf8mb4(knex, t);
    t.bigIncrements('id');
    t.string('server_id', 64).nullable(); // Asterisk server (X2)
    t.string('channel_id', 128).nullable(); // Asterisk channel uniqueid
    t.string('agent', 64).notNullable();
    t.string('callee_input', 64).notNullable(); // what the agent dialed, truncated
    t.string('callee_e164', 20).nullable();
    t.string('callee_province', 32).nullable();
    t.string('callee_city', 32).nullable();
    t.string('callee_region', 16).nullable();
    t.string('purpose', 16).notNullable(); // service | marketing | urgent
    t.string('decision', 16).notNullable(); // allowed | blocked
    t.string('reason', 32).nullable(); // block reason code
    t.integer('number_id').unsigned().nullable();
    t.string('caller_id', 20).nullable();
    t.string('route', 64).nullable();
    t.date('usage_day').nullable(); // the counter day the reservation was taken on
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.string('status', 16).notNullable(); // pending | completed | released | unknown | blocked
    timestamp(t, 'decided_at').notNullable();
    t.integer('decision_ms').nullable();
    // Outcome, filled from Asterisk events (issue 3).
    t.string('dial_status', 16).nullable(); // ANSWER | BUSY | NOANSWER | CONGESTION | CHANUNAVAIL | CANCEL
    t.integer('hangup_cause').nullable();
    t.integer('ring_seconds').nullable();
    t.integer('talk_seconds').nullable();
    timestamp(t, 'answered_at').nullable();
    timestamp(t, 'ended_at').nullable();
    t.text('trace').nullable(); // JSON decision trace
    // Not unique: a channel may enter Stasis twice (a dialplan loop, a transfer), and uniqueids
    // restart with the server; outcomes are matched by call id (NUMPOOL_CALL_ID), not channel.
    t.index(['server_id', 'channel_id'], 'calls_channel_idx');
    t.index(['callee_e164', 'decided_at'], 'calls_callee_time_idx');
    t.index(['number_id', 'decided_at'], 'calls_number_time_idx');
    t.index(['agent', 'decided_at'], 'calls_agent_time_idx');
    t.index(['decided_at'], 'calls_time_idx');
    t.index(['status', 'decided_at'], 'calls_status_time_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('calls');
}
