// A number's lifecycle history (L1) as supervisors read it: number_state_history rows, newest first.
import type { Knex } from 'knex';
import type { NumberState } from '../../domain/pool/pool-number.ts';
import { fromDbTime } from '../connection/db-time.ts';

export interface HistoryEntry {
  at: Date;
  from: NumberState | null;
  to: NumberState;
  actorKind: string;
  actor: string;
  reason: string | null;
}

export async function listNumberHistory(knex: Knex, numberId: number, limit = 10): Promise<HistoryEntry[]> {
  const rows = (await knex('number_state_history')
    .where({ number_id: numberId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('at', 'from_state', 'to_state', 'actor_kind', 'actor', 'reason')) as {
    at: string;
    from_state: NumberState | null;
    to_state: NumberState;
    actor_kind: string;
    actor: string;
    reason: string | null;
  }[];
  return rows.map((r) => ({
    at: fromDbTime(r.at),
    from: r.from_state,
    to: r.to_state,
    actorKind: r.actor_kind,
    actor: r.actor,
    reason: r.reason,
  }));
}
