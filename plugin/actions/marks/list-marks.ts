// `marks list`: a number's spam marks, open and cleared, as a supervisor checks them before an appeal (M2).
import { openMarkCount, type MarkRecord } from '../../domain/health/mark.ts';
import { listMarks } from '../../store/health/mark-repository.ts';
import type { HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { findPoolNumber } from '../numbers/find-pool-number.ts';

export interface NumberMarks {
  number: HealthNumber;
  openMarks: number;
  marks: MarkRecord[];
}

export async function listNumberMarks(ctx: ActionContext, input: { number: string }): Promise<NumberMarks> {
  const number = await findPoolNumber(ctx, input.number);
  const marks = await listMarks(ctx.db.knex, number.id);
  return { number, openMarks: openMarkCount(marks), marks };
}
