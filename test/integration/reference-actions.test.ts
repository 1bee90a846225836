// The reference-data actions on MariaDB: DNC add/remove/check, consent grant/revoke, agent edit.
// Each is audited; free text with control characters is refused with a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../plugin/actions/action-context.ts';
import { addDnc } from '../../plugin/actions/reference/add-dnc.ts';
import { checkDnc } from '../../plugin/actions/reference/check-dnc.ts';
import { grantConsent } from '../../plugin/actions/reference/grant-consent.ts';
import { removeDnc } from '../../plugin/actions/reference/remove-dnc.ts';
import { revokeConsent } from '../../plugin/actions/reference/revoke-consent.ts';
import { setAgent } from '../../plugin/actions/reference/set-agent.ts';
import { testActionContext } from '../support/action-context.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
let tdb: TestDatabase;
let ctx: ActionContext;

beforeAll(async () => {
  tdb = await createTestDatabase('refactions');
  ctx = testActionContext(tdb.open(), { now: NOW });
});

afterAll(async () => {
  await tdb.drop();
});

beforeEach(async () => {
  for (const table of ['agents', 'dnc', 'consents', 'audit_log']) await ctx.db.knex(table).del();
});

async function audit(): Promise<{ action: string; entity: string; entity_id: string | null }[]> {
  return (await ctx.db.knex('audit_log').orderBy('id').select('action', 'entity', 'entity_id')) as {
    action: string;
    entity: string;
    entity_id: string | null;
  }[];
}

describe('DNC list', () => {
  it('when a callee is added, checked and removed with a reason, then each change is audited', async () => {
    const added = await addDnc(ctx, { callee: '138-0013-8000', reason: '客户要求\t不再来电', source: 'cli' });
    expect(added).toMatchObject({
      added: true,
      entry: { calleeE164: '+8613800138000', reason: '客户要求\t不再来电' },
    });
    expect((await addDnc(ctx, { callee: '13800138000', reason: 'again', source: 'cli' })).added).toBe(false);
    expect((await checkDnc(ctx, '+86 138 0013 8000')).entry).toMatchObject({
      source: 'cli',
      addedBy: 'tester',
    });

    const removed = await removeDnc(ctx, { callee: '13800138000', reason: 'entered by mistake' });
    expect(removed.removed).toMatchObject({ reason: '客户要求\t不再来电' });
    expect(await checkDnc(ctx, '13800138000')).toEqual({ e164: '+8613800138000', entry: null });
    expect(await removeDnc(ctx, { callee: '13800138000', reason: 'twice' })).toEqual({
      e164: '+8613800138000',
      removed: null,
    });
    expect(await audit()).toEqual([
      { action: 'add', entity: 'dnc', entity_id: '+8613800138000' },
      { action: 'remove', entity: 'dnc', entity_id: '+8613800138000' },
    ]);
  });

  it('when a reason holds a NUL byte, then it is refused as NUMPOOL_INVALID_TEXT and nothing is stored', async () => {
    await expect(
      addDnc(ctx, { callee: '13800138000', reason: 'no\u0000pe', source: 'cli' }),
    ).rejects.toMatchObject({
      code: 'NUMPOOL_INVALID_TEXT',
      message: 'reason holds a control character (U+0000) at column 3',
    });
    expect(await checkDnc(ctx, '13800138000')).toMatchObject({ entry: null });
  });

  it('when a removal has no reason or the number is not a number, then it is refused', async () => {
    await addDnc(ctx, { callee: '13800138000', source: 'cli' });
    await expect(removeDnc(ctx, { callee: '13800138000', reason: '  ' })).rejects.toMatchObject({
      code: 'NUMPOOL_INVALID_INPUT',
      message: 'reason is required',
    });
    await expect(checkDnc(ctx, 'abc')).rejects.toMatchObject({ code: 'NUMPOOL_INVALID_INPUT' });
    expect((await checkDnc(ctx, '13800138000')).entry).not.toBeNull();
  });
});

describe('consents', () => {
  it('when a consent is granted and revoked, then the record stays marked revoked and both are audited', async () => {
    const granted = await grantConsent(ctx, {
      callee: '13800138000',
      expiresAt: new Date('2027-03-02T00:00:00Z'),
      evidence: '录音 #4411',
    });
    expect(granted).toMatchObject({ calleeE164: '+8613800138000', grantedAt: NOW, source: 'cli' });
    expect(await revokeConsent(ctx, { callee: '13800138000', reason: '客户撤回' })).toEqual({
      e164: '+8613800138000',
      revoked: true,
    });
    expect(await revokeConsent(ctx, { callee: '13800138000', reason: 'again' })).toMatchObject({
      revoked: false,
    });
    expect(await ctx.db.knex('consents').first('revoked_at', 'evidence')).toEqual({
      revoked_at: '2026-03-02 02:00:00.000',
      evidence: '录音 #4411',
    });
    expect((await audit()).map((a) => a.action)).toEqual(['grant', 'revoke']);
  });

  it('when the evidence holds an escape sequence or the consent ends before it starts, then it is refused', async () => {
    await expect(grantConsent(ctx, { callee: '13800138000', evidence: '\u001b[2J' })).rejects.toMatchObject({
      code: 'NUMPOOL_INVALID_TEXT',
      message: 'evidence holds a control character (U+001B) at column 1',
    });
    await expect(
      grantConsent(ctx, { callee: '13800138000', expiresAt: new Date('2026-01-01T00:00:00Z') }),
    ).rejects.toMatchObject({ code: 'NUMPOOL_INVALID_INPUT' });
    expect(await audit()).toEqual([]);
  });
});

describe('agents', () => {
  it('when an agent is created and then trained, then untouched fields keep their value and the cache sees it', async () => {
    expect(await setAgent(ctx, { id: '8001', name: '张三', team: '外呼一组' })).toEqual({
      created: true,
      agent: { id: '8001', name: '张三', team: '外呼一组', marketingTrained: false, active: true },
    });
    const saved = await setAgent(ctx, { id: '8001', marketingTrained: true });
    expect(saved.agent).toEqual({
      id: '8001',
      name: '张三',
      team: '外呼一组',
      marketingTrained: true,
      active: true,
    });
    expect((await ctx.cache.reload()).agents.get('8001')).toMatchObject({ marketingTrained: true });
    expect((await audit()).map((a) => `${a.action} ${a.entity} ${a.entity_id}`)).toEqual([
      'create agent 8001',
      'update agent 8001',
    ]);
  });

  it('when an agent name holds a control character or the id is malformed, then it is refused', async () => {
    await expect(setAgent(ctx, { id: '8001', name: 'Ann\u0007' })).rejects.toMatchObject({
      code: 'NUMPOOL_INVALID_TEXT',
      message: 'name holds a control character (U+0007) at column 4',
    });
    await expect(setAgent(ctx, { id: '80 01' })).rejects.toMatchObject({ code: 'NUMPOOL_INVALID_INPUT' });
    expect(await ctx.db.knex('agents').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
