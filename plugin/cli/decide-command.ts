// `numpool decide`: decides one call as the dialplan would and prints the decision with its trace,
// readable or as JSON. Exit code 0 when allowed, 10 when blocked (a blocked call is no error).
import { decideCall } from '../actions/decide/decide-call.ts';
import { isRouteName, parseInstant } from '../actions/decide/decide-input.ts';
import { CALL_PURPOSES, isCallPurpose } from '../domain/call-request.ts';
import { AppError } from '../errors/index.ts';
import type { RegisterCommands } from './cli-context.ts';
import { decisionJson, decisionText } from './decision-report.ts';

/** The exit code of a blocked decision: scripts tell it from a failure (1) and bad arguments (2). */
export const EXIT_BLOCKED = 10;

interface DecideOptions {
  callee?: string;
  agent?: string;
  purpose?: string;
  route?: string;
  at?: string;
  dryRun?: boolean;
  json?: boolean;
}

export const registerDecideCommand: RegisterCommands = (program, cli) => {
  program
    .command('decide')
    .description('decide one call and print the decision with its trace')
    .option('--callee <number>', 'the number the agent dialled, as dialled (required)')
    .option('--agent <id>', 'the agent id, as the dialplan passes it (required)')
    .option('--purpose <purpose>', `${CALL_PURPOSES.join(', ')} (required)`)
    .option('--route <name>', 'the route the call must leave on (default: the number chooses)')
    .option('--at <time>', 'decide as if at this ISO time with offset (default: now)')
    .option('--dry-run', 'decide only: reserve nothing, record nothing')
    .option('--json', 'print one JSON object instead of the readable report')
    .addHelpText(
      'after',
      `
Exit codes: 0 allowed, 10 blocked, 2 bad arguments or configuration, 1 failure.

Examples:
  $ numpool decide --callee 13800138000 --agent 8001 --purpose marketing
  $ numpool decide --callee 13800138000 --agent 8001 --purpose marketing --at 2026-10-01T10:00+08:00 --dry-run
  $ numpool decide --callee 010-6552-9988 --agent 8001 --purpose service --route trunk-bj --json`,
    )
    .action(async (options: DecideOptions) => {
      const input = decideInput(options);
      const result = await decideCall(await cli.actions(), input);
      cli.print(options.json ? JSON.stringify(decisionJson(result)) : decisionText(result));
      if (result.decision.kind !== 'allowed') cli.setExitCode(EXIT_BLOCKED);
    });
};

function decideInput(options: DecideOptions): Parameters<typeof decideCall>[1] {
  const { callee, agent, purpose, route, at } = options;
  if (callee === undefined) throw usage('--callee is required');
  if (!agent) throw usage('--agent is required');
  if (purpose === undefined || !isCallPurpose(purpose)) {
    throw usage(`--purpose must be one of ${CALL_PURPOSES.join(', ')}`);
  }
  if (route !== undefined && !isRouteName(route)) {
    throw usage('--route must be a route name (letters, digits, _ . -)');
  }
  const instant = at === undefined ? null : parseInstant(at);
  if (at !== undefined && instant === null) {
    throw usage(
      `--at must be an ISO time with an offset, e.g. 2026-10-01T10:00+08:00 (got '${at.slice(0, 40)}')`,
    );
  }
  return { callee, agent, purpose, route: route ?? null, at: instant, dryRun: options.dryRun ?? false };
}

function usage(message: string): AppError {
  return new AppError('NUMPOOL_USAGE', message);
}
