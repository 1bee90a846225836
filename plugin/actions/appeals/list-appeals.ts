// `appeal list`: the appeals a supervisor follows — all, the open ones (draft or submitted), or the
// overdue ones — each with its number and where it stands against its due date (A2).
import { deadlineStatus, overdueAppeals, type DeadlineStatus } from '../../domain/appeals/appeal-deadline.ts';
import { daysBetween, localDate } from '../../domain/health/civil-date.ts';
import { listAppeals, type StoredAppeal } from '../../store/health/appeal-repository.ts';
import { loadHealthNumbers } from '../../store/numbers/number-lifecycle-repository.ts';
import type { ActionContext } from '../action-context.ts';

export type AppealFilter = 'all' | 'open' | 'overdue';

export interface ListedAppeal {
  appeal: StoredAppeal;
  /** The number's E.164, or 'number <id>' once released. */
  number: string;
  deadline: DeadlineStatus;
  /** Days past the due date; 0 unless overdue. */
  daysOverdue: number;
}

export async function listNumberAppeals(
  ctx: ActionContext,
  input: { filter: AppealFilter },
): Promise<ListedAppeal[]> {
  const today = localDate(ctx.now(), ctx.timeZone);
  const statuses = input.filter === 'all' ? {} : { statuses: ['draft', 'submitted'] as const };
  const all = await listAppeals(ctx.db.knex, statuses);
  const shown =
    input.filter === 'overdue' ? overdueAppeals(all, today).map((o) => o.appeal as StoredAppeal) : all;
  if (!shown.length) return [];
  const e164 = new Map((await loadHealthNumbers(ctx.db.knex)).map((n) => [n.id, n.e164]));
  return shown.map((appeal) => {
    const deadline = deadlineStatus(appeal, today);
    return {
      appeal,
      number: e164.get(appeal.numberId) ?? `number ${appeal.numberId}`,
      deadline,
      daysOverdue: deadline === 'overdue' ? daysBetween(appeal.dueOn ?? today, today) : 0,
    };
  });
}
