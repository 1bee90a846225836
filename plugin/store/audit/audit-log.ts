// The audit log (G3): who changed what, when, with before/after, written in the change's transaction.
import type { Knex } from 'knex';
import { toDbTime } from '../connection/db-time.ts';

export type ActorKind = 'user' | 'api' | 'cli' | 'job' | 'system' | 'agent';

export interface Actor {
  kind: ActorKind;
  name: string;
}

export interface AuditEntry {
  actor: Actor;
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export async function appendAudit(knex: Knex, entry: AuditEntry): Promise<void> {
  await knex('audit_log').insert({
    at: toDbTime(entry.at),
    actor_kind: entry.actor.kind,
    actor: entry.actor.name.slice(0, 64),
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}
