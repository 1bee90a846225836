// The ordered list of migrations, as a knex MigrationSource: explicit imports work the same under
// tsx, vitest and a bundled build, unlike knex's directory scan.
import type { Knex } from 'knex';
import * as numbers from './20261128_001_numbers.ts';
import * as reference from './20261128_002_reference.ts';
import * as calleesAgents from './20261128_003_callees_agents.ts';
import * as calls from './20261128_004_calls.ts';
import * as health from './20261128_005_health.ts';
import * as access from './20261128_006_access.ts';
import * as jobs from './20261128_007_jobs.ts';
import * as healthJobs from './20261129_008_health_jobs.ts';
import * as uncheckedCalls from './20261205_009_unchecked_calls.ts';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['20261128_001_numbers', numbers],
  ['20261128_002_reference', reference],
  ['20261128_003_callees_agents', calleesAgents],
  ['20261128_004_calls', calls],
  ['20261128_005_health', health],
  ['20261128_006_access', access],
  ['20261128_007_jobs', jobs],
  ['20261129_008_health_jobs', healthJobs],
  ['20261205_009_unchecked_calls', uncheckedCalls],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};
