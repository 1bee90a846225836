// Every command module of `numpool`, in the order `numpool --help` lists them. A module registers
// its commands, options, help text and examples on the program (see cli-context.ts).
import type { RegisterCommands } from './cli-context.ts';

export const COMMAND_MODULES: readonly RegisterCommands[] = [];
