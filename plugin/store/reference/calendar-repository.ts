// Calendar overrides (C2): statutory holidays and 调休 make-up workdays the administrator enters,
// for example next year's schedule before the holiday data package knows it. Audited.
import type { Knex } from 'knex';
import type { CalendarOverride } from '../../domain/calendar/day-kind.ts';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { toDbTime } from '../connection/db-time.ts';
import { bumpReferenceVersion, loadCalendarOverrides } from './reference-repository.ts';

export async function listCalendarOverrides(knex: Knex): Promise<CalendarOverride[]> {
  return [...(await loadCalendarOverrides(knex)).values()].sort((a, b) => a.date.localeCompare(b.date));
}

export async function setCalendarOverride(
  knex: Knex,
  override: CalendarOverride,
  actor: Actor,
  now: Date,
): Promise<void> {
  await knex.transaction(async (trx) => {
    const before = (await trx('calendar_overrides')
      .where({ date: override.date })
      .first('kind', 'name')) as unknown;
    await trx('calendar_overrides')
      .insert({ ...override, created_by: actor.name, created_at: toDbTime(now) })
      .onConflict('date')
      .merge(['kind', 'name', 'created_by', 'created_at']);
    await appendAudit(trx, {
      actor,
      action: 'set',
      entity: 'calendar',
      entityId: override.date,
      before: before ?? null,
      after: override,
      at: now,
    });
    await bumpReferenceVersion(trx, actor.name, now);
  });
}

export async function removeCalendarOverride(
  knex: Knex,
  date: string,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const before = (await trx('calendar_overrides').where({ date }).first('kind', 'name')) as unknown;
    if (!before) return false;
    await trx('calendar_overrides').where({ date }).del();
    await appendAudit(trx, {
      actor,
      action: 'remove',
      entity: 'calendar',
      entityId: date,
      before,
      after: null,
      at: now,
    });
    await bumpReferenceVersion(trx, actor.name, now);
    return true;
  });
}
