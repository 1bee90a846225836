// `marks import`: a supervisor loads the marks a platform or a carrier sent as CSV (M2). Every line is
// checked first — one bad line and nothing is imported — then the marks are merged and audited and the
// mark rules (M3) apply at once to every number they touch, in the same transaction.
import { AppError } from '../../errors/index.ts';
import { inTransaction } from '../../store/connection/database.ts';
import type { ActionContext } from '../action-context.ts';
import { startSupervisorRun } from '../numbers/supervisor-run.ts';
import { MARK_RULES_JOB } from './add-mark.ts';
import { applyMarkRulesNow, type RuleOutcome } from './apply-mark-rules.ts';
import { importMarksCsv } from './mark-import.ts';

export interface ImportMarksInput {
  content: Buffer;
  /** The file's name, for the refusal's message. */
  source: string;
}

export interface ImportedMarks {
  rows: number;
  numbers: number;
  /** Marks that appeared or grew. */
  newMarks: number;
  rules: RuleOutcome[];
}

/** NUMPOOL_IMPORT_REJECTED, with `details.errors` (one per bad line), when any line is refused. */
export async function importMarks(ctx: ActionContext, input: ImportMarksInput): Promise<ImportedMarks> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const run = await startSupervisorRun(ctx, tx, MARK_RULES_JOB);
    const deps = { db: run.deps.db, platforms: run.settings.marks.platforms };
    const imported = await importMarksCsv(deps, input.content, ctx.actor, run.now);
    if (!imported.ok) return imported;
    return { ...imported, rules: await applyMarkRulesNow(run, tx, imported.newMarks) };
  });
  if (!result.ok) {
    throw new AppError('NUMPOOL_IMPORT_REJECTED', `nothing imported from ${input.source}`, {
      details: { errors: result.errors },
    });
  }
  return {
    rows: result.rows,
    numbers: result.numbers,
    newMarks: result.newMarks.length,
    rules: result.rules,
  };
}
