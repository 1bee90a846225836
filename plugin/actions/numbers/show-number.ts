// `number show`: one pool number as a supervisor reads it — what it is now (state, tier, caps),
// its marks, its appeals with their deadlines, and its latest lifecycle history (L1, G3).
import { deadlineStatus, type DeadlineStatus } from '../../domain/appeals/appeal-deadline.ts';
import { localDate } from '../../domain/health/civil-date.ts';
import { openMarkCount, type MarkRecord } from '../../domain/health/mark.ts';
import { capToday } from '../../domain/pool/pool-number.ts';
import { listAppeals, type StoredAppeal } from '../../store/health/appeal-repository.ts';
import { listMarks } from '../../store/health/mark-repository.ts';
import { listNumberHistory, type HistoryEntry } from '../../store/numbers/number-history-repository.ts';
import type { HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { findPoolNumber } from './find-pool-number.ts';

const HISTORY_LINES = 10;

export interface NumberDetails {
  number: HealthNumber;
  /** The calls it may place today (its warm-up quota while warming). */
  capToday: number;
  openMarks: number;
  marks: MarkRecord[];
  appeals: { appeal: StoredAppeal; deadline: DeadlineStatus }[];
  /** Newest first, at most 10. */
  history: HistoryEntry[];
}

export async function showNumber(ctx: ActionContext, input: { number: string }): Promise<NumberDetails> {
  const number = await findPoolNumber(ctx, input.number);
  const { knex } = ctx.db;
  const today = localDate(ctx.now(), ctx.timeZone);
  const marks = await listMarks(knex, number.id);
  const appeals = await listAppeals(knex, { numberId: number.id });
  return {
    number,
    capToday: capToday(number),
    openMarks: openMarkCount(marks),
    marks,
    appeals: appeals.map((appeal) => ({ appeal, deadline: deadlineStatus(appeal, today) })),
    history: await listNumberHistory(knex, number.id, HISTORY_LINES),
  };
}
