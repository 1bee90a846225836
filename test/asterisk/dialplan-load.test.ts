// numpool.conf as the real Asterisk 22 loads it: no warning or error names the file or its
// contexts, and the contexts the README tells an administrator to use are there.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { asteriskBuild } from './support/asterisk-build.ts';
import { startAsterisk, type AsteriskInstance } from './support/asterisk-instance.ts';
import { describeWithAsterisk } from './support/pbx-fixture.ts';

const NUMPOOL_CONTEXTS = ['numpool-outbound', 'numpool-result', 'numpool-features'];

describeWithAsterisk('numpool.conf on a real Asterisk', () => {
  let asterisk: AsteriskInstance | null = null;
  const pbx = (): AsteriskInstance => {
    if (!asterisk) throw new Error('Asterisk did not start');
    return asterisk;
  };

  beforeAll(async () => {
    const build = asteriskBuild();
    if (!build.available) throw new Error(build.notice);
    asterisk = await startAsterisk(build, inject('asteriskRunDir'), 'dialplan');
  });

  afterAll(async () => {
    await asterisk?.stop();
  });

  it('when Asterisk boots with numpool.conf included, then no WARNING or ERROR line is about numpool.conf or its contexts', async () => {
    const problems = (await pbx().messagesLog())
      .split('\n')
      .filter((line) => /\b(WARNING|ERROR)\[/.test(line))
      .filter((line) => line.includes('numpool.conf') || NUMPOOL_CONTEXTS.some((c) => line.includes(c)));
    expect(problems).toEqual([]);
  });

  it('when the dialplan is reloaded, then it still loads without a warning about numpool.conf', async () => {
    const before = (await pbx().messagesLog()).length;
    await pbx().cli('dialplan reload');
    const problems = (await pbx().messagesLog())
      .slice(before)
      .split('\n')
      .filter((line) => /\b(WARNING|ERROR)\[/.test(line) && line.includes('numpool'));
    expect(problems).toEqual([]);
    expect(await pbx().cli('dialplan show numpool-outbound')).toContain('Stasis(numpool,');
  });

  it('when an administrator lists numpool-outbound, then it hands every number to the numpool Stasis app under the watchdog', async () => {
    const shown = await pbx().cli('dialplan show numpool-outbound');
    expect(shown).toContain("[ Context 'numpool-outbound' created by 'pbx_config' ]");
    expect(shown).toMatch(/'_X\.' =>/);
    expect(shown).toContain('Set(TIMEOUT(absolute)=');
    expect(shown).toContain(
      'Stasis(numpool,${NUMPOOL_DEST},${NUMPOOL_AGENT},${NUMPOOL_PURPOSE},${NUMPOOL_ROUTE})',
    );
    expect(shown).toMatch(/'T' =>\s+1\. Set\(NUMPOOL_REASON=WATCHDOG\)/);
  });

  it('when an administrator lists the hangup handler and the feature code, then NumpoolResult and *77 are there and agents reach *77', async () => {
    expect(await pbx().cli('dialplan show numpool-result')).toContain('UserEvent(NumpoolResult,');
    expect(await pbx().cli('dialplan show *77@numpool-features')).toContain('UserEvent(NumpoolDnc,');
    expect(await pbx().cli('dialplan show from-agents')).toContain("Include =>        'numpool-features'");
  });
});
