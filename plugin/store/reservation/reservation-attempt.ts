// What one reservation attempt takes and gives back, shared by its two implementations:
// reservation-batch.ts (MariaDB/MySQL) and the knex path in reservation.ts (SQLite).
import type { CalleeState, Decision } from '../../domain/decision.ts';
import type { PoolNumber } from '../../domain/pool/pool-number.ts';
import type { CallRowInput } from '../calls/call-log.ts';

export interface ReserveInput {
  calleeE164: string;
  /** The oldest call the callee's frequency limits can count: how far back its state is read. */
  since: Date;
  /**
   * The caller's decision on the callee's state, read under the callee's lock. It runs inside the
   * transaction, so it must be quick and pure; the store takes the unit of the number it chose.
   */
  decide: (state: CalleeState) => Decision;
  /** Pool-local date whose cap unit an allowed decision takes. */
  usageDay: string;
  row: Omit<CallRowInput, 'decision' | 'usageDay' | 'route'>;
  routeFor: (decision: Decision) => string | null;
}

/**
 * Decided and logged (allowed with its cap unit, or blocked), or refused: the chosen number was
 * full (or left service) in the database and nothing but the callee's lock row was written.
 */
export type ReserveAttempt =
  { kind: 'decided'; decision: Decision; callId: number } | { kind: 'refused'; number: PoolNumber };
