// An appeal against a platform's marks on one number (A1): the materials checklist and the status
// machine draft → submitted → approved | rejected, with the reply due 3 business days after submission.
import { addBusinessDays, type CalendarOverride } from '../calendar/day-kind.ts';
import { localDate } from '../health/civil-date.ts';
import type { HealthSettings } from '../health/health-settings.ts';

export const APPEAL_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_TRANSITIONS: Readonly<Record<AppealStatus, readonly AppealStatus[]>> = {
  draft: ['submitted'],
  submitted: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

export interface Appeal {
  /** null until stored. */
  id: number | null;
  numberId: number;
  platform: string;
  status: AppealStatus;
  urgent: boolean;
  /** Checklist item → provided? (the appeals.materials JSON). */
  materials: Record<string, boolean>;
  submittedAt: Date | null;
  /** Reply expected by this pool-local date. */
  dueOn: string | null;
  answeredAt: Date | null;
  outcomeNote: string | null;
  createdBy: string;
}

export interface AppealError {
  code:
    | 'UNKNOWN_PLATFORM'
    | 'APPEAL_ALREADY_OPEN'
    | 'UNKNOWN_MATERIAL'
    | 'MATERIALS_MISSING'
    | 'ILLEGAL_APPEAL_TRANSITION';
  message: string;
  /** MATERIALS_MISSING: the items still to provide. */
  missing?: string[];
}

export type AppealResult = { ok: true; appeal: Appeal } | { ok: false; error: AppealError };

type AppealSettings = Pick<HealthSettings, 'appeals' | 'marks'>;

export function isOpenAppeal(a: Appeal): boolean {
  return a.status === 'draft' || a.status === 'submitted';
}

/** A draft with every checklist item unticked; one open appeal per number × platform. */
export function openAppeal(
  input: { numberId: number; platform: string; urgent: boolean; createdBy: string },
  existing: readonly Appeal[],
  settings: AppealSettings,
): AppealResult {
  if (!settings.marks.platforms.includes(input.platform)) {
    return fail(
      'UNKNOWN_PLATFORM',
      `unknown platform "${input.platform}"; known: ${settings.marks.platforms.join(', ')}`,
    );
  }
  const open = existing.find(
    (a) => a.numberId === input.numberId && a.platform === input.platform && isOpenAppeal(a),
  );
  if (open) {
    return fail(
      'APPEAL_ALREADY_OPEN',
      `number ${input.numberId} already has a ${open.status} appeal on ${input.platform} (id ${open.id ?? 'new'})`,
    );
  }
  const materials = Object.fromEntries(settings.appeals.materials.map((item) => [item, false]));
  return {
    ok: true,
    appeal: {
      id: null,
      ...input,
      status: 'draft',
      materials,
      submittedAt: null,
      dueOn: null,
      answeredAt: null,
      outcomeNote: null,
    },
  };
}

export function setMaterial(appeal: Appeal, item: string, provided: boolean): AppealResult {
  if (appeal.status !== 'draft')
    return fail(
      'ILLEGAL_APPEAL_TRANSITION',
      `appeal is ${appeal.status}: materials can change only in draft`,
    );
  if (!(item in appeal.materials)) {
    return fail(
      'UNKNOWN_MATERIAL',
      `"${item}" is not on this appeal's checklist: ${Object.keys(appeal.materials).join(', ')}`,
    );
  }
  return { ok: true, appeal: { ...appeal, materials: { ...appeal.materials, [item]: provided } } };
}

/** Submits a complete draft; the reply is due `dueBusinessDays` working days later (holidays skipped). */
export function submitAppeal(
  appeal: Appeal,
  at: { now: Date; timeZone: string; calendar: ReadonlyMap<string, CalendarOverride> },
  settings: AppealSettings,
): AppealResult {
  const illegal = checkMove(appeal, 'submitted');
  if (illegal) return illegal;
  const missing = Object.entries(appeal.materials)
    .filter(([, provided]) => !provided)
    .map(([item]) => item);
  if (missing.length > 0)
    return {
      ok: false,
      error: { code: 'MATERIALS_MISSING', message: `materials missing: ${missing.join(', ')}`, missing },
    };
  const dueOn = addBusinessDays(
    localDate(at.now, at.timeZone),
    settings.appeals.dueBusinessDays,
    at.calendar,
  );
  return { ok: true, appeal: { ...appeal, status: 'submitted', submittedAt: at.now, dueOn } };
}

/** Records the platform's answer. */
export function answerAppeal(
  appeal: Appeal,
  outcome: 'approved' | 'rejected',
  at: { now: Date; note: string | null },
): AppealResult {
  const illegal = checkMove(appeal, outcome);
  if (illegal) return illegal;
  return { ok: true, appeal: { ...appeal, status: outcome, answeredAt: at.now, outcomeNote: at.note } };
}

function checkMove(appeal: Appeal, to: AppealStatus): { ok: false; error: AppealError } | null {
  if (APPEAL_TRANSITIONS[appeal.status].includes(to)) return null;
  return fail('ILLEGAL_APPEAL_TRANSITION', `an appeal cannot go from ${appeal.status} to ${to}`);
}

function fail(code: AppealError['code'], message: string): { ok: false; error: AppealError } {
  return { ok: false, error: { code, message } };
}
