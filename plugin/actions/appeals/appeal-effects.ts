// What the appeals (A1, A2) bring about, run by the nightly appeals job and at once by a supervisor's
// submit or answer: a suspended number with a submitted appeal becomes appealing; an answered appeal's
// effects (marks cleared, back to service or warm-up, or stays out) apply exactly once with the answer;
// submitted appeals past their due date raise an overdue alert.
import { overdueAppeals } from '../../domain/appeals/appeal-deadline.ts';
import { appealOutcomeEffects, type AppealOutcomeEffects } from '../../domain/appeals/appeal-outcome.ts';
import { warmupCapOn } from '../../domain/lifecycle/warm-up.ts';
import { AppError } from '../../errors/index.ts';
import { inTransaction, type Queryable } from '../../store/connection/database.ts';
import { raiseAlert, resolveAlert } from '../../store/health/alert-repository.ts';
import { listAppeals, markEffectsApplied, type StoredAppeal } from '../../store/health/appeal-repository.ts';
import { loadMarksByNumber, outOfServiceSince } from '../../store/health/health-facts-repository.ts';
import { saveMarkRecords } from '../../store/health/mark-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import { changeNumber, changeNumberIn } from '../numbers/change-number.ts';
import { forNumber, type HealthRun } from '../numbers/health-run.ts';

export interface AnswerEffect {
  appealId: number;
  numberId: number;
  status: string;
  to: string | null;
  stillMarked: string | null;
}

export interface AppealEffects {
  appealing: number[];
  answered: AnswerEffect[];
  overdue: number[];
}

export async function applyAppealEffects(run: HealthRun): Promise<AppealEffects> {
  const byId = new Map((await loadHealthNumbers(run.deps.db.knex)).map((n) => [n.id, n]));
  const appealing = await makeAppealing(run, byId);
  const answered = await applyAnswers(run, byId);
  const overdue = await alertOverdue(run);
  return { appealing, answered, overdue };
}

async function makeAppealing(run: HealthRun, byId: Map<number, HealthNumber>): Promise<number[]> {
  const appealing: number[] = [];
  for (const appeal of await listAppeals(run.deps.db.knex, { statuses: ['submitted'] })) {
    const n = byId.get(appeal.numberId);
    if (n?.state !== 'suspended') continue;
    await forNumber(run, n.id, async () => {
      const reason = `appeal ${appeal.id} on ${appeal.platform} submitted, reply due ${appeal.dueOn ?? '?'}`;
      const result = await changeNumber(run, n, { to: 'appealing', reason });
      if (result.ok) {
        appealing.push(n.id);
        byId.set(n.id, result.number);
      }
    });
  }
  return appealing;
}

async function applyAnswers(run: HealthRun, byId: Map<number, HealthNumber>): Promise<AnswerEffect[]> {
  const { knex } = run.deps.db;
  const effects: AnswerEffect[] = [];
  const pending = await listAppeals(knex, { statuses: ['approved', 'rejected'], effectsPending: true });
  const marks = await loadMarksByNumber(knex);
  for (const appeal of pending) {
    const n = byId.get(appeal.numberId);
    if (!n) continue;
    await forNumber(run, n.id, async () => {
      const e = appealOutcomeEffects(
        {
          appeal,
          number: n,
          outSince: (await outOfServiceSince(knex, n.id)) ?? n.stateChangedAt ?? run.now,
          marks: marks.get(n.id) ?? [],
          otherAppeals: await listAppeals(knex, { numberId: n.id }),
          now: run.now,
          timeZone: run.deps.timeZone,
        },
        run.settings,
      );
      await inTransaction(run.deps.db, async (tx) => {
        if (!(await markEffectsApplied(tx, appeal.id, run.now))) return;
        const openBefore = new Set((marks.get(n.id) ?? []).filter((m) => m.clearedAt === null).map(markKey));
        const cleared = e.marks.filter((m) => m.clearedAt !== null && openBefore.has(markKey(m)));
        await saveMarkRecords(tx, cleared, run.now);
        if (e.transition) byId.set(n.id, await moveForAnswer(run, tx, appeal, n, e.transition));
        await closeAnswered(run, tx, appeal, n, e);
      });
      const to = e.transition?.to ?? null;
      effects.push({
        appealId: appeal.id,
        numberId: n.id,
        status: appeal.status,
        to,
        stillMarked: e.stillMarked,
      });
    });
  }
  return effects;
}

async function moveForAnswer(
  run: HealthRun,
  tx: Queryable,
  appeal: StoredAppeal,
  n: HealthNumber,
  transition: NonNullable<AppealOutcomeEffects['transition']>,
): Promise<HealthNumber> {
  const fields = transition.to === 'warming' ? { warmupCap: warmupCapOn(0, run.settings.warmup) } : undefined;
  const changed = await changeNumberIn(run, tx, n, { to: transition.to, fields, reason: transition.reason });
  if (!changed.ok)
    throw new AppError(
      'NUMPOOL_ILLEGAL_TRANSITION',
      `appeal ${appeal.id}: ${changed.code}: ${changed.message}`,
    );
  return changed.number;
}

/** The overdue alert goes; a rejection, or an approval that leaves the number out, is an alert. */
async function closeAnswered(
  run: HealthRun,
  tx: Queryable,
  appeal: StoredAppeal,
  n: HealthNumber,
  e: AppealOutcomeEffects,
): Promise<void> {
  await resolveAlert(tx, overdueKey(appeal), {
    by: run.job,
    note: `answered: ${appeal.status}`,
    at: run.now,
  });
  if (appeal.status !== 'rejected' && e.stillMarked === null) return;
  await raiseAlert(tx, {
    kind: 'appeal-answered',
    severity: 'warning',
    key: `appeal-answered:${appeal.id}`,
    numberId: n.id,
    job: run.job,
    message:
      appeal.status === 'rejected'
        ? `appeal ${appeal.id} for ${n.e164} on ${appeal.platform} rejected: the number stays out of service; consider retiring it`
        : `appeal ${appeal.id} for ${n.e164} approved, but it stays out: ${e.stillMarked ?? ''}`,
    at: run.now,
  });
}

async function alertOverdue(run: HealthRun): Promise<number[]> {
  const { knex } = run.deps.db;
  const submitted = await listAppeals(knex, { statuses: ['submitted'] });
  const overdue = overdueAppeals(submitted, run.today);
  for (const o of overdue) {
    const appeal = o.appeal as StoredAppeal;
    await raiseAlert(knex, {
      kind: 'appeal-overdue',
      severity: appeal.urgent ? 'urgent' : 'warning',
      key: overdueKey(appeal),
      numberId: appeal.numberId,
      job: run.job,
      message: o.message,
      at: run.now,
    });
  }
  return overdue.map((o) => (o.appeal as StoredAppeal).id);
}

function markKey(m: { platform: string; type: string }): string {
  return `${m.platform}|${m.type}`;
}

function overdueKey(appeal: { id: number }): string {
  return `appeal-overdue:${appeal.id}`;
}
