// Call outcomes through the real Asterisk: the fake trunk answers, is busy, congested or never
// answers (by the callee's last digit); the hangup handler's NumpoolResult lands on the calls row
// and the agent's channel ends with the cause a plain outbound route would give the phone.
import { expect, it } from 'vitest';
import { describeWithAsterisk, usePbx } from './support/pbx-fixture.ts';
import {
  BEIJING_SERVICE_NUMBER,
  presentedLandline,
  seedBasicPool,
  TRAINED_AGENT,
} from './support/pool-seed.ts';

describeWithAsterisk('call outcomes on a real Asterisk', () => {
  const pbx = usePbx({ label: 'outcomes', seed: seedBasicPool });

  it('when the callee answers and hangs up after a second, then the row has ANSWER, its talk time and cause 16', async () => {
    const call = await pbx().server.call({ dialed: '13800138201', agent: TRAINED_AGENT, purpose: 'service' });
    expect(call.trunkCallerId).toBe(presentedLandline(BEIJING_SERVICE_NUMBER));
    expect(call.cause).toBe(16);
    expect(call.row).toMatchObject({ status: 'completed', dial_status: 'ANSWER', hangup_cause: 16 });
    // The trunk talks for Wait(1): Asterisk reports whole seconds, answered at once.
    expect(call.row.talk_seconds).toBe(1);
    expect(call.row.ring_seconds).toBeGreaterThanOrEqual(0);
    expect(call.row.ring_seconds).toBeLessThanOrEqual(1);
    expect(call.row.answered_at).not.toBeNull();
    expect(call.row.ended_at).not.toBeNull();
  });

  it('when the callee is busy, then the row has BUSY and the agent channel ends with cause 17', async () => {
    const call = await pbx().server.call({ dialed: '13800138204', agent: TRAINED_AGENT, purpose: 'service' });
    expect(call.trunk).not.toBeNull();
    expect(call.row).toMatchObject({ status: 'completed', dial_status: 'BUSY', talk_seconds: null });
    expect(call.cause).toBe(17);
    expect(call.row.hangup_cause).toBe(17);
  });

  it('when the trunk is congested, then the row has CONGESTION and the agent channel ends with cause 34', async () => {
    const call = await pbx().server.call({ dialed: '13800138203', agent: TRAINED_AGENT, purpose: 'service' });
    expect(call.trunk).not.toBeNull();
    expect(call.row).toMatchObject({ status: 'completed', dial_status: 'CONGESTION', talk_seconds: null });
    expect(call.cause).toBe(34);
    expect(call.row.hangup_cause).toBe(34);
  });

  it('when the callee never answers, then Dial gives up after NUMPOOL_DIAL_TIMEOUT and the row has NOANSWER', async () => {
    const { server } = pbx();
    await server.ami.setGlobal('NUMPOOL_DIAL_TIMEOUT', '2');
    try {
      const call = await server.call({ dialed: '13800138209', agent: TRAINED_AGENT, purpose: 'service' });
      expect(call.trunk).not.toBeNull();
      // Dial's own timing: it ended the attempt after the 2 s timeout, not the trunk's 30 s wait.
      const dialEnd = server.ami.seen(
        (e) => e.get('Event') === 'DialEnd' && e.get('Uniqueid') === call.agentChannel,
        call.from,
      )[0];
      const dialBegin = server.ami.seen(
        (e) => e.get('Event') === 'DialBegin' && e.get('Uniqueid') === call.agentChannel,
        call.from,
      )[0];
      expect(dialEnd?.get('DialStatus')).toBe('NOANSWER');
      const ringing = dialEnd!.timestamp() - dialBegin!.timestamp();
      expect(ringing).toBeGreaterThanOrEqual(1.9);
      expect(ringing).toBeLessThan(5);
      // app_dial sets DIALEDTIME only for answered calls (numpool.conf: "empty unless answered").
      expect(call.row).toMatchObject({
        status: 'completed',
        dial_status: 'NOANSWER',
        talk_seconds: null,
        ring_seconds: null,
        answered_at: null,
        hangup_cause: call.cause,
      });
    } finally {
      await server.ami.setGlobal('NUMPOOL_DIAL_TIMEOUT', '20');
    }
  });
});
