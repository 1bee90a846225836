// Rule 8, reserve: the rules decide on the callee's state read under its lock, and the chosen
// number's cap unit is taken in the same short transaction (store/reservation). When the database
// refuses the number (another process took its last unit), the next best is chosen without it
// (domain/selection/refused-numbers.ts); no lock is held between attempts. Called by decide-call.ts.
import { decideForCallee, type CalleeState } from '../../domain/decision.ts';
import { capToday } from '../../domain/pool/pool-number.ts';
import { RefusedNumbers } from '../../domain/selection/refused-numbers.ts';
import type { Database } from '../../store/connection/database.ts';
import { reserveForCallee } from '../../store/reservation/reservation.ts';
import type { UsageTracker } from '../../store/reservation/usage-tracker.ts';
import type { DecisionCall, DecisionResult } from './decision-call.ts';
import type { PlacedCallee } from './place-callee.ts';

export async function reserveCallerId(
  db: Database,
  usage: UsageTracker,
  call: DecisionCall,
  callee: PlacedCallee,
): Promise<DecisionResult> {
  const refused = new RefusedNumbers();
  const input = {
    calleeE164: callee.e164,
    since: callee.since,
    usageDay: callee.usageDay,
    decide: (state: CalleeState) =>
      decideForCallee({ ...callee.rules, state, usage, exclude: refused.excluded }),
    row: { ...call.row, calleeE164: callee.e164, area: callee.area },
    routeFor: call.routeFor,
  };
  for (;;) {
    const attempt = await reserveForCallee(db, input);
    if (attempt.kind === 'decided') {
      if (attempt.decision.kind === 'allowed') usage.noteReserved(attempt.decision.number.id);
      return call.result(attempt.decision, attempt.callId, callee);
    }
    // This process's usage view lagged: the number is full today whatever it thought.
    usage.noteFull(attempt.number.id, capToday(attempt.number));
    if (refused.refuse(attempt.number.id).reloadUsage) await usage.refresh(callee.usageDay);
  }
}
