// Callee frequency (C4): sliding windows over the callee's earlier allowed calls, pool-wide.
import type { BlockReason } from '../block-reason.ts';
import type { FrequencyLimit } from './rules.ts';

export type FrequencyVerdict =
  | { ok: true }
  | {
      ok: false;
      code: BlockReason;
      message: string;
      limit: FrequencyLimit;
      count: number;
      nextAllowedAt: Date;
    };

/** The longest window of a limit set: how far back the store must read the callee's calls. */
export function lookbackMinutes(limits: readonly FrequencyLimit[]): number {
  return limits.reduce((max, l) => Math.max(max, l.windowMinutes), 0);
}

/** The oldest call these limits can still count at `now`: where the callee's state is read from. */
export function lookbackStart(now: Date, limits: readonly FrequencyLimit[]): Date {
  return new Date(now.getTime() - lookbackMinutes(limits) * 60_000);
}

/**
 * @param previousCalls times of the callee's earlier allowed calls, any order
 * A window of W minutes with max M blocks when M calls already fall in (now − W, now].
 */
export function checkFrequency(
  now: Date,
  previousCalls: readonly Date[],
  limits: readonly FrequencyLimit[],
): FrequencyVerdict {
  const nowMs = now.getTime();
  for (const limit of limits) {
    const since = nowMs - limit.windowMinutes * 60_000;
    const inWindow = previousCalls
      .map((d) => d.getTime())
      .filter((t) => t > since && t <= nowMs)
      .sort((a, b) => a - b);
    if (inWindow.length < limit.max) continue;
    // The call becomes possible once the oldest call that keeps the window full has left it.
    const freeing = inWindow[inWindow.length - limit.max] ?? nowMs;
    const nextAllowedAt = new Date(freeing + limit.windowMinutes * 60_000);
    return {
      ok: false,
      code: limit.code,
      limit,
      count: inWindow.length,
      nextAllowedAt,
      message:
        `callee already called ${inWindow.length} time(s) in the last ${describeWindow(limit.windowMinutes)} ` +
        `(limit ${limit.max}); next call allowed after ${nextAllowedAt.toISOString()}`,
    };
  }
  return { ok: true };
}

function describeWindow(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} day(s)`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
