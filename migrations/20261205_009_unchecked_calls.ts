// Calls that went on without numpool's decision (fail policy, watchdog, late or lost decisions):
// one row per Asterisk channel, keyed so that the NumpoolResult event and the AstDB reconciliation
// of the same call never insert it twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    // `<server id>/<uniqueid>` for a call logged as unchecked; NULL for every decided call.
    t.string('unchecked_key', 191).nullable().unique('calls_unchecked_key_uq');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.dropUnique(['unchecked_key'], 'calls_unchecked_key_uq');
    t.dropColumn('unchecked_key');
  });
}
