// `marks add`: a supervisor enters a spam mark seen in a phone-security app (M2). The mark is merged
// and audited, and the mark rules (M3) apply at once in the same transaction, as in the daily check:
// too many marks suspend the number; a fraud mark disables it with an urgent appeal and an audit alert.
import type { NewMark } from '../../domain/health/mark.ts';
import { AppError } from '../../errors/index.ts';
import { inTransaction } from '../../store/connection/database.ts';
import type { ActionContext } from '../action-context.ts';
import { findPoolNumber } from '../numbers/find-pool-number.ts';
import { startSupervisorRun } from '../numbers/supervisor-run.ts';
import { applyMarkRulesNow, type RuleOutcome } from './apply-mark-rules.ts';
import { enterMarkManually } from './manual-mark-entry.ts';

/** The mark check's own name: alerts, urgent appeals and history say the mark rules did it. */
export const MARK_RULES_JOB = 'mark-check';

export interface AddMarkInput {
  number: string;
  /** A platform id or a name the settings know ('360', '腾讯手机管家'). */
  platform: string;
  /** harassment/骚扰, sales/推销, fraud/诈骗, other. */
  type: string;
  /** The count the platform shows now. */
  count: number;
}

export interface AddedMark {
  e164: string;
  /** What appeared or grew; empty when the count did not grow. */
  newMarks: NewMark[];
  rules: RuleOutcome[];
}

export async function addMark(ctx: ActionContext, input: AddMarkInput): Promise<AddedMark> {
  const number = await findPoolNumber(ctx, input.number);
  return inTransaction(ctx.db, async (tx) => {
    const run = await startSupervisorRun(ctx, tx, MARK_RULES_JOB);
    const deps = { db: run.deps.db, platforms: run.settings.marks.platforms };
    const entry = { number: number.e164, platform: input.platform, type: input.type, count: input.count };
    const entered = await enterMarkManually(deps, entry, ctx.actor, run.now);
    if (!entered.ok) throw new AppError('NUMPOOL_INVALID_INPUT', `marks add: ${entered.problems.join('; ')}`);
    const found = entered.newMarks.map((m) => ({ ...m, numberId: number.id }));
    return { e164: number.e164, newMarks: entered.newMarks, rules: await applyMarkRulesNow(run, tx, found) };
  });
}
