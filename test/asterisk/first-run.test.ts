// A first run with a wrong ARI or AMI password against the real Asterisk 22, as `npm start` runs
// numpool: it stays up, says once per attempt which settings to check (JSON lines only), and
// connects by itself once the administrator fixes ari.conf / manager.conf and reloads them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, inject, it } from 'vitest';
import type { AsteriskInstance } from './support/asterisk-instance.ts';
import { NumpoolProcess, type NumpoolLogLine } from './support/numpool-process.ts';
import { describeWithAsterisk, usePbx, type Pbx } from './support/pbx-fixture.ts';

let numpool: NumpoolProcess | null = null;
let restore: (() => Promise<void>) | null = null;

/** numpool beside the fixture's (never started) one, with its own environment overrides. */
function launchNumpool(pbx: Pbx, name: string, env: Record<string, string>): NumpoolProcess {
  const { asterisk, id } = pbx.server;
  numpool = new NumpoolProcess(
    name,
    {
      NUMPOOL_DB_URL: pbx.db.url,
      NUMPOOL_ARI_URL: asterisk.ariUrl,
      NUMPOOL_ARI_PASSWORD: 'numpool',
      NUMPOOL_AMI_PORT: String(asterisk.amiPort),
      NUMPOOL_AMI_PASSWORD: 'numpool',
      NUMPOOL_SERVER_ID: id,
      NUMPOOL_LOG_LEVEL: 'info',
      ...env,
    },
    inject('asteriskRunDir'),
  );
  numpool.launch();
  return numpool;
}

/** As an administrator does: edit one line of DIR/etc/asterisk/FILE, then reload it. */
async function editConfig(
  asterisk: AsteriskInstance,
  file: string,
  from: RegExp,
  to: string,
  reload: string,
): Promise<void> {
  const path = join(asterisk.dir, 'etc/asterisk', file);
  const before = readFileSync(path, 'utf8');
  if (!from.test(before)) throw new Error(`${file} has no line matching ${String(from)}`);
  writeFileSync(path, before.replace(from, to));
  await asterisk.cli(reload);
  restore = async () => {
    writeFileSync(path, before);
    await asterisk.cli(reload);
  };
}

afterEach(async () => {
  const [child, undo] = [numpool, restore];
  numpool = null;
  restore = null;
  await child?.stop();
  await undo?.();
});

describeWithAsterisk('first run with a wrong password on a real Asterisk', () => {
  const pbx = usePbx({ label: 'firstrun', seed: () => Promise.resolve(), startNumpool: false });

  it('when NUMPOOL_ARI_PASSWORD is wrong, then numpool stays up naming NUMPOOL_ARI_PASSWORD and ari.conf on each attempt, and connects once ari.conf has that password and is reloaded', async () => {
    const np = launchNumpool(pbx(), 'ari-wrong', { NUMPOOL_ARI_PASSWORD: 'wrong' });
    const { asterisk } = pbx().server;

    await np.waitForLog('numpool started', (l) => l.msg === 'numpool started');
    const third = await np.waitForLog('3 refused ARI attempts', countOf(3, 'NUMPOOL_ARI_AUTH_FAILED'));

    expect(np.running).toBe(true);
    expect(third.msg).toContain(`ARI at ${asterisk.ariUrl}: authentication failed for user numpool`);
    expect(third.msg).toContain('NUMPOOL_ARI_USER / NUMPOOL_ARI_PASSWORD');
    expect(third.msg).toContain('ari.conf');
    expect(third).not.toHaveProperty('err');

    const fixed = np.mark();
    await editConfig(
      asterisk,
      'ari.conf',
      /^password = numpool$/m,
      'password = wrong',
      'module reload res_ari.so',
    );
    await np.waitForLog(
      'ARI connected',
      (l) => l.msg === 'ARI connection state changed' && l.state === 'connected',
      { from: fixed, timeoutMs: 30_000 },
    );
    expect(np.stdoutNoise).toEqual([]);
    expect(np.otherOutput).toEqual([]);
    expect(np.errors().every((l) => l.code === 'NUMPOOL_ARI_AUTH_FAILED')).toBe(true);
  });

  it('when NUMPOOL_AMI_PASSWORD is wrong, then numpool stays up naming NUMPOOL_AMI_PASSWORD and manager.conf on each attempt, and logs in once manager.conf has that secret and is reloaded', async () => {
    const np = launchNumpool(pbx(), 'ami-wrong', { NUMPOOL_AMI_PASSWORD: 'wrong' });
    const { asterisk } = pbx().server;

    await np.waitForLog(
      'ARI connected',
      (l) => l.msg === 'ARI connection state changed' && l.state === 'connected',
    );
    const second = await np.waitForLog('2 refused AMI logins', countOf(2, 'NUMPOOL_AMI_LOGIN_REFUSED'));

    expect(np.running).toBe(true);
    expect(second.msg).toContain(`AMI at 127.0.0.1:${asterisk.amiPort}: login refused for user numpool`);
    expect(second.msg).toContain('NUMPOOL_AMI_USER / NUMPOOL_AMI_PASSWORD');
    expect(second.msg).toContain('manager.conf');
    expect(np.logs.some((l) => /connection closed/.test(l.msg))).toBe(false);

    const fixed = np.mark();
    await editConfig(asterisk, 'manager.conf', /^secret = numpool$/m, 'secret = wrong', 'manager reload');
    await np.waitForLog('AMI connected', (l) => l.msg === 'AMI connected', {
      from: fixed,
      timeoutMs: 30_000,
    });
    expect(np.stdoutNoise).toEqual([]);
    expect(np.otherOutput).toEqual([]);
    expect(np.errors().every((l) => l.code === 'NUMPOOL_AMI_LOGIN_REFUSED')).toBe(true);
  });
});

/** Matches the line that is the `n`th with this code (counting from the process's first line). */
function countOf(n: number, code: string): (line: NumpoolLogLine) => boolean {
  let seen = 0;
  return (line) => line.code === code && ++seen === n;
}
