// Creates an agent or edits one: name, team, whether trained for marketing calls (C7), active.
// Fields not given keep their value (a new agent: no name or team, not trained, active). Audited;
// every numpool process sees the change with the reference data. `numpool agent set`.
import { AppError } from '../../errors/index.ts';
import { appendAudit } from '../../store/audit/audit-log.ts';
import { inTransaction } from '../../store/connection/database.ts';
import { findAgent, saveAgent, type AgentRecord } from '../../store/reference/agent-repository.ts';
import { bumpReferenceVersion } from '../../store/reference/reference-repository.ts';
import type { ActionContext } from '../action-context.ts';
import { optionalText } from './reference-input.ts';

/** The agent id as the dialplan passes it (the import accepts the same). */
const AGENT_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

export interface AgentEdit {
  id: string;
  name?: string | null;
  team?: string | null;
  marketingTrained?: boolean;
  active?: boolean;
}

export interface AgentSaved {
  created: boolean;
  agent: AgentRecord;
}

export async function setAgent(ctx: ActionContext, input: AgentEdit): Promise<AgentSaved> {
  if (!AGENT_ID.test(input.id))
    throw new AppError('NUMPOOL_INVALID_INPUT', 'agent id: letters, digits, _ . @ -, at most 64');
  const name = input.name === undefined ? undefined : optionalText('name', input.name, 128);
  const team = input.team === undefined ? undefined : optionalText('team', input.team, 64);
  const now = ctx.now();
  const saved = await inTransaction(ctx.db, async (tx) => {
    const before = await findAgent(tx, input.id);
    const base = before ?? { id: input.id, name: null, team: null, marketingTrained: false, active: true };
    const agent: AgentRecord = {
      id: input.id,
      name: name === undefined ? base.name : name,
      team: team === undefined ? base.team : team,
      marketingTrained: input.marketingTrained ?? base.marketingTrained,
      active: input.active ?? base.active,
    };
    await saveAgent(tx, agent, now);
    await appendAudit(tx, {
      actor: ctx.actor,
      action: before ? 'update' : 'create',
      entity: 'agent',
      entityId: agent.id,
      ...(before ? { before } : {}),
      after: agent,
      at: now,
    });
    await bumpReferenceVersion(tx, ctx.actor.name, now);
    return { created: before === null, agent };
  });
  ctx.logger.info({ agent: input.id, created: saved.created }, 'agent saved');
  return saved;
}
