// Appeal deadlines (A1): whether a submitted appeal's reply is late, for the daily overdue alert
// and the panel. Due dates are business dates computed at submission (appeal.ts).
import { daysBetween } from '../health/civil-date.ts';
import type { Appeal } from './appeal.ts';

export type DeadlineStatus = 'not-submitted' | 'answered' | 'on-time' | 'due-today' | 'overdue';

export interface OverdueAppeal {
  appeal: Appeal;
  /** Calendar days past the due date. */
  daysLate: number;
  message: string;
}

export function deadlineStatus(appeal: Appeal, today: string): DeadlineStatus {
  if (appeal.status === 'draft') return 'not-submitted';
  if (appeal.status !== 'submitted') return 'answered';
  if (appeal.dueOn === null || today < appeal.dueOn) return 'on-time';
  return today === appeal.dueOn ? 'due-today' : 'overdue';
}

/** Submitted appeals with no answer after their due date, urgent ones first, then most late. */
export function overdueAppeals(appeals: readonly Appeal[], today: string): OverdueAppeal[] {
  return appeals
    .filter((a) => deadlineStatus(a, today) === 'overdue')
    .map((appeal) => {
      const daysLate = daysBetween(appeal.dueOn ?? today, today);
      const urgency = appeal.urgent ? 'urgent ' : '';
      return {
        appeal,
        daysLate,
        message: `${urgency}appeal for number ${appeal.numberId} on ${appeal.platform} was due ${appeal.dueOn ?? '?'}: ${daysLate} day(s) late`,
      };
    })
    .sort((a, b) => Number(b.appeal.urgent) - Number(a.appeal.urgent) || b.daysLate - a.daysLate);
}
