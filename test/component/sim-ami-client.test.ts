// The real asterisk-manager client against the simulated AMI: login, the outcome UserEvent of a
// dialed call, AstDB and the *77 DNC feature code of dialplan/numpool.conf.

import AsteriskManager, { type Manager } from 'asterisk-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';

let sim: SimulatedAsterisk | null = null;
let ami: Manager | null = null;

afterEach(async () => {
  ami?.disconnect();
  ami = null;
  expect(sim?.faults() ?? []).toEqual([]);
  await sim?.stop();
  sim = null;
});

function action(manager: Manager, fields: Record<string, string>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) =>
    manager.action(fields, (err, res) =>
      err === null || err === undefined ? resolve(res) : reject(new Error(JSON.stringify(err))),
    ),
  );
}

async function connect(s: SimulatedAsterisk): Promise<Manager> {
  const manager = AsteriskManager(s.amiPort, '127.0.0.1', 'numpool', 'numpool', true);
  await new Promise<void>((resolve, reject) => {
    manager.once('connect', () => resolve());
    manager.once('error', reject);
  });
  await new Promise<void>((resolve) => manager.once('managerevent', () => resolve()));
  return manager;
}

describe('simulated AMI with the real asterisk-manager client', () => {
  it('when a call fails open without the app, then the client receives NumpoolResult with the dial outcome', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: { default: 'SIP/trunk-b/${EXTEN}' } });
    ami = await connect(sim);
    const results: Array<Record<string, string>> = [];
    ami.on('userevent', (e: Record<string, string>) => results.push(e));
    const outcome = await sim.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome.trunk?.dialString).toBe('SIP/trunk-b/13800138000');
    await expect.poll(() => results.length).toBe(1);
    expect(results[0]).toMatchObject({
      userevent: 'NumpoolResult',
      numpoolcallid: '',
      dialstatus: 'ANSWER',
      answeredtime: '1',
      hangupcause: '16',
      reason: 'APP_UNAVAILABLE',
      stasisstatus: 'FAILED',
    });
  });

  it('when the agent dials *77 after a call, then NumpoolDnc names the last callee', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: { default: 'PJSIP/${EXTEN}@trunk' } });
    ami = await connect(sim);
    await sim.originate({ callee: '13900001111', agent: '8002' }).ended;
    const stored = await action(ami, { action: 'DBGet', family: 'numpool', key: 'last/8002' });
    expect(stored.response).toBe('Success');
    const result = await sim.dialFeatureCode('8002');
    expect(result.userEvents).toEqual([
      expect.objectContaining({ UserEvent: 'NumpoolDnc', Agent: '8002', LastCallee: '13900001111' }),
    ]);
  });

  it('when an agent with no previous call dials *77, then no DNC event is raised', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05 });
    const result = await sim.dialFeatureCode('8009');
    expect(result.userEvents).toEqual([]);
  });

  it('when the fail policy global is set over AMI, then the next call follows it', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05, routes: { default: 'PJSIP/${EXTEN}@trunk' } });
    ami = await connect(sim);
    await action(ami, { action: 'Setvar', variable: 'NUMPOOL_FAIL_POLICY', value: 'closed' });
    const outcome = await sim.originate({ callee: '13800138000', agent: '8001' }).ended;
    expect(outcome.path).toBe('failed-closed');
  });
});
