// The dialplan's fail policy when numpool is not connected (X1), per call purpose.
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

const ROUTES = { default: 'PJSIP/${EXTEN}@default-trunk' };
let sim: SimulatedAsterisk | null = null;

afterEach(async () => {
  expect(sim?.faults() ?? []).toEqual([]);
  await sim?.stop();
  sim = null;
});

describe('fail policy with numpool down', () => {
  it.each([
    [undefined, 'service', 'failed-open'],
    [undefined, 'urgent', 'failed-open'],
    [undefined, 'marketing', 'failed-closed'],
    ['open', 'marketing', 'failed-open'],
    ['closed', 'service', 'failed-closed'],
  ] as const)(
    'when the policy is %s and a %s call arrives, then it takes the %s path',
    async (policy, purpose, path) => {
      sim = await SimulatedAsterisk.start({
        timeScale: 0.05,
        routes: ROUTES,
        ...(policy ? { failPolicy: policy } : {}),
      });
      const outcome = await sim.originate({ callee: '13800138000', agent: '8001', purpose }).ended;
      expect(outcome).toMatchObject({ path, reason: 'APP_UNAVAILABLE', stasisStatus: 'FAILED' });
      if (path === 'failed-open')
        expect(outcome.trunk).toMatchObject({
          callerIdNum: '8001',
          dialString: 'PJSIP/13800138000@default-trunk',
        });
      else expect(outcome).toMatchObject({ trunk: null, hangupCause: 21 });
    },
  );
});

describe('dialed strings that are not numbers', () => {
  it('when the dialed string carries characters no number has, then the call is refused before numpool and never dialed', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: ROUTES, failPolicy: 'open' });
    const outcome = await sim.originate({ callee: '13800138000&SIP/evil', agent: '8001' }).ended;
    expect(outcome).toMatchObject({ path: 'blocked', reason: 'INVALID_NUMBER', trunk: null });
  });
});
