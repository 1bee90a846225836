// `appeal open`: a supervisor starts an appeal against one platform's marks on a pool number (A1):
// a draft with the settings' checklist of materials, one open appeal per number and platform.
import { openAppeal } from '../../domain/appeals/appeal.ts';
import { markPlatformFromLabel } from '../../domain/marks/mark.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { listAppeals, saveAppeal, type StoredAppeal } from '../../store/health/appeal-repository.ts';
import { loadHealthSettings } from '../../store/health/health-settings-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { findPoolNumber } from '../numbers/find-pool-number.ts';
import { appealRefusal } from './find-appeal.ts';

export interface OpenAppealInput {
  number: string;
  /** A platform id or a name the settings know ('tencent', '腾讯手机管家'). */
  platform: string;
  urgent: boolean;
}

export interface OpenedAppeal {
  e164: string;
  appeal: StoredAppeal;
}

export async function openNumberAppeal(ctx: ActionContext, input: OpenAppealInput): Promise<OpenedAppeal> {
  const number = await findPoolNumber(ctx, input.number);
  const settings = await loadHealthSettings(ctx.db.knex);
  const platform = markPlatformFromLabel(input.platform, settings.marks.platforms) ?? input.platform;
  const existing = await listAppeals(ctx.db.knex, { numberId: number.id });
  const draft = { numberId: number.id, platform, urgent: input.urgent, createdBy: ctx.actor.name };
  const opened = openAppeal(draft, existing, settings);
  if (!opened.ok) throw appealRefusal(opened.error);
  const appeal = await inTransaction(ctx.db, (tx) => saveAppeal(tx, opened.appeal, ctx.actor, ctx.now()));
  return { e164: number.e164, appeal };
}
