// `numpool consent grant | revoke NUMBER`: one callee's marketing consent (C6), for consents that
// do not come through the CRM import. Grants and revocations are audited; a revocation needs a reason.
import { grantConsent } from '../actions/reference/grant-consent.ts';
import { revokeConsent } from '../actions/reference/revoke-consent.ts';
import { AppError } from '../errors/index.ts';
import { parseConsentTime } from '../import/import-rows.ts';
import type { RegisterCommands } from './cli-context.ts';

interface GrantOptions {
  at?: string;
  expires?: string;
  evidence?: string;
  source?: string;
}

function time(option: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const parsed = parseConsentTime(text);
  if (parsed) return parsed;
  throw new AppError(
    'NUMPOOL_USAGE',
    `${option} must be a date (YYYY-MM-DD, China midnight) or an ISO time with an offset (got '${text.slice(0, 40)}')`,
  );
}

export const registerConsentCommands: RegisterCommands = (program, cli) => {
  const consent = program
    .command('consent')
    .description('one callee’s marketing consent (a whole file: numpool import consents)')
    .addHelpText(
      'after',
      `
Examples:
  $ numpool consent grant 13800138000 --evidence "录音 2026-03-01 #4411" --source hotline
  $ numpool consent grant 13800138000 --at 2026-03-01 --expires 2027-03-01
  $ numpool consent revoke 13800138000 --reason "客户撤回同意"`,
    );

  consent
    .command('grant')
    .description('record (or renew) a consent; it replaces an earlier or revoked one')
    .argument('<number>', 'the callee, in any dialling form')
    .option('--at <time>', 'when it was given: YYYY-MM-DD or ISO time with offset (default: now)')
    .option('--expires <time>', 'when it ends (default: never)')
    .option('--evidence <text>', 'where the proof is, e.g. a recording id (at most 1000 characters)')
    .option('--source <text>', 'where it was collected (default: cli)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ numpool consent grant 13800138000 --expires 2027-03-01T00:00+08:00 --evidence "web form 881"',
    )
    .action(async (number: string, options: GrantOptions) => {
      const grantedAt = time('--at', options.at);
      const expiresAt = time('--expires', options.expires);
      const granted = await grantConsent(await cli.actions(), {
        callee: number,
        ...(grantedAt ? { grantedAt } : {}),
        expiresAt: expiresAt ?? null,
        evidence: options.evidence ?? null,
        source: options.source ?? null,
      });
      const until = granted.expiresAt ? ` until ${granted.expiresAt.toISOString()}` : '';
      cli.print(`consent recorded for ${granted.calleeE164} from ${granted.grantedAt.toISOString()}${until}`);
    });

  consent
    .command('revoke')
    .description('withdraw the consent from now on (exit 1 when there was none in force)')
    .argument('<number>', 'the callee, in any dialling form')
    .requiredOption('--reason <text>', 'why (audited)')
    .addHelpText('after', '\nExamples:\n  $ numpool consent revoke 13800138000 --reason "客户撤回同意"')
    .action(async (number: string, options: { reason: string }) => {
      const done = await revokeConsent(await cli.actions(), { callee: number, reason: options.reason });
      if (done.revoked) cli.print(`consent of ${done.e164} revoked`);
      else {
        cli.print(`${done.e164} has no consent in force`);
        cli.setExitCode(1);
      }
    });
};
