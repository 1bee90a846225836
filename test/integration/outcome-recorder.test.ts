// AMI events to stored facts on MariaDB: call outcomes (once) and the *77 DNC code, parsed as the
// decision parses numbers (the site's outside-line digit included).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleAmiEvent, type OutcomeRecorderDeps } from '../../plugin/call-flow/outcome-recorder.ts';
import { createLogger } from '../../plugin/logger.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { seedDnc } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Each test owns its database: the DNC entries and calls one test adds or completes never reach
// another, whatever the order.
let tdb: TestDatabase;
let db: Database;
const NOW = new Date('2026-03-02T02:05:00Z');

function deps(trunkPrefix = ''): OutcomeRecorderDeps {
  return {
    knex: db.knex,
    logger: createLogger('silent'),
    now: () => NOW,
    trunkPrefix: () => trunkPrefix,
    logUnchecked: () => Promise.reject(new Error('no unchecked call expected here')),
  };
}

beforeEach(async () => {
  tdb = await createTestDatabase('outcome');
  db = tdb.open(2);
});

afterEach(async () => {
  await tdb.drop();
});

/** A call decided and reserved by this test, waiting for its outcome. */
async function insertPendingCall(): Promise<number> {
  const [id] = (await db.knex('calls').insert({
    agent: '8001',
    callee_input: '13800138000',
    callee_e164: '+8613800138000',
    purpose: 'service',
    decision: 'allowed',
    number_id: 1,
    caller_id: '+861088880001',
    status: 'pending',
    decided_at: '2026-03-02 02:00:00.000',
    dry_run: false,
  })) as number[];
  return Number(id);
}

describe('the *77 DNC feature code', () => {
  it('when the last callee was dialed with the site outside-line digit, then the callee is put on the DNC list in E.164', async () => {
    await handleAmiEvent(
      'pbx-a',
      { event: 'UserEvent', userevent: 'NumpoolDnc', agent: '8001', lastcallee: '913800138000' },
      deps('9'),
    );
    expect(await db.knex('dnc').first('callee_e164', 'source', 'added_by')).toEqual({
      callee_e164: '+8613800138000',
      source: 'agent',
      added_by: '8001',
    });
  });

  it('when the last callee is not a number, then nothing is added', async () => {
    // This test's own list already holds one callee.
    await seedDnc(db.knex, '+8613800138000');
    await handleAmiEvent(
      'pbx-a',
      { event: 'UserEvent', userevent: 'NumpoolDnc', agent: '8001', lastcallee: 'garbage' },
      deps(),
    );
    expect(await db.knex('dnc').count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});

describe('call outcomes', () => {
  it('when the outcome of a pending call arrives twice, then it is stored once and the second changes nothing', async () => {
    const id = await insertPendingCall();
    const event = {
      event: 'UserEvent',
      userevent: 'NumpoolResult',
      numpoolcallid: String(id),
      dialstatus: 'ANSWER',
      answeredtime: '42',
      dialedtime: '50',
      hangupcause: '16',
    };
    await handleAmiEvent('pbx-a', event, deps());
    await handleAmiEvent('pbx-a', { ...event, dialstatus: 'BUSY' }, deps());
    expect(
      await db
        .knex('calls')
        .where({ id })
        .first('status', 'dial_status', 'talk_seconds', 'ring_seconds', 'hangup_cause'),
    ).toEqual({
      status: 'completed',
      dial_status: 'ANSWER',
      talk_seconds: 42,
      ring_seconds: 8,
      hangup_cause: 16,
    });
  });

  it('when an outcome carries no call id (the call went out without a decision), then nothing is updated', async () => {
    // This test's own pending call is the one a wrongly matched outcome would complete.
    await insertPendingCall();
    const before = await db.knex('calls').where({ status: 'completed' }).count({ n: '*' }).first();
    await handleAmiEvent(
      'pbx-a',
      { event: 'UserEvent', userevent: 'NumpoolResult', numpoolcallid: '', dialstatus: 'ANSWER' },
      deps(),
    );
    expect(await db.knex('calls').where({ status: 'completed' }).count({ n: '*' }).first()).toEqual(before);
  });
});
