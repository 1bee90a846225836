// Records a decision that reserves nothing — an invalid number, a dry run — as its call row;
// `numpool decide --dry-run` (record: false) writes nothing. Called by decide-call.ts and preview.ts.
import type { Decision } from '../../domain/decision.ts';
import { insertCallRow } from '../../store/calls/call-log.ts';
import type { Database } from '../../store/connection/database.ts';
import type { CalleeOnRow, DecisionCall, DecisionResult } from './decision-call.ts';

export async function recordUnreserved(
  db: Database,
  call: DecisionCall,
  decision: Decision,
  callee: CalleeOnRow | null,
): Promise<DecisionResult> {
  const callId = call.record
    ? await insertCallRow(db.knex, {
        ...call.row,
        decision,
        calleeE164: callee?.e164 ?? null,
        area: callee?.area ?? null,
        route: call.routeFor(decision),
        usageDay: null,
      })
    : null;
  return call.result(decision, callId, callee);
}
