// What one reservation attempt takes and gives back, shared by its two implementations:
// reservation-batch.ts (MariaDB/MySQL) and the knex path in reservation.ts (SQLite).
import type { CalleeDecisionInput, Decision } from '../../domain/decision.ts';
import type { PoolNumber } from '../../domain/pool/pool-number.ts';
import { lookbackMinutes } from '../../domain/rules/frequency.ts';
import type { CallRowInput } from '../calls/call-log.ts';
import type { UsageTracker } from './usage-tracker.ts';

export interface ReserveInput extends Omit<CalleeDecisionInput, 'state' | 'usage' | 'exclude'> {
  usageDay: string;
  usage: UsageTracker;
  row: Omit<CallRowInput, 'decision' | 'usageDay' | 'route'>;
  routeFor: (decision: Decision) => string | null;
}

/** Decided and logged (allowed with its cap unit, or blocked), or the chosen number was full. */
export type ReserveAttempt =
  { kind: 'decided'; decision: Decision; callId: number } | { kind: 'refused'; number: PoolNumber };

/** The oldest call the callee frequency limits (C4) of this purpose can still count. */
export function lookbackStart(input: Pick<ReserveInput, 'now' | 'rules' | 'request'>): Date {
  return new Date(
    input.now.getTime() - lookbackMinutes(input.rules.frequency[input.request.purpose]) * 60_000,
  );
}
