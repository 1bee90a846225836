// Every command module of `numpool`, in the order `numpool --help` lists them. A module registers
// its commands, options, help text and examples on the program (see cli-context.ts).
import { registerAppealCommands } from './appeal-command.ts';
import { registerCalendarCommands } from './calendar-command.ts';
import type { RegisterCommands } from './cli-context.ts';
import { registerDataCommands } from './data-commands.ts';
import { registerDecideCommand } from './decide-command.ts';
import { registerJobCommands } from './job-command.ts';
import { registerMarksCommands } from './marks-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerNumberCommands } from './number-command.ts';
import { registerReportCommands } from './report-command.ts';
import { registerRulesCommands } from './rules-command.ts';
import { registerSettingsCommands } from './settings-command.ts';

export const COMMAND_MODULES: readonly RegisterCommands[] = [
  registerMigrateCommand,
  registerDataCommands,
  registerDecideCommand,
  registerRulesCommands,
  registerCalendarCommands,
  registerSettingsCommands,
  registerReportCommands,
  registerJobCommands,
  registerNumberCommands,
  registerMarksCommands,
  registerAppealCommands,
];
