// The agents (C7) as an administrator edits them: one agent's record, saving it, and the whole
// list for the export. The decision reads agents through the reference cache (reference-repository).
import type { Knex } from 'knex';
import { toDbTime } from '../connection/db-time.ts';

export interface AgentRecord {
  id: string;
  name: string | null;
  marketingTrained: boolean;
  active: boolean;
  team: string | null;
}

interface AgentRow {
  id: string;
  name: string | null;
  marketing_trained: number | boolean;
  active: number | boolean;
  team: string | null;
}

const COLUMNS = ['id', 'name', 'marketing_trained', 'active', 'team'];

function toRecord(r: AgentRow): AgentRecord {
  return {
    id: r.id,
    name: r.name,
    marketingTrained: Boolean(r.marketing_trained),
    active: Boolean(r.active),
    team: r.team,
  };
}

export async function findAgent(q: Knex, id: string): Promise<AgentRecord | null> {
  const row = (await q('agents').where({ id }).first(COLUMNS)) as AgentRow | undefined;
  return row ? toRecord(row) : null;
}

/** Creates the agent or replaces its fields. */
export async function saveAgent(q: Knex, agent: AgentRecord, now: Date): Promise<void> {
  const at = toDbTime(now);
  await q('agents')
    .insert({
      id: agent.id,
      name: agent.name,
      marketing_trained: agent.marketingTrained,
      active: agent.active,
      team: agent.team,
      created_at: at,
      updated_at: at,
    })
    .onConflict('id')
    .merge({
      name: agent.name,
      marketing_trained: agent.marketingTrained,
      active: agent.active,
      team: agent.team,
      updated_at: at,
      version: q.raw('?? + 1', ['agents.version']),
    });
}

export async function listAgents(q: Knex): Promise<AgentRecord[]> {
  const rows = (await q('agents').orderBy('id').select(COLUMNS)) as AgentRow[];
  return rows.map(toRecord);
}
