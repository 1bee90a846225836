// Reads numpool's `calls` table (migrations/20261128_004_calls.ts, 009) as the tests check it.
import type { Knex } from 'knex';

export interface CallRow {
  id: number;
  server_id: string | null;
  channel_id: string | null;
  agent: string;
  callee_input: string;
  callee_e164: string | null;
  purpose: string;
  decision: 'allowed' | 'blocked' | 'unchecked';
  reason: string | null;
  number_id: number | null;
  caller_id: string | null;
  route: string | null;
  dry_run: number;
  status: string;
  dial_status: string | null;
  hangup_cause: number | null;
  ring_seconds: number | null;
  talk_seconds: number | null;
  answered_at: Date | null;
  ended_at: Date | null;
  unchecked_key: string | null;
}

export async function callRowById(knex: Knex, id: number | string): Promise<CallRow> {
  const row = (await knex('calls')
    .where({ id: Number(id) })
    .first()) as CallRow | undefined;
  if (!row) throw new Error(`no calls row with id ${id}`);
  return row;
}

export async function callRowsWhere(knex: Knex, where: Partial<CallRow>): Promise<CallRow[]> {
  return (await knex('calls').where(where).orderBy('id')) as CallRow[];
}
