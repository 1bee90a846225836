// A first run with bad Asterisk settings, against the simulated Asterisk (which answers a wrong
// password as Asterisk 22 does) through the real ari-client and asterisk-manager: numpool stays
// up, says once per attempt what to check, shows the problem in its health, and connects by
// itself once the configuration is right.
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNumpoolApp, type NumpoolApp } from '../../plugin/app.ts';
import { loadConfig } from '../../plugin/config.ts';
import { createCore } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';
import { realAmiFactory, realAriConnect } from '../support/numpool-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  [field: string]: unknown;
}

/** numpool's JSON log lines, awaitable by content. */
class CapturedLog extends Writable {
  readonly lines: LogLine[] = [];
  private waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine[]) => void; count: number }[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(text) as LogLine);
    }
    for (const w of [...this.waiters]) {
      const found = this.lines.filter(w.match);
      if (found.length >= w.count) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
    done();
  }

  /** Resolves with the matching lines once there are `count` of them. */
  atLeast(count: number, match: (l: LogLine) => boolean): Promise<LogLine[]> {
    const found = this.lines.filter(match);
    if (found.length >= count) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve, count }));
  }
}

let tdb: TestDatabase;
let sim: SimulatedAsterisk | null = null;
let app: NumpoolApp | null = null;

beforeAll(async () => {
  tdb = await createTestDatabase('firstrun');
});

afterEach(async () => {
  await app?.stop();
  await sim?.stop();
  app = null;
  sim = null;
});

afterAll(async () => {
  await tdb.drop();
});

function startApp(env: Record<string, string>): { app: NumpoolApp; log: CapturedLog } {
  const loaded = loadConfig({
    NUMPOOL_DB_URL: tdb.url,
    NUMPOOL_ARI_PASSWORD: 'numpool',
    NUMPOOL_AMI_PASSWORD: 'numpool',
    NUMPOOL_SERVER_ID: 'pbx-a',
    NUMPOOL_LOG_LEVEL: 'info',
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const log = new CapturedLog();
  const logger = createLogger('info', log);
  const started = createNumpoolApp({
    config: loaded.config,
    logger,
    core: createCore(loaded.config, logger, tdb.open(2)),
    ariConnect: realAriConnect,
    amiFactory: realAmiFactory,
  });
  app = started;
  return { app: started, log };
}

function simEnv(s: SimulatedAsterisk): Record<string, string> {
  return { NUMPOOL_ARI_URL: s.ariUrl, NUMPOOL_AMI_PORT: String(s.amiPort) };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('first run with bad Asterisk settings', () => {
  it('when the ARI password is wrong, then numpool stays up, names NUMPOOL_ARI_PASSWORD and ari.conf on each attempt, shows it in its health, and connects once ari.conf has it', async () => {
    sim = await SimulatedAsterisk.start({ ariPassword: 'right' });
    const { app, log } = startApp({ ...simEnv(sim), NUMPOOL_ARI_PASSWORD: 'wrong' });

    await app.start();
    const refused = await log.atLeast(2, (l) => l.code === 'NUMPOOL_ARI_AUTH_FAILED');

    expect(refused[0]?.msg).toContain(`ARI at ${sim.ariUrl}: authentication failed for user numpool`);
    expect(refused[0]?.msg).toContain('NUMPOOL_ARI_USER / NUMPOOL_ARI_PASSWORD');
    expect(refused[0]?.msg).toContain('ari.conf');
    expect(refused[0]).not.toHaveProperty('err');
    expect(app.health().ari[0]).toMatchObject({
      state: 'connecting',
      problem: { code: 'NUMPOOL_ARI_AUTH_FAILED' },
    });
    expect(app.health().ok).toBe(false);

    sim.setPasswords({ ari: 'wrong' });
    await app.ready();
    expect(app.health().ari[0]).toMatchObject({ state: 'connected', problem: null });
  });

  it('when the AMI password is wrong, then numpool names NUMPOOL_AMI_PASSWORD and manager.conf on each attempt instead of "connection closed", shows it in its health, and logs in once manager.conf has it', async () => {
    sim = await SimulatedAsterisk.start({ amiSecret: 'right', timeScale: 0.05 });
    const { app, log } = startApp({ ...simEnv(sim), NUMPOOL_AMI_PASSWORD: 'wrong' });

    await app.start();
    const refused = await log.atLeast(2, (l) => l.code === 'NUMPOOL_AMI_LOGIN_REFUSED');

    expect(refused[0]?.msg).toContain(`AMI at 127.0.0.1:${sim.amiPort}: login refused for user numpool`);
    expect(refused[0]?.msg).toContain('NUMPOOL_AMI_USER / NUMPOOL_AMI_PASSWORD');
    expect(refused[0]?.msg).toContain('manager.conf');
    expect(app.health().ami[0]).toMatchObject({
      state: 'connecting',
      problem: { code: 'NUMPOOL_AMI_LOGIN_REFUSED' },
    });

    sim.setPasswords({ ami: 'wrong' });
    await app.ready();
    expect(app.health().ami[0]).toMatchObject({ state: 'connected', problem: null });
  });

  it('when nothing listens at the ARI and AMI addresses, then each attempt is one warning per server naming the address, without a stack trace', async () => {
    const [ariPort, amiPort] = [await closedPort(), await closedPort()];
    const { app, log } = startApp({
      NUMPOOL_ARI_URL: `http://127.0.0.1:${ariPort}`,
      NUMPOOL_AMI_PORT: String(amiPort),
    });

    await app.start();
    const unreachable = await log.atLeast(4, (l) => l.code === 'NUMPOOL_ASTERISK_UNREACHABLE');

    const ari = unreachable.filter((l) =>
      l.msg.startsWith(`ARI at http://127.0.0.1:${ariPort} unreachable (ECONNREFUSED)`),
    );
    const ami = unreachable.filter((l) =>
      l.msg.startsWith(`AMI at 127.0.0.1:${amiPort} unreachable (ECONNREFUSED)`),
    );
    expect(ari.length).toBeGreaterThanOrEqual(1);
    expect(ami.length).toBeGreaterThanOrEqual(1);
    expect(unreachable.every((l) => l.level === 40 && l.server === 'pbx-a' && !('err' in l))).toBe(true);
    // Nothing else on the way: no stack, no second line per attempt.
    expect(log.lines.filter((l) => l.level >= 40 && l.code !== 'NUMPOOL_ASTERISK_UNREACHABLE')).toEqual([]);
    expect(app.health().ari[0]?.problem?.code).toBe('NUMPOOL_ASTERISK_UNREACHABLE');
    expect(app.health().ami[0]?.problem?.code).toBe('NUMPOOL_ASTERISK_UNREACHABLE');
  });
});

// What the real Asterisk 22.10.1 in ../shared/asterisk/real answered on 2026-12-05 (curl and a raw
// AMI socket): the simulator must refuse a wrong password the same way for the tests above to mean
// anything.
describe('the simulated Asterisk refusing a wrong password', () => {
  it('when ARI is asked with a wrong password, then it answers 401 with the realm and the JSON body Asterisk 22 sends', async () => {
    sim = await SimulatedAsterisk.start({});
    const url = `${sim.ariUrl}/ari/api-docs/resources.json`;

    const reply = await new Promise<{ status?: number; headers: Record<string, unknown>; body: string }>(
      (resolve, reject) => {
        const req = request(url, { auth: 'numpool:wrong' }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      },
    );

    expect(reply).toMatchObject({
      status: 401,
      headers: {
        server: 'Asterisk',
        'cache-control': 'no-cache, no-store',
        'www-authenticate': 'Basic realm="Asterisk REST Interface"',
        'content-type': 'application/json',
        'content-length': '42',
      },
      body: '{\n  "message": "Authentication required"\n}',
    });
  });

  it('when AMI gets a Login with a wrong secret, then it answers Authentication failed (after a simulated second) and closes the socket', async () => {
    sim = await SimulatedAsterisk.start({ timeScale: 0.05 });
    const socket = connect(sim.amiPort, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));

    socket.write('Action: Login\r\nActionID: 17\r\nUsername: numpool\r\nSecret: wrong\r\nEvents: on\r\n\r\n');
    await closed;

    expect(received).toBe(
      'Asterisk Call Manager/11.0.0\r\nResponse: Error\r\nActionID: 17\r\nMessage: Authentication failed\r\n\r\n',
    );
  });
});
