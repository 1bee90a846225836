// `numpool number show | state | tier`: one pool number for supervisors — what it is now (state, tier,
// caps, marks, appeals, history) and lifecycle moves checked by the lifecycle domain and audited (L1, G3).
import { parseArgs } from 'node:util';
import type { Core } from '../core.ts';
import { deadlineStatus } from '../domain/appeals/appeal-deadline.ts';
import { toLocalTime } from '../domain/calendar/local-time.ts';
import { localDate } from '../domain/health/civil-date.ts';
import type { HealthSettings } from '../domain/health/health-settings.ts';
import { openMarkCount } from '../domain/health/mark.ts';
import { firstReviewDate } from '../domain/lifecycle/periodic-review.ts';
import {
  changeTier,
  transition,
  type Actor as LifecycleActor,
  type LifecycleError,
} from '../domain/lifecycle/number-transition.ts';
import { warmupCapOn } from '../domain/lifecycle/warm-up.ts';
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import { capToday, NUMBER_STATES, NUMBER_TIERS, type NumberState } from '../domain/pool/pool-number.ts';
import { subPoolKey } from '../domain/health/sub-pool.ts';
import { leftServiceKey } from '../jobs/number-change.ts';
import type { SupervisorScope } from '../jobs/supervisor-run.ts';
import { raiseAlert } from '../store/health/alert-repository.ts';
import { listAppeals } from '../store/health/appeal-repository.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import type { Database } from '../store/connection/database.ts';
import { loadHealthSettings } from '../store/health/health-settings-repository.ts';
import { listMarks } from '../store/health/mark-repository.ts';
import { listNumberHistory } from '../store/numbers/number-history-repository.ts';
import {
  applyNumberChange,
  loadHealthNumbers,
  type HealthNumber,
  type NumberChange,
} from '../store/numbers/number-lifecycle-repository.ts';
import { UsageError } from './admin-commands.ts';

type Out = (text: string) => void;
export type CommandScope = Omit<SupervisorScope, 'db'>;

const USAGE =
  'number needs: show NUMBER | state NUMBER STATE --reason TEXT | tier NUMBER main|reserve --reason TEXT';
const SERVING: ReadonlySet<NumberState> = new Set(['active', 'warming']);
const HISTORY_LINES = 10;

export async function numberCommand(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  const { positionals, reason } = readArgs(args);
  const [action, input, target, ...extra] = positionals;
  if (!input || extra.length) throw new UsageError(USAGE);
  if (action === 'show' && target === undefined && reason === undefined) {
    const shown = await findPoolNumber(core.db, input);
    return shown === null ? notInPool(out, input) : showNumber(core.db, shown, out, now, scope.timeZone);
  }
  if ((action !== 'state' && action !== 'tier') || target === undefined) throw new UsageError(USAGE);
  if (reason === undefined || reason.trim() === '')
    throw new UsageError(`number ${action} needs --reason TEXT`);
  if (action === 'state' && !(NUMBER_STATES as readonly string[]).includes(target))
    throw new UsageError(`STATE must be one of ${NUMBER_STATES.join(', ')} (got '${target.slice(0, 40)}')`);
  if (action === 'tier' && !(NUMBER_TIERS as readonly string[]).includes(target))
    throw new UsageError(`tier must be main or reserve (got '${target.slice(0, 40)}')`);
  const number = await findPoolNumber(core.db, input);
  if (number === null) return notInPool(out, input);
  const ctx = { actor: lifecycleActor(actor), reason, now };
  const checked =
    action === 'state'
      ? transition(number, target as NumberState, ctx)
      : changeTier(number, target as 'main', ctx);
  if (!checked.ok) return refused(out, checked.error);
  const change: NumberChange = {
    numberId: number.id,
    expect: { state: number.state, tier: number.tier },
    actor,
    reason: checked.change.reason,
    at: now,
  };
  if (checked.change.kind === 'state') {
    const settings = await loadHealthSettings(core.db.knex);
    change.state = checked.change;
    change.fields = enteringFields(number, checked.change.to, settings, localDate(now, scope.timeZone));
  } else change.tier = checked.change;
  const after = await applyChange(core.db, number, change);
  out(
    `number ${number.e164}: ${number.state}/${number.tier} → ${after.state}/${after.tier} (${checked.change.reason})`,
  );
  return 0;
}

/** The pool number an argument names as agents type it; UsageError when it is no phone number at all. */
export async function findPoolNumber(db: Database, input: string): Promise<HealthNumber | null> {
  const parsed = parsePhoneNumber(input);
  if (!parsed.ok) throw new UsageError(`NUMBER ${parsed.error.message}`);
  return (await loadHealthNumbers(db.knex)).find((n) => n.e164 === parsed.number.e164) ?? null;
}

export function notInPool(out: Out, input: string): number {
  const parsed = parsePhoneNumber(input);
  out(`number ${parsed.ok ? parsed.number.e164 : input} is not in the pool`);
  return 1;
}

/** The store's actor as number_state_history records it (agents act as users there). */
export function lifecycleActor(actor: Actor): LifecycleActor {
  return { kind: actor.kind === 'agent' ? 'user' : actor.kind, id: actor.name };
}

/** 'YYYY-MM-DD HH:MM' in the pool's time zone. */
export function localStamp(d: Date, timeZone: string): string {
  const local = toLocalTime(d, timeZone);
  return `${local.date} ${local.hhmm}`;
}

function refused(out: Out, error: LifecycleError): number {
  if (error.code === 'REASON_REQUIRED') throw new UsageError(error.message);
  out(`refused: ${error.message}`);
  return 1;
}

/**
 * What entering a state sets besides it, as the jobs do: a warming number starts at the first day's
 * quota (L2); a number made active for the first time starts its review clock (L3).
 */
function enteringFields(
  n: HealthNumber,
  to: NumberState,
  settings: HealthSettings,
  today: string,
): NumberChange['fields'] {
  if (to === 'warming') return { warmupCap: warmupCapOn(0, settings.warmup) };
  if (to === 'active' && n.activatedOn === null)
    return { activatedOn: today, reviewDueOn: firstReviewDate(today, settings.review) };
  return undefined;
}

/**
 * One transaction: the change (history + audit + reference version) and, when a main-pool number
 * leaves service, the 'left-service' alert reserve promotion works from — as a job's change raises it.
 */
async function applyChange(db: Database, before: HealthNumber, change: NumberChange): Promise<HealthNumber> {
  return db.knex.transaction(async (trx) => {
    const after = await applyNumberChange(db, trx, change);
    if (before.tier === 'main' && SERVING.has(before.state) && !SERVING.has(after.state)) {
      await raiseAlert(trx, {
        kind: 'left-service',
        severity: 'warning',
        key: leftServiceKey(before.id),
        numberId: before.id,
        subPool: subPoolKey(before),
        job: `${change.actor.kind}:${change.actor.name}`.slice(0, 64),
        message: `number ${before.e164} left service (${before.state} → ${after.state}): ${change.reason}`,
        at: change.at,
      });
    }
    return after;
  });
}

async function showNumber(
  db: Database,
  n: HealthNumber,
  out: Out,
  now: Date,
  timeZone: string,
): Promise<number> {
  const at = (d: Date): string => localStamp(d, timeZone);
  const today = localDate(now, timeZone);
  const marks = await listMarks(db.knex, n.id);
  const appeals = await listAppeals(db.knex, { numberId: n.id });
  const history = await listNumberHistory(db.knex, n.id, HISTORY_LINES);
  const area = [n.province, n.city, n.region].filter((x) => x !== null).join(' ') || 'unknown';
  const rate =
    n.answerRate === null ? 'no answer rate yet' : `answer rate ${(n.answerRate * 100).toFixed(1)}%`;
  out(`${n.e164}  ${n.type}, ${n.purpose}, ${n.tier} tier, area ${area}, ${rate}`);
  out(`state     ${n.state}${n.stateChangedAt ? ` since ${at(n.stateChangedAt)}` : ''}`);
  out(`caps      daily ${n.dailyCap}, warm-up ${n.warmupCap}, today ${capToday(n)}`);
  out(`marks     ${openMarkCount(marks)} open`);
  for (const m of marks) {
    const cleared = m.clearedAt === null ? '' : `, cleared ${at(m.clearedAt)}`;
    out(`  ${m.platform} ${m.type} ×${m.count} (${m.source}, last seen ${at(m.lastSeenAt)}${cleared})`);
  }
  out(`appeals   ${appeals.length}`);
  for (const a of appeals) {
    const due = a.dueOn === null ? '' : `, due ${a.dueOn} (${deadlineStatus(a, today)})`;
    out(`  #${a.id} ${a.platform} ${a.status}${a.urgent ? ' urgent' : ''}${due}`);
  }
  out(`history   last ${history.length}`);
  for (const h of history) {
    out(`  ${at(h.at)}  ${h.from ?? '-'} → ${h.to}  by ${h.actorKind} ${h.actor}: ${h.reason ?? ''}`);
  }
  return 0;
}

function readArgs(args: string[]): { positionals: string[]; reason: string | undefined } {
  try {
    const { positionals, values } = parseArgs({
      args,
      options: { reason: { type: 'string' } },
      allowPositionals: true,
    });
    return { positionals, reason: values.reason };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
