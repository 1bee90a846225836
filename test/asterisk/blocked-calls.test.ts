// Blocked calls through the real Asterisk, one per reason class: the agent's channel is rejected
// (cause 21) with the reason on NUMPOOL_REASON and as connected-line name, nothing reaches the
// trunk, and the calls row records the block. numpool decides with the real clock, so the rules
// are built around now: today is made a holiday (closed for service calls, open for marketing),
// and urgent calls may not bypass windows and are in quiet hours right now.
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { setCalendarOverride } from '../../plugin/store/reference/calendar-repository.ts';
import { seedConsent, seedDnc } from '../support/seed.ts';
import type { AgentCallRequest } from './support/agent-calls.ts';
import { describeWithAsterisk, usePbx, type PbxServer } from './support/pbx-fixture.ts';
import {
  BEIJING_MARKETING_NUMBER,
  localDate,
  localHhmm,
  openAllDay,
  presentedLandline,
  seedBasicPool,
  setRules,
  TRAINED_AGENT,
  UNTRAINED_AGENT,
} from './support/pool-seed.ts';

const DNC_CALLEE = '13800138101';
const NO_CONSENT_CALLEE = '13800138102';
const CONSENTING_CALLEE = '13800138105';
const HOLIDAY_CALLEE = '13800138106';
const NIGHT_CALLEE = '13800138107';
const TWICE_CALLED_CALLEE = '13800138108';

async function seed(knex: Knex, now: Date): Promise<void> {
  await seedBasicPool(knex, now);
  for (const callee of [DNC_CALLEE, CONSENTING_CALLEE, TWICE_CALLED_CALLEE])
    await seedConsent(knex, `+86${callee}`);
  await seedDnc(knex, `+86${DNC_CALLEE}`);
  await setCalendarOverride(
    knex,
    { date: localDate(now), kind: 'holiday', name: 'asterisk tier holiday' },
    { kind: 'cli', name: 'asterisk-tier' },
    now,
  );
  await setRules(knex, {
    windows: {
      marketing: openAllDay(now),
      service: openAllDay(now, { holidayWindows: [] }),
      urgent: openAllDay(now, { quietHours: { from: localHhmm(now, -30), to: localHhmm(now, 30) } }),
    },
    urgentBypassesWindows: false,
  });
}

async function expectBlocked(server: PbxServer, request: AgentCallRequest, reason: string): Promise<void> {
  const call = await server.call(request);
  expect(call.result.get('Result')).toBe('BLOCKED');
  expect(call.reason).toBe(reason);
  expect(call.hangup.get('ConnectedLineName')).toBe(reason);
  expect(call.cause).toBe(21);
  expect(call.trunk).toBeNull();
  expect(call.row).toMatchObject({
    decision: 'blocked',
    reason,
    status: 'blocked',
    caller_id: null,
    channel_id: call.agentChannel,
    callee_input: request.dialed,
  });
}

describeWithAsterisk('blocked calls on a real Asterisk', () => {
  const pbx = usePbx({ label: 'blocked', seed });

  it('when the callee is on the DNC list, then the call is rejected as DNC before the trunk', async () => {
    await expectBlocked(
      pbx().server,
      { dialed: DNC_CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' },
      'DNC',
    );
  });

  it('when a marketing callee gave no consent, then the call is rejected as NO_CONSENT', async () => {
    await expectBlocked(
      pbx().server,
      { dialed: NO_CONSENT_CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' },
      'NO_CONSENT',
    );
  });

  it('when an untrained agent places a marketing call, then it is rejected as AGENT_NOT_ALLOWED', async () => {
    await expectBlocked(
      pbx().server,
      { dialed: CONSENTING_CALLEE, agent: UNTRAINED_AGENT, purpose: 'marketing' },
      'AGENT_NOT_ALLOWED',
    );
  });

  it('when today is a holiday closed for service calls, then a service call is rejected as HOLIDAY', async () => {
    await expectBlocked(
      pbx().server,
      { dialed: HOLIDAY_CALLEE, agent: TRAINED_AGENT, purpose: 'service' },
      'HOLIDAY',
    );
  });

  it('when now is inside the quiet hours of the purpose, then the call is rejected as OUTSIDE_WINDOW', async () => {
    await expectBlocked(
      pbx().server,
      { dialed: NIGHT_CALLEE, agent: TRAINED_AGENT, purpose: 'urgent' },
      'OUTSIDE_WINDOW',
    );
  });

  it('when a callee was called a moment ago, then the next call to them is rejected as CALLEE_INTERVAL', async () => {
    const { server } = pbx();
    const first = await server.call({
      dialed: TWICE_CALLED_CALLEE,
      agent: TRAINED_AGENT,
      purpose: 'marketing',
    });
    expect(first.trunkCallerId).toBe(presentedLandline(BEIJING_MARKETING_NUMBER));
    await expectBlocked(
      server,
      { dialed: TWICE_CALLED_CALLEE, agent: TRAINED_AGENT, purpose: 'marketing' },
      'CALLEE_INTERVAL',
    );
  });
});
