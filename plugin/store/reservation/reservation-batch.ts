// One reservation attempt on MariaDB/MySQL in two round trips (called by reservation.ts):
//   1. START TRANSACTION; lock the callee; read its state        → decide in memory
//   2. take the cap unit; insert the call row if it was taken; COMMIT
// A refused unit commits nothing but the lock row; the caller chooses what to try next.
import { AppError } from '../../errors/index.ts';
import { callRowStatement } from '../calls/call-log.ts';
import {
  calleeStateFromRows,
  calleeStateStatement,
  type CalleeStateRow,
} from '../calls/callee-repository.ts';
import type { Database } from '../connection/database.ts';
import { withBatchTransaction, type ResultHeader } from '../connection/mysql-batch.ts';
import {
  IF_CAP_UNIT_TAKEN,
  lockCalleeStatement,
  NOTE_CAP_UNIT_TAKEN,
  takeCapUnitStatement,
} from './reservation-sql.ts';
import type { ReserveAttempt, ReserveInput } from './reservation-attempt.ts';

export function reserveInBatches(db: Database, input: ReserveInput): Promise<ReserveAttempt> {
  const { calleeE164 } = input;
  return withBatchTransaction(db, async (tx) => {
    const [, rows] = await tx.send([
      lockCalleeStatement('mysql', calleeE164),
      calleeStateStatement(calleeE164, input.since, false),
    ]);
    const decision = input.decide(calleeStateFromRows(rows as CalleeStateRow[]));
    if (decision.kind === 'blocked') {
      const row = { ...input.row, decision, usageDay: null, route: null };
      const [inserted] = await tx.commit([callRowStatement(row)]);
      return { kind: 'decided', decision, callId: insertedId(inserted) };
    }
    const row = { ...input.row, decision, usageDay: input.usageDay, route: input.routeFor(decision) };
    const [taken, , inserted] = await tx.commit([
      takeCapUnitStatement('mysql', decision.number, input.usageDay),
      NOTE_CAP_UNIT_TAKEN,
      callRowStatement(row, IF_CAP_UNIT_TAKEN),
    ]);
    if ((taken as ResultHeader).affectedRows === 0) return { kind: 'refused', number: decision.number };
    return { kind: 'decided', decision, callId: insertedId(inserted) };
  });
}

function insertedId(result: unknown): number {
  const header = result as ResultHeader;
  if (header.affectedRows !== 1) {
    // Unreachable unless the batch and its condition drift apart: never report a call not logged.
    throw new AppError('NUMPOOL_CALL_ROW_NOT_INSERTED', 'the call row of a reservation was not inserted', {
      details: { affectedRows: header.affectedRows },
    });
  }
  return Number(header.insertId);
}
