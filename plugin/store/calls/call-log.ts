// Writes the calls table: one row per decision (allowed, blocked or dry-run) with its trace,
// through knex or as a statement of the reservation's batch.
import type { Knex } from 'knex';
import type { Area } from '../../domain/areas/area.ts';
import type { CallRequest } from '../../domain/call-request.ts';
import type { Decision } from '../../domain/decision.ts';
import { toDbTime } from '../connection/db-time.ts';
import type { Statement } from '../connection/mysql-batch.ts';

export interface CallRowInput {
  request: CallRequest;
  decision: Decision;
  calleeE164: string | null;
  area: Area | null;
  route: string | null;
  usageDay: string | null;
  dryRun: boolean;
  decidedAt: Date;
  /** Milliseconds since the decision started, read when the row is written. */
  elapsedMs: () => number;
  serverId: string | null;
  channelId: string | null;
}

export async function insertCallRow(knex: Knex, input: CallRowInput): Promise<number> {
  const [id] = (await knex('calls').insert(callRowColumns(input))) as number[];
  return Number(id);
}

/**
 * The row as one MariaDB/MySQL statement for a batch (mysql-batch.ts). `onlyIf` is a SQL condition
 * of ours, never input: the row is inserted only when it holds (e.g. the cap unit was taken).
 */
export function callRowStatement(input: CallRowInput, onlyIf = 'TRUE'): Statement {
  const columns = callRowColumns(input);
  const names = Object.keys(columns);
  return {
    sql: `INSERT INTO calls (${names.join(', ')}) SELECT ${names.map(() => '?').join(', ')} FROM DUAL WHERE ${onlyIf}`,
    values: Object.values(columns),
  };
}

function callRowColumns(input: CallRowInput): Record<string, string | number | boolean | null> {
  const { decision, request } = input;
  const allowed = decision.kind === 'allowed';
  return {
    server_id: input.serverId,
    channel_id: input.channelId,
    agent: request.agent.slice(0, 64),
    callee_input: request.callee.slice(0, 64),
    callee_e164: input.calleeE164,
    callee_province: input.area?.province ?? null,
    callee_city: input.area?.city ?? null,
    callee_region: input.area?.region ?? null,
    purpose: request.purpose,
    decision: decision.kind,
    reason: decision.kind === 'blocked' ? decision.reason : null,
    number_id: allowed ? decision.number.id : null,
    caller_id: allowed ? decision.number.e164 : null,
    route: allowed ? input.route : null,
    usage_day: input.usageDay,
    dry_run: input.dryRun,
    status: input.dryRun ? 'dry_run' : allowed ? 'pending' : 'blocked',
    decided_at: toDbTime(input.decidedAt),
    decision_ms: Math.round(input.elapsedMs()),
    trace: JSON.stringify(decision.trace),
  };
}
