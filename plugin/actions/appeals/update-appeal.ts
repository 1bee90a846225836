// `appeal material | submit | answer`: a supervisor moves an appeal on (A1, A2). The appeal is saved
// and the appeals' effects run in the same transaction, so a submitted appeal makes its suspended
// number appealing and an answer's effects (marks cleared, back to service or warm-up, or stays out)
// apply with it — exactly once, as the nightly run would apply them.
import { answerAppeal, setMaterial, submitAppeal, type AppealResult } from '../../domain/appeals/appeal.ts';
import { checkFreeText } from '../../domain/text/free-text.ts';
import { AppError } from '../../errors/index.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { saveAppeal, type StoredAppeal } from '../../store/health/appeal-repository.ts';
import { loadHealthSettings } from '../../store/health/health-settings-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import { loadCalendarOverrides } from '../../store/reference/reference-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { startSupervisorRun } from '../numbers/supervisor-run.ts';
import { applyAppealEffects, type AnswerEffect } from './appeal-effects.ts';
import { appealRefusal, findAppeal } from './find-appeal.ts';

export interface AppealUpdate {
  appeal: StoredAppeal;
  /** The appeal's number as it is now; null when it was released meanwhile. */
  number: HealthNumber | null;
  /** What the answer brought about; null for a draft or a submitted appeal. */
  effect: AnswerEffect | null;
}

/** The appeals job's name: history and alerts say the appeal's rules moved the number. */
const APPEALS_JOB = 'appeals';

export async function setAppealMaterial(
  ctx: ActionContext,
  input: { id: number; item: string; provided: boolean },
): Promise<AppealUpdate> {
  const appeal = await findAppeal(ctx.db.knex, input.id);
  return save(ctx, setMaterial(appeal, input.item, input.provided));
}

export async function submitNumberAppeal(ctx: ActionContext, input: { id: number }): Promise<AppealUpdate> {
  const appeal = await findAppeal(ctx.db.knex, input.id);
  const settings = await loadHealthSettings(ctx.db.knex);
  const calendar = await loadCalendarOverrides(ctx.db.knex);
  return save(ctx, submitAppeal(appeal, { now: ctx.now(), timeZone: ctx.timeZone, calendar }, settings));
}

export async function answerNumberAppeal(
  ctx: ActionContext,
  input: { id: number; outcome: 'approved' | 'rejected'; note: string | null },
): Promise<AppealUpdate> {
  const note = input.note?.trim() || null;
  const checked = note === null ? null : checkFreeText('note', note);
  if (checked && !checked.ok) throw new AppError('NUMPOOL_INVALID_TEXT', checked.message);
  const appeal = await findAppeal(ctx.db.knex, input.id);
  return save(ctx, answerAppeal(appeal, input.outcome, { now: ctx.now(), note }));
}

async function save(ctx: ActionContext, result: AppealResult): Promise<AppealUpdate> {
  if (!result.ok) throw appealRefusal(result.error);
  const { appeal, answered } = await inTransaction(ctx.db, async (tx) => {
    const stored = await saveAppeal(tx, result.appeal, ctx.actor, ctx.now());
    if (stored.status === 'draft') return { appeal: stored, answered: [] };
    const run = await startSupervisorRun(ctx, tx, APPEALS_JOB, { kind: 'job', name: APPEALS_JOB });
    return { appeal: stored, answered: (await applyAppealEffects(run)).answered };
  });
  const number = (await loadHealthNumbers(ctx.db.knex)).find((n) => n.id === appeal.numberId) ?? null;
  return { appeal, number, effect: answered.find((a) => a.appealId === appeal.id) ?? null };
}
