// The administrator's actions on MariaDB, as the CLI and the API call them: calendar days, rules and
// settings (validated, audited with the actor, nothing saved when refused), the calendar status on a
// fixed clock, the report periods, the decision preview and the migration.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { calendarStatus } from '../../plugin/actions/calendar/calendar-status.ts';
import {
  listCalendarDays,
  removeCalendarDay,
  setCalendarDay,
} from '../../plugin/actions/calendar/calendar-days.ts';
import { migrateDatabase } from '../../plugin/actions/database/migrate-database.ts';
import { previewDecision } from '../../plugin/actions/decide/decide-call.ts';
import { markReport } from '../../plugin/actions/reports/mark-report.ts';
import { statsReport } from '../../plugin/actions/reports/stats-report.ts';
import { replaceRules } from '../../plugin/actions/rules/replace-rules.ts';
import { showRules } from '../../plugin/actions/rules/show-rules.ts';
import {
  replaceHealthSettings,
  replaceMarkProvider,
} from '../../plugin/actions/settings/replace-settings.ts';
import { showMarkProvider } from '../../plugin/actions/settings/show-settings.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { testActionContext } from '../support/action-context.ts';
import { seedAgent, seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:00Z'); // 10:00 on Monday 2026-03-02 in Shanghai
let tdb: TestDatabase;
let db: Database;
let ctx: ActionContext;

beforeAll(async () => {
  tdb = await createTestDatabase('adminactions');
  db = tdb.open();
  ctx = testActionContext(db, { now: NOW, actor: { kind: 'cli', name: 'alice' } });
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['audit_log', 'calendar_overrides', 'settings', 'calls', 'numbers', 'agents'])
    await db.knex(table).del();
});

async function audit(entity: string): Promise<unknown[]> {
  return db
    .knex('audit_log')
    .where({ entity })
    .orderBy('id')
    .select('action', 'actor_kind', 'actor', 'entity_id');
}

describe('calendar actions', () => {
  it('when a day is set and removed, then both changes are audited with the actor and the list follows', async () => {
    await setCalendarDay(ctx, { date: '2026-03-10', kind: 'holiday', name: '公司 年会' });
    expect(await listCalendarDays(ctx)).toEqual([{ date: '2026-03-10', kind: 'holiday', name: '公司 年会' }]);

    expect(await removeCalendarDay(ctx, '2026-03-10')).toBe(true);
    expect(await removeCalendarDay(ctx, '2026-03-10')).toBe(false);

    expect(await listCalendarDays(ctx)).toEqual([]);
    expect(await audit('calendar')).toEqual([
      { action: 'set', actor_kind: 'cli', actor: 'alice', entity_id: '2026-03-10' },
      { action: 'remove', actor_kind: 'cli', actor: 'alice', entity_id: '2026-03-10' },
    ]);
  });

  it('when a name holds a control character, then nothing is stored', async () => {
    await expect(
      setCalendarDay(ctx, { date: '2026-03-10', kind: 'holiday', name: 'a\u0007b' }),
    ).rejects.toMatchObject({
      code: 'NUMPOOL_INVALID_TEXT',
    });
    expect(await listCalendarDays(ctx)).toEqual([]);
  });

  it('when a year beyond the holiday data is neither covered nor entered, then the status says it is missing until a day is entered', async () => {
    const later = testActionContext(db, { now: new Date('2098-06-01T00:00:00Z') });
    expect((await calendarStatus(later)).map((y) => [y.year, y.covered, y.missing])).toEqual([
      [2098, false, true],
      [2099, false, true],
    ]);
    await setCalendarDay(later, { date: '2099-01-01', kind: 'holiday', name: '元旦' });
    const [, next] = await calendarStatus(later);
    expect(next).toMatchObject({ year: 2099, entered: 1, newYearKind: 'holiday', missing: false });
  });
});

describe('rules and settings actions', () => {
  it('when rules are invalid, then NUMPOOL_RULES_INVALID names the field and nothing is saved or audited', async () => {
    await replaceRules(ctx, { requireMarketingConsent: false });
    const refused = replaceRules(ctx, { frequency: { marketing: [{ windowMinutes: -5, max: 1 }] } });
    await expect(refused).rejects.toMatchObject({ code: 'NUMPOOL_RULES_INVALID' });
    await expect(refused).rejects.toThrow('frequency.marketing.0.windowMinutes');
    expect(await showRules(ctx)).toMatchObject({ requireMarketingConsent: false });
    expect(await audit('rules')).toHaveLength(1);
  });

  it('when health settings are invalid, then they are refused with their own code', async () => {
    await expect(replaceHealthSettings(ctx, { answerRate: { floor: 7 } })).rejects.toMatchObject({
      code: 'NUMPOOL_HEALTH_SETTINGS_INVALID',
    });
    expect(await audit('settings')).toEqual([]);
  });

  it('when a mark provider with credentials is shown, then every header value is masked', async () => {
    expect(await showMarkProvider(ctx)).toBeNull();
    await replaceMarkProvider(ctx, {
      name: 'lookup',
      urlTemplate: 'https://lookup.example/v1/marks?phone={e164}',
      headers: { Authorization: 'Bearer s3cret', 'X-Key': 'k' },
      mapping: { items: 'data.marks', platform: 'app', type: 'tag', count: 'count' },
    });
    expect((await showMarkProvider(ctx))?.headers).toEqual({ Authorization: '***', 'X-Key': '***' });
    expect(await audit('settings')).toEqual([
      { action: 'update', actor_kind: 'cli', actor: 'alice', entity_id: 'mark_provider' },
    ]);
  });
});

describe('reports, decision preview and migration', () => {
  it.each([
    [{ from: '2026-03-07', to: '2026-03-01' }, 'is after --to'],
    [{ from: '2026-01-01', to: '2026-04-03' }, 'at most 92'],
  ])('when the stats period is %j, then NUMPOOL_REPORT_RANGE says why', async (period, message) => {
    const refused = statsReport(ctx, { ...period, by: 'agent' });
    await expect(refused).rejects.toMatchObject({ code: 'NUMPOOL_REPORT_RANGE' });
    await expect(refused).rejects.toThrow(message);
  });

  it('when reports cover a period without calls, then they come back empty in the pool time zone', async () => {
    expect(await statsReport(ctx, { from: '2026-03-01', to: '2026-03-07', by: 'subPool' })).toMatchObject({
      timeZone: 'Asia/Shanghai',
      rows: [],
    });
    expect(await markReport(ctx, { month: '2026-03' })).toMatchObject({
      timeZone: 'Asia/Shanghai',
      rewardList: [],
    });
    await expect(markReport(ctx, { month: '2026-13' })).rejects.toMatchObject({
      code: 'NUMPOOL_REPORT_RANGE',
    });
  });

  it('when a decision is previewed, then it is allowed at the clock’s time and nothing is reserved or recorded', async () => {
    await seedNumbers(db.knex, [
      { e164: '+861088880001', purpose: 'service', state: 'active', city: '北京' },
    ]);
    await seedAgent(db.knex, '8001', true);
    await ctx.cache.reload();
    const result = await previewDecision(ctx, {
      callee: '13800138000',
      agent: '8001',
      purpose: 'service',
      route: null,
      at: null,
    });
    expect(result).toMatchObject({ dryRun: true, callId: null, decision: { kind: 'allowed' } });
    expect(await db.knex('calls').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when the route is no route name, then the preview is refused NUMPOOL_INVALID_INPUT', async () => {
    await expect(
      previewDecision(ctx, {
        callee: '13800138000',
        agent: '8001',
        purpose: 'service',
        route: 'a b',
        at: null,
      }),
    ).rejects.toMatchObject({ code: 'NUMPOOL_INVALID_INPUT' });
  });

  it('when the schema is current, then migrate applies nothing', async () => {
    expect(await migrateDatabase(ctx, { rollbackAll: false })).toEqual({ kind: 'migrated', applied: [] });
  });
});
