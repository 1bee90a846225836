// `numpool appeal open | material | submit | answer | list`: a supervisor's appeals against a platform's
// marks (A1–A2). Submitting and answering run the appeals job's step at once, in the same transaction.
import type { Core } from '../core.ts';
import { deadlineStatus, overdueAppeals } from '../domain/appeals/appeal-deadline.ts';
import {
  answerAppeal,
  openAppeal,
  setMaterial,
  submitAppeal,
  type Appeal,
  type AppealResult,
} from '../domain/appeals/appeal.ts';
import { daysBetween, localDate } from '../domain/health/civil-date.ts';
import { markPlatformFromLabel } from '../domain/marks/mark.ts';
import { appealsJob } from '../jobs/appeals-job.ts';
import { HEALTH_JOB_SCHEDULES } from '../jobs/health-jobs.ts';
import { supervisorJobContext, supervisorJobDeps } from '../jobs/supervisor-run.ts';
import { listAppeals, saveAppeal, type StoredAppeal } from '../store/health/appeal-repository.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import { loadHealthSettings } from '../store/health/health-settings-repository.ts';
import { loadHealthNumbers } from '../store/numbers/number-lifecycle-repository.ts';
import { loadCalendarOverrides } from '../store/reference/reference-repository.ts';
import { UsageError } from './admin-commands.ts';
import { findPoolNumber, notInPool, type CommandScope } from './number-command.ts';

type Out = (text: string) => void;

const USAGE =
  'appeal needs: open NUMBER PLATFORM [--urgent] | material ID ITEM yes|no | submit ID | ' +
  'answer ID approved|rejected [NOTE…] | list [--open|--overdue]';

/** What the appeals job reports per answered appeal (its run summary's `answered`). */
interface AnswerEffect {
  appealId: number;
  to: string | null;
  stillMarked: string | null;
}

export async function appealCommand(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'open':
      return open(core, rest, actor, out, now);
    case 'material': {
      const [id, item, answer, ...extra] = rest;
      if (!item || (answer !== 'yes' && answer !== 'no') || extra.length)
        throw new UsageError('appeal material needs ID ITEM yes|no');
      const appeal = await findAppeal(core, id);
      if (appeal === null) return unknownAppeal(out, id);
      const changed = setMaterial(appeal, item, answer === 'yes');
      if (!changed.ok && changed.error.code === 'UNKNOWN_MATERIAL')
        throw new UsageError(changed.error.message);
      return save(core, changed, actor, out, now, scope);
    }
    case 'submit': {
      const [id, ...extra] = rest;
      if (extra.length) throw new UsageError('appeal submit needs exactly one ID');
      const appeal = await findAppeal(core, id);
      if (appeal === null) return unknownAppeal(out, id);
      const settings = await loadHealthSettings(core.db.knex);
      const calendar = await loadCalendarOverrides(core.db.knex);
      const at = { now, timeZone: scope.timeZone, calendar };
      return save(core, submitAppeal(appeal, at, settings), actor, out, now, scope);
    }
    case 'answer': {
      const [id, outcome, ...note] = rest;
      if (outcome !== 'approved' && outcome !== 'rejected')
        throw new UsageError('appeal answer needs ID approved|rejected [NOTE…]');
      const appeal = await findAppeal(core, id);
      if (appeal === null) return unknownAppeal(out, id);
      const text = note.join(' ').trim() || null;
      return save(core, answerAppeal(appeal, outcome, { now, note: text }), actor, out, now, scope);
    }
    case 'list':
      return list(core, rest, out, now, scope);
    default:
      throw new UsageError(USAGE);
  }
}

async function open(core: Core, args: string[], actor: Actor, out: Out, now: Date): Promise<number> {
  const urgent = args.includes('--urgent');
  const [input, platformText, ...extra] = args.filter((a) => a !== '--urgent');
  if (!input || !platformText || extra.length)
    throw new UsageError('appeal open needs NUMBER PLATFORM [--urgent]');
  const number = await findPoolNumber(core.db, input);
  if (number === null) return notInPool(out, input);
  const settings = await loadHealthSettings(core.db.knex);
  const platform = markPlatformFromLabel(platformText, settings.marks.platforms) ?? platformText;
  const existing = await listAppeals(core.db.knex, { numberId: number.id });
  const opened = openAppeal(
    { numberId: number.id, platform, urgent, createdBy: actor.name },
    existing,
    settings,
  );
  if (!opened.ok && opened.error.code === 'UNKNOWN_PLATFORM') throw new UsageError(opened.error.message);
  if (!opened.ok) return refused(out, opened.error.message);
  const saved = await core.db.knex.transaction((trx) => saveAppeal(trx, opened.appeal, actor, now));
  out(
    `appeal #${saved.id} opened for ${number.e164} on ${platform}${urgent ? ' (urgent)' : ''}: ` +
      `materials to provide: ${Object.keys(saved.materials).join(', ')}`,
  );
  return 0;
}

/**
 * Saves the appeal and runs the appeals job's step in the same transaction, so a submitted appeal
 * makes its suspended number appealing and an answer's effects (marks cleared, back to service or
 * warm-up, or stays out) apply with it — exactly once, as the nightly run would apply them.
 */
async function save(
  core: Core,
  result: AppealResult,
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  if (!result.ok) return refused(out, result.error.message);
  const { saved, answered } = await core.db.knex.transaction(async (trx) => {
    const stored = await saveAppeal(trx, result.appeal, actor, now);
    if (stored.status === 'draft') return { saved: stored, answered: [] };
    const jobScope = { ...scope, db: { ...core.db, knex: trx } };
    const job = appealsJob(supervisorJobDeps(jobScope), HEALTH_JOB_SCHEDULES.appeals);
    const summary = await job.run(supervisorJobContext(jobScope, job.name, now));
    return { saved: stored, answered: (summary.answered ?? []) as AnswerEffect[] };
  });
  const number = (await loadHealthNumbers(core.db.knex)).find((n) => n.id === saved.numberId);
  const who = `${number?.e164 ?? `number ${saved.numberId}`}${number ? ` (now ${number.state})` : ''}`;
  switch (saved.status) {
    case 'draft': {
      const missing = Object.entries(saved.materials).filter(([, given]) => !given);
      out(
        `appeal #${saved.id}: ${missing.length ? `still to provide: ${missing.map(([item]) => item).join(', ')}` : 'all materials provided; ready to submit'}`,
      );
      break;
    }
    case 'submitted':
      out(`appeal #${saved.id} submitted for ${who}: reply due ${saved.dueOn ?? '?'}`);
      break;
    default: {
      const effect = answered.find((a) => a.appealId === saved.id);
      const detail = effect?.stillMarked ? `; stays out: ${effect.stillMarked}` : '';
      out(`appeal #${saved.id} ${saved.status} for ${who}${detail}`);
    }
  }
  return 0;
}

async function list(core: Core, args: string[], out: Out, now: Date, scope: CommandScope): Promise<number> {
  const [filter, ...extra] = args;
  if (extra.length || (filter !== undefined && filter !== '--open' && filter !== '--overdue'))
    throw new UsageError('appeal list takes --open or --overdue');
  const today = localDate(now, scope.timeZone);
  const all = await listAppeals(
    core.db.knex,
    filter === undefined ? {} : { statuses: ['draft', 'submitted'] },
  );
  const shown =
    filter === '--overdue' ? overdueAppeals(all, today).map((o) => o.appeal as StoredAppeal) : all;
  if (!shown.length) {
    out(filter === '--overdue' ? 'no overdue appeals' : 'no appeals');
    return 0;
  }
  const e164 = new Map((await loadHealthNumbers(core.db.knex)).map((n) => [n.id, n.e164]));
  for (const a of shown) out(appealLine(a, e164.get(a.numberId) ?? `number ${a.numberId}`, today));
  return 0;
}

function appealLine(a: StoredAppeal, number: string, today: string): string {
  const given = Object.values(a.materials).filter(Boolean).length;
  const status = deadlineStatus(a, today);
  const flag =
    status === 'overdue'
      ? `  OVERDUE ${daysBetween(a.dueOn ?? today, today)} day(s)`
      : status === 'due-today'
        ? '  due today'
        : '';
  const due = a.dueOn === null ? '' : `  due ${a.dueOn}`;
  return `#${a.id}  ${number}  ${a.platform}  ${a.status}${a.urgent ? '  urgent' : ''}  materials ${given}/${Object.keys(a.materials).length}${due}${flag}`;
}

async function findAppeal(core: Core, id: string | undefined): Promise<Appeal | null> {
  if (id === undefined || !/^\d{1,12}$/.test(id))
    throw new UsageError(`ID must be an appeal number (got '${(id ?? '').slice(0, 20)}')`);
  return (await listAppeals(core.db.knex)).find((a) => a.id === Number(id)) ?? null;
}

function unknownAppeal(out: Out, id: string | undefined): number {
  out(`no appeal #${id ?? ''}; see numpool appeal list`);
  return 1;
}

function refused(out: Out, message: string): number {
  out(`refused: ${message}`);
  return 1;
}
