// `numpool export numbers|agents|dnc|consents [--output FILE]`: writes the data as a CSV file with
// the import's columns (so it can be edited and imported back), formula-like cells escaped.
import { Argument } from 'commander';
import { exportCsv, type ExportKind } from '../actions/exports/export-csv.ts';
import { IMPORT_KINDS } from '../import/import-rows.ts';
import type { RegisterCommands } from './cli-context.ts';
import { writeCsvFile } from './csv-file.ts';

export const registerExportCommand: RegisterCommands = (program, cli) => {
  program
    .command('export')
    .description('write numbers, agents, the DNC list or the consents as CSV (the import columns)')
    .addArgument(new Argument('<kind>', 'what to export').choices(IMPORT_KINDS))
    .option('-o, --output <file>', 'write to this file instead of printing')
    .addHelpText(
      'after',
      `
Cells a spreadsheet would run as a formula (starting with = + - @, a tab or CR) are written with a
leading ' (CSV injection); numpool import removes it again. Revoked consents are not exported.

Examples:
  $ numpool export numbers --output numbers.csv
  $ numpool export dnc > dnc.csv
  $ numpool export consents -o consents.csv`,
    )
    .action(async (kind: ExportKind, options: { output?: string }) => {
      const done = await exportCsv(await cli.actions(), kind);
      if (options.output === undefined) {
        cli.print(done.csv.replace(/\n$/u, ''));
        return;
      }
      await writeCsvFile(options.output, done.csv);
      cli.print(`exported ${done.rows} ${kind} rows to ${options.output}`);
    });
};
