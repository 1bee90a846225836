// The data an administrator loads and keeps: `import`, `export`, `dnc`, `consent` and `agent`,
// registered together as one entry of cli/commands.ts, in the order `numpool --help` lists them.
import { registerAgentCommands } from './agent-command.ts';
import type { RegisterCommands } from './cli-context.ts';
import { registerConsentCommands } from './consent-command.ts';
import { registerDncCommands } from './dnc-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerImportCommand } from './import-command.ts';

export const registerDataCommands: RegisterCommands = (program, cli) => {
  for (const register of [
    registerImportCommand,
    registerExportCommand,
    registerDncCommands,
    registerConsentCommands,
    registerAgentCommands,
  ])
    register(program, cli);
};
