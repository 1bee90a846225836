// `numpool settings show|set health|mark-provider`: the pool-health settings (thresholds, learning
// strategy per sub-pool) and the HTTP mark provider, validated as the panel validates them, audited.
import type { Command } from 'commander';
import { replaceHealthSettings, replaceMarkProvider } from '../actions/settings/replace-settings.ts';
import { showHealthSettings, showMarkProvider } from '../actions/settings/show-settings.ts';
import { AppError } from '../errors/index.ts';
import type { CliContext, RegisterCommands } from './cli-context.ts';
import { readJsonFile } from './json-file.ts';

const KINDS = ['health', 'mark-provider'] as const;
type SettingsKind = (typeof KINDS)[number];

const USAGE = 'settings needs: show health|mark-provider | set health|mark-provider FILE.json';

export const registerSettingsCommands: RegisterCommands = (program, cli) => {
  const settings = program
    .command('settings')
    .description('print or replace the pool-health settings and the HTTP mark provider')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool settings show health > health.json
  $ numpool settings set health health.json
  $ numpool settings show mark-provider`,
    );
  registerShow(settings, cli);
  registerSet(settings, cli);
};

function registerShow(settings: Command, cli: CliContext): void {
  settings
    .command('show')
    .description('print the settings in force as JSON (every default shown, credentials masked)')
    .argument('<kind>', KINDS.join(' or '))
    .addHelpText(
      'after',
      '\nExamples:\n  $ numpool settings show health\n  $ numpool settings show mark-provider',
    )
    .action(async (kind: string) => {
      const which = settingsKind(kind);
      const ctx = await cli.actions();
      if (which === 'health') {
        cli.print(JSON.stringify(await showHealthSettings(ctx), null, 2));
        return;
      }
      const provider = await showMarkProvider(ctx);
      cli.print(provider ? JSON.stringify(provider, null, 2) : 'no mark provider configured');
    });
}

function registerSet(settings: Command, cli: CliContext): void {
  settings
    .command('set')
    .description('replace the settings with a JSON file (validated, audited; the jobs read them each run)')
    .argument('<kind>', KINDS.join(' or '))
    .argument('<file>', 'the settings as JSON; what it leaves out takes the default')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool settings set health health.json
  $ numpool settings set mark-provider provider.json

  where health.json may hold only what differs from the defaults, e.g.
  {"learning": {"strategyBySubPool": {"marketing/华北": "thompson"}}}`,
    )
    .action(async (kind: string, file: string) => {
      const which = settingsKind(kind);
      const input = await readJsonFile(file);
      const ctx = await cli.actions();
      if (which === 'health') await replaceHealthSettings(ctx, input);
      else await replaceMarkProvider(ctx, input);
      cli.print(`${which} settings saved from ${file}`);
    });
}

function settingsKind(kind: string): SettingsKind {
  const found = KINDS.find((k) => k === kind);
  if (found === undefined) throw new AppError('NUMPOOL_USAGE', USAGE);
  return found;
}
