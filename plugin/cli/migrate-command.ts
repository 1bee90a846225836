// `numpool migrate [--rollback-all]`: creates or updates the database schema.
import { migrateDatabase } from '../actions/database/migrate-database.ts';
import type { RegisterCommands } from './cli-context.ts';

export const registerMigrateCommand: RegisterCommands = (program, cli) => {
  program
    .command('migrate')
    .description('create or update the database schema')
    .option('--rollback-all', 'undo every migration (drops all numpool tables and their data)')
    .addHelpText(
      'after',
      `
Examples:
  $ NUMPOOL_DB_URL=mysql://numpool:secret@127.0.0.1:3306/numpool numpool migrate
  $ numpool migrate --rollback-all`,
    )
    .action(async (options: { rollbackAll?: boolean }) => {
      const result = await migrateDatabase(await cli.actions(), {
        rollbackAll: options.rollbackAll ?? false,
      });
      if (result.kind === 'rolled-back') cli.print('rolled back every migration');
      else
        cli.print(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'database is up to date');
    });
};
