// Names for job runs: the tick two processes agree on for one scheduled firing, and run ids.
import { randomBytes } from 'node:crypto';

/** The nominal fire time at minute resolution in UTC ('2026-03-02T02:00Z'), whatever the wake-up time. */
export function tickOf(slot: Date): string {
  if (Number.isNaN(slot.getTime())) throw new RangeError('tickOf: invalid Date');
  return `${slot.toISOString().slice(0, 16)}Z`;
}

/** 16 hex characters: short enough for 'manual-<runId>' to fit job_runs.tick (32). */
export function newRunId(): string {
  return randomBytes(8).toString('hex');
}

export function manualTick(runId: string): string {
  return `manual-${runId}`;
}
