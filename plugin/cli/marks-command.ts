// `numpool marks add | import | list`: spam marks a supervisor saw in an app or was sent (M1–M2), by
// hand or from CSV. The mark rules (M3) apply at once, in the same transaction, as in the daily check.
import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Core } from '../core.ts';
import { openMarkCount, type NewMark } from '../domain/health/mark.ts';
import { applyMarkRules, type Applied } from '../jobs/mark-rules-step.ts';
import type { HealthRun } from '../jobs/health-run.ts';
import { startSupervisorRun } from '../jobs/supervisor-run.ts';
import { importMarksCsv } from '../marks/mark-import.ts';
import { enterMarkManually } from '../marks/manual-mark-entry.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import { listMarks, lockNumberMarks } from '../store/health/mark-repository.ts';
import { loadHealthNumbers, type HealthNumber } from '../store/numbers/number-lifecycle-repository.ts';
import { UsageError } from './admin-commands.ts';
import { findPoolNumber, localStamp, notInPool, type CommandScope } from './number-command.ts';

type Out = (text: string) => void;

const USAGE = 'marks needs: add NUMBER PLATFORM TYPE COUNT | import FILE.csv | list NUMBER';
/** The mark check's own name: alerts, urgent appeals and history say the mark rules did it. */
const RULES_JOB = 'mark-check';

export async function marksCommand(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'add':
      return addMark(core, rest, actor, out, now, scope);
    case 'import':
      return importMarks(core, rest, actor, out, now, scope);
    case 'list': {
      const [input, ...extra] = rest;
      if (!input || extra.length) throw new UsageError('marks list needs exactly one NUMBER');
      return listNumberMarks(core, input, out, scope.timeZone);
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function addMark(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  const [input, platform, type, countText, ...extra] = args;
  if (!input || !platform || !type || !countText || extra.length)
    throw new UsageError('marks add needs NUMBER PLATFORM TYPE COUNT');
  if (!/^\d{1,10}$/.test(countText))
    throw new UsageError(
      `COUNT must be the whole number the platform shows (got '${countText.slice(0, 40)}')`,
    );
  const number = await findPoolNumber(core.db, input);
  if (number === null) return notInPool(out, input);
  const { newMarks, applied } = await core.db.knex.transaction(async (trx) => {
    const run = await startSupervisorRun({ ...scope, db: { ...core.db, knex: trx } }, RULES_JOB, actor, now);
    const entry = { number: number.e164, platform, type, count: Number(countText) };
    const platforms = run.settings.marks.platforms;
    const entered = await enterMarkManually({ db: run.deps.db, platforms }, entry, actor, now);
    if (!entered.ok) throw new UsageError(`marks add: ${entered.problems.join('; ')}`);
    const found = entered.newMarks.map((m) => ({ ...m, numberId: number.id }));
    return { newMarks: entered.newMarks, applied: await applyRulesNow(run, trx, [number.id], found) };
  });
  out(`mark recorded for ${number.e164}: ${describeNew(newMarks)}`);
  reportApplied(out, applied);
  return 0;
}

async function importMarks(
  core: Core,
  args: string[],
  actor: Actor,
  out: Out,
  now: Date,
  scope: CommandScope,
): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length) throw new UsageError('marks import needs exactly one FILE.csv');
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    throw new UsageError(`${file} is not readable: ${(err as Error).message}`);
  }
  const result = await core.db.knex.transaction(async (trx) => {
    const run = await startSupervisorRun({ ...scope, db: { ...core.db, knex: trx } }, RULES_JOB, actor, now);
    const imported = await importMarksCsv(
      { db: run.deps.db, platforms: run.settings.marks.platforms },
      content,
      actor,
      now,
    );
    if (!imported.ok) return imported;
    const ids = [...new Set(imported.newMarks.map((m) => m.numberId))];
    return { ...imported, applied: await applyRulesNow(run, trx, ids, imported.newMarks) };
  });
  if (!result.ok) {
    out(`nothing imported from ${file}:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
    return 1;
  }
  out(
    `imported ${result.rows} mark rows for ${result.numbers} number(s): ${result.newMarks.length} new or grown`,
  );
  reportApplied(out, result.applied);
  return 0;
}

interface RuleOutcome {
  number: HealthNumber;
  applied: Applied;
}

/** The mark check's rules on each number just written, in the writing transaction. */
async function applyRulesNow(
  run: HealthRun,
  trx: Knex.Transaction,
  numberIds: readonly number[],
  newMarks: readonly (NewMark & { numberId: number })[],
): Promise<RuleOutcome[]> {
  const byId = new Map((await loadHealthNumbers(trx)).map((n) => [n.id, n]));
  const outcomes: RuleOutcome[] = [];
  for (const id of numberIds) {
    const number = byId.get(id);
    // A released number keeps its mark history; there is no service left to take it out of.
    if (!number) continue;
    const records = await lockNumberMarks(run.deps.db, trx, id);
    const mine = newMarks.filter((m) => m.numberId === id).map(({ numberId: _, ...m }) => m);
    const merge = { records, newMarks: mine, rejected: [] };
    outcomes.push({ number, applied: await applyMarkRules(run, trx, number, merge) });
  }
  return outcomes;
}

function reportApplied(out: Out, outcomes: readonly RuleOutcome[]): void {
  for (const { number, applied } of outcomes) {
    if (applied === null) continue;
    if (applied.kind === 'suspended') {
      out(`number ${number.e164} suspended: too many open marks (mark rules)`);
      continue;
    }
    const { appeals, callsListed } = applied.disabled;
    const opened = appeals.length
      ? `urgent appeal ${appeals.map((a) => `#${a}`).join(', ')} opened`
      : 'no new appeal';
    out(
      `number ${number.e164} disabled (suspended): ${opened}; ${callsListed} recent call(s) listed for audit in the fraud-mark alert`,
    );
  }
}

function describeNew(newMarks: readonly NewMark[]): string {
  if (!newMarks.length) return 'no new marks (the count did not grow)';
  return newMarks.map((m) => `${m.platform} ${m.type} +${m.added}`).join(', ');
}

async function listNumberMarks(core: Core, input: string, out: Out, timeZone: string): Promise<number> {
  const number = await findPoolNumber(core.db, input);
  if (number === null) return notInPool(out, input);
  const marks = await listMarks(core.db.knex, number.id);
  const at = (d: Date): string => localStamp(d, timeZone);
  out(`${number.e164} (${number.state}): ${openMarkCount(marks)} open mark(s)`);
  for (const m of marks) {
    const cleared = m.clearedAt === null ? '' : `  cleared ${at(m.clearedAt)}`;
    out(
      `  ${m.platform.padEnd(8)} ${m.type.padEnd(10)} ×${m.count}  ${m.source}  ${at(m.firstSeenAt)} – ${at(m.lastSeenAt)}${cleared}`,
    );
  }
  return 0;
}
