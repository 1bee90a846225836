// A dry run (X3): the rules decide on the callee's state, nothing is reserved. Shadow mode (recorded)
// counts earlier shadow calls and their numbers, so it reports what enforcing would do; an unrecorded
// preview (`numpool decide --dry-run`) leaves no trace, not even in the shadow counters.
import { decideForCallee } from '../../domain/decision.ts';
import type { ShadowUsage } from '../../domain/selection/shadow-usage.ts';
import { readCalleeState } from '../../store/calls/callee-repository.ts';
import type { Database } from '../../store/connection/database.ts';
import type { DecisionCall, DecisionResult } from './decision-call.ts';
import type { PlacedCallee } from './place-callee.ts';
import { recordUnreserved } from './record-unreserved.ts';

export async function previewDecision(
  db: Database,
  shadowUsage: ShadowUsage,
  call: DecisionCall,
  callee: PlacedCallee,
): Promise<DecisionResult> {
  const shadow = call.record;
  const state = await readCalleeState(db.knex, callee.e164, callee.since, shadow);
  shadowUsage.prepare(callee.usageDay);
  const decision = decideForCallee({ ...callee.rules, state, usage: shadowUsage });
  if (shadow && decision.kind === 'allowed') shadowUsage.noteShadowCall(decision.number.id);
  return recordUnreserved(db, call, decision, callee);
}
