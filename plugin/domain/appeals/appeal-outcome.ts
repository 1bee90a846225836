// What an answered appeal does to the number (A2): approved → the platform's marks are cleared and
// the number returns (through warm-up when it was out long); rejected → it stays out, retirable.
import { daysBetween, localDate } from '../health/civil-date.ts';
import type { HealthSettings } from '../health/health-settings.ts';
import { clearMarks, isOpen, openMarkCount, type MarkRecord } from '../health/mark.ts';
import type { NumberState } from '../pool/pool-number.ts';
import { isOpenAppeal, type Appeal } from './appeal.ts';

export interface AppealOutcomeFacts {
  appeal: Appeal;
  number: { id: number; state: NumberState };
  /** When the number left service (the history row that took it out of active/warming). */
  outSince: Date;
  marks: readonly MarkRecord[];
  /** The number's appeals (any status); open ones on other platforms keep it appealing. */
  otherAppeals: readonly Appeal[];
  now: Date;
  timeZone: string;
}

export interface AppealOutcomeEffects {
  /** The number's mark records after the outcome (cleared on the platform when approved). */
  marks: MarkRecord[];
  /** The lifecycle move to make with transition(), or null to leave the state alone. */
  transition: { to: NumberState; reason: string } | null;
  /** Rejected: the number may be retired by a supervisor. */
  retireSuggested: boolean;
  daysOut: number;
  /** Approved, but marks left on other platforms would suspend it again: it stays out. */
  stillMarked: string | null;
}

const OUT_OF_SERVICE: ReadonlySet<NumberState> = new Set(['suspended', 'appealing']);

export function appealOutcomeEffects(
  f: AppealOutcomeFacts,
  settings: Pick<HealthSettings, 'appeals' | 'marks'>,
): AppealOutcomeEffects {
  const daysOut = Math.max(0, daysBetween(localDate(f.outSince, f.timeZone), localDate(f.now, f.timeZone)));
  const stillPending = f.otherAppeals.some((a) => a.platform !== f.appeal.platform && isOpenAppeal(a));
  const effects = { daysOut, retireSuggested: false, stillMarked: null };
  if (f.appeal.status === 'rejected') {
    const to = f.number.state === 'appealing' && !stillPending ? 'suspended' : null;
    return {
      ...effects,
      marks: [...f.marks],
      transition: to && { to, reason: `appeal on ${f.appeal.platform} rejected: stays out of service` },
      retireSuggested: true,
    };
  }
  if (f.appeal.status !== 'approved') return { ...effects, marks: [...f.marks], transition: null };

  const marks = clearMarks(f.marks, f.appeal.platform, f.now);
  if (!OUT_OF_SERVICE.has(f.number.state) || stillPending) return { ...effects, marks, transition: null };
  const stillMarked = remainingTrigger(marks, settings.marks);
  if (stillMarked !== null) return { ...effects, marks, transition: null, stillMarked };
  const rewarm = daysOut > settings.appeals.rewarmupAfterDaysOut;
  const to = rewarm ? 'warming' : 'active';
  const how = rewarm
    ? `out ${daysOut} days (> ${settings.appeals.rewarmupAfterDaysOut}): back through warm-up`
    : `out ${daysOut} days: back in service`;
  return {
    ...effects,
    marks,
    transition: { to, reason: `appeal on ${f.appeal.platform} approved, marks cleared; ${how}` },
  };
}

/** Would the mark rules take the number out again with the marks that remain? */
function remainingTrigger(marks: readonly MarkRecord[], settings: HealthSettings['marks']): string | null {
  const disabling = marks.filter((m) => isOpen(m) && settings.disablingTypes.includes(m.type));
  if (disabling.length > 0)
    return `open ${disabling[0]?.type ?? ''} mark on ${disabling.map((m) => m.platform).join(', ')}`;
  const open = openMarkCount(marks);
  return open > settings.suspendAbove
    ? `${open} open marks on other platforms (more than ${settings.suspendAbove})`
    : null;
}
