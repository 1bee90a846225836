// Fires a callback at each nominal time of a cron schedule (node-cron 4), passing the schedule's slot
// rather than the wall time the process woke at, so every process derives the same tick.
import { createTask, validateDetailed } from 'node-cron';

export interface CronSpec {
  name: string;
  expression: string;
  timezone: string;
}

export interface CronTrigger {
  start(): void;
  stop(): void;
  nextRun(): Date | null;
}

export interface CronHandlers {
  onSlot(slot: Date): void;
  /** The process woke too late for a slot (event loop blocked, machine asleep); it is not run. */
  onMissed(slot: Date): void;
}

export type CronTriggerFactory = (spec: CronSpec, handlers: CronHandlers) => CronTrigger;

// A slot may still run this late: covers GC pauses and a busy event loop, far below any sane period.
const MISSED_TOLERANCE_MS = 30_000;

export const nodeCronTrigger: CronTriggerFactory = (spec, handlers) => {
  const task = createTask(spec.expression, (ctx) => handlers.onSlot(ctx.date), {
    name: spec.name,
    timezone: spec.timezone,
    missedExecutionTolerance: MISSED_TOLERANCE_MS,
    suppressMissedWarning: true,
  });
  task.on('execution:missed', (ctx) => handlers.onMissed(ctx.date));
  return {
    start: () => void task.start(),
    stop: () => void task.destroy(),
    nextRun: () => task.getNextRuns(1)[0] ?? null,
  };
};

/** Why a schedule cannot be used, or null: five fields only, since ticks have minute resolution. */
export function scheduleProblem(expression: string, timezone: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `schedule '${expression}' must have five fields (minute hour day-of-month month day-of-week)`;
  }
  const checked = validateDetailed(expression);
  if (!checked.valid) {
    return `schedule '${expression}': ${checked.errors.map((e) => e.message).join('; ')}`;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return `time zone '${timezone}' is not an IANA zone such as 'Asia/Shanghai'`;
  }
  return null;
}
