// `numpool import numbers|agents|dnc|consents FILE.csv [--update]`: loads a CSV file through the
// import action (every line checked, all or nothing) and prints the counts and the changed numbers.
import { Argument } from 'commander';
import { importCsvFile } from '../actions/imports/import-csv.ts';
import { describeInventoryChange } from '../domain/numbers/inventory-change.ts';
import { IMPORT_KINDS, type ImportKind } from '../import/import-rows.ts';
import type { RegisterCommands } from './cli-context.ts';
import { readCsvFile } from './csv-file.ts';

export const registerImportCommand: RegisterCommands = (program, cli) => {
  program
    .command('import')
    .description(
      'load a CSV file (UTF-8, header row); every line is checked, nothing is imported unless all are valid',
    )
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the CSV file (columns: README, "CSV import")')
    .option('--update', "numbers: let the file change an existing number's purpose (service ↔ marketing)")
    .addHelpText(
      'after',
      `
A re-imported numbers file lists every existing number whose purpose, tier or caps it changes;
a change of purpose is refused (nothing imported) unless --update is given.
Free text (names, reasons, notes, evidence) may not hold control characters; the line and column
are named. Values starting with = + - @ are stored as given.

Examples:
  $ numpool import numbers numbers.csv
  $ numpool import numbers numbers.csv --update
  $ numpool import agents agents.csv
  $ numpool import dnc dnc.csv
  $ numpool import consents consents.csv`,
    )
    .action(async (kind: ImportKind, file: string, options: { update?: boolean }) => {
      const content = await readCsvFile(file);
      const done = await importCsvFile(await cli.actions(), {
        kind,
        content,
        source: file,
        update: options.update ?? false,
      });
      const { inserted, updated } = done.counts;
      cli.print(`imported ${done.rows} ${kind} rows: ${inserted} new, ${updated} updated`);
      for (const change of done.changes) cli.print(`  ${describeInventoryChange(change)}`);
    });
};
