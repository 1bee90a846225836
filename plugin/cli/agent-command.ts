// `numpool agent set ID [--name] [--team] [--marketing-trained yes|no] [--active yes|no]`: creates
// or edits one agent, e.g. after the marketing training (C7). Audited; applied within seconds.
import { setAgent, type AgentSaved } from '../actions/reference/set-agent.ts';
import { AppError } from '../errors/index.ts';
import type { RegisterCommands } from './cli-context.ts';

interface SetOptions {
  name?: string;
  team?: string;
  marketingTrained?: string;
  active?: string;
}

function yesNo(option: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const v = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', '是'].includes(v)) return true;
  if (['no', 'n', 'false', '0', '否'].includes(v)) return false;
  throw new AppError('NUMPOOL_USAGE', `${option} must be yes or no (got '${text.slice(0, 40)}')`);
}

function describe(saved: AgentSaved): string {
  const a = saved.agent;
  const fields = [
    `name ${a.name ?? '-'}`,
    `team ${a.team ?? '-'}`,
    `marketing-trained ${a.marketingTrained ? 'yes' : 'no'}`,
    `active ${a.active ? 'yes' : 'no'}`,
  ];
  return `agent ${a.id} ${saved.created ? 'created' : 'updated'}: ${fields.join(', ')}`;
}

export const registerAgentCommands: RegisterCommands = (program, cli) => {
  const agent = program
    .command('agent')
    .description('create or edit one agent (a whole file: numpool import agents)')
    .addHelpText('after', '\nExamples:\n  $ numpool agent set 8001 --marketing-trained yes');

  agent
    .command('set')
    .description('create the agent, or change the fields given (the others keep their value)')
    .argument('<id>', 'the agent id the dialplan passes (extension or dialer id)')
    .option('--name <text>', 'display name (at most 128 characters; "" clears it)')
    .option('--team <text>', 'team (at most 64 characters; "" clears it)')
    .option('--marketing-trained <yes|no>', 'trained for marketing calls (C7)')
    .option('--active <yes|no>', 'an inactive agent cannot place calls through numpool')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool agent set 8001 --name 张三 --team 外呼一组 --marketing-trained yes
  $ numpool agent set 8002 --marketing-trained no
  $ numpool agent set 8003 --active no`,
    )
    .action(async (id: string, options: SetOptions) => {
      const marketingTrained = yesNo('--marketing-trained', options.marketingTrained);
      const active = yesNo('--active', options.active);
      const saved = await setAgent(await cli.actions(), {
        id,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.team === undefined ? {} : { team: options.team }),
        ...(marketingTrained === undefined ? {} : { marketingTrained }),
        ...(active === undefined ? {} : { active }),
      });
      cli.print(describe(saved));
    });
};
