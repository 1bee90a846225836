// `numpool rules show | set FILE.json`: the administrator's rules (calling windows, frequency limits,
// purposes) from the command line, validated as the panel validates them, and audited.
import { replaceRules } from '../actions/rules/replace-rules.ts';
import { showRules } from '../actions/rules/show-rules.ts';
import type { RegisterCommands } from './cli-context.ts';
import { readJsonFile } from './json-file.ts';

export const registerRulesCommands: RegisterCommands = (program, cli) => {
  const rules = program
    .command('rules')
    .description('print or replace the rules: calling windows, frequency limits, purposes')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool rules show > rules.json
  $ numpool rules set rules.json`,
    );

  rules
    .command('show')
    .description('print the rules in force as JSON, every default filled in')
    .addHelpText('after', '\nExamples:\n  $ numpool rules show\n  $ numpool rules show > rules.json')
    .action(async () => {
      cli.print(JSON.stringify(await showRules(await cli.actions()), null, 2));
    });

  rules
    .command('set')
    .description('replace the rules with a JSON file (validated, audited; applied within seconds)')
    .argument('<file>', 'the rules as JSON; what it leaves out takes the default')
    .addHelpText(
      'after',
      `
Examples:
  $ echo '{"requireMarketingConsent": false}' > rules.json && numpool rules set rules.json`,
    )
    .action(async (file: string) => {
      const input = await readJsonFile(file);
      await replaceRules(await cli.actions(), input);
      cli.print(`rules saved from ${file}; every numpool process applies them within seconds`);
    });
};
