// The generic HTTP/JSON mark provider against a fake lookup service on 127.0.0.1 (issue 4,
// acceptance 2): good answers are recorded as marks; every failure records a failed check only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../plugin/logger.ts';
import { DEFAULT_MARK_PLATFORMS } from '../../plugin/domain/marks/mark.ts';
import type { MarkProvider } from '../../plugin/domain/marks/mark-provider.ts';
import { HttpMarkProvider } from '../../plugin/marks/http-mark-provider.ts';
import { parseHttpMarkProviderSettings } from '../../plugin/marks/http-provider-settings.ts';
import { checkNumberMarks, type MarkCheckOutcome } from '../../plugin/actions/marks/mark-check.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { listMarkChecks, listMarks } from '../../plugin/store/health/mark-repository.ts';
import { seedNumbers } from '../support/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
const EARLIER = new Date('2026-02-20T02:00:00Z');
const NUMBER = '+8613800138000';

interface Seen {
  at: number;
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

let tdb: TestDatabase;
let db: Database;
let numberId: number;
let server: Server;
let base: string;
let seen: Seen[] = [];
let handler: Handler = (_req, res) => res.end();

beforeAll(async () => {
  tdb = await createTestDatabase('httpmarks');
  db = tdb.open();
  [numberId = 0] = await seedNumbers(db.knex, [{ e164: NUMBER, type: 'mobile' }]);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const index = seen.length;
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        at: performance.now(),
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      handler(req, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await tdb.drop();
});

beforeEach(async () => {
  seen = [];
  await db.knex('mark_checks').del();
  await db.knex('marks').del();
  // An existing mark, so a failed check can be seen to leave it alone.
  await db.knex('marks').insert({
    number_id: numberId,
    platform: 'tencent',
    mark_type: 'harassment',
    count: 4,
    first_seen_at: toDbTime(EARLIER),
    last_seen_at: toDbTime(EARLIER),
    source: 'provider',
    updated_at: toDbTime(EARLIER),
  });
});

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const GOOD_ANSWER = {
  code: 0,
  data: {
    marks: [
      { app: '360手机卫士', tag: '骚扰电话', count: 12 },
      { app: '腾讯手机管家', tag: '广告推销', count: '3' },
      { app: 'baidu', tag: '诈骗', count: 0 },
      { app: 'Tencent', tag: 'harassment', count: 5 },
    ],
  },
};

function provider(overrides: Record<string, unknown> = {}): HttpMarkProvider {
  const parsed = parseHttpMarkProviderSettings({
    name: 'fake-lookup',
    urlTemplate: `${base}/v1/marks?phone={e164}&n={national}`,
    headers: { Authorization: 'Bearer s3cret' },
    timeoutMs: 300,
    maxRequestsPerSecond: 1000,
    burst: 100,
    retries: 2,
    backoffInitialMs: 5,
    backoffMaxMs: 20,
    mapping: {
      items: 'data.marks',
      platform: 'app',
      type: 'tag',
      count: 'count',
      platformLabels: { '360手机卫士': '360', 腾讯手机管家: 'tencent' },
      okWhen: { path: 'code', equals: 0 },
    },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return new HttpMarkProvider(parsed.settings);
}

function check(p: MarkProvider): Promise<MarkCheckOutcome> {
  return checkNumberMarks(
    { db, provider: p, platforms: DEFAULT_MARK_PLATFORMS, logger: createLogger('silent') },
    { id: numberId, e164: NUMBER },
    NOW,
  );
}

async function marks(): Promise<[string, string, number, string][]> {
  return (await listMarks(db.knex, numberId)).map((m) => [
    m.platform,
    m.type,
    m.count,
    m.lastSeenAt.toISOString(),
  ]);
}

const UNCHANGED: [string, string, number, string][] = [['tencent', 'harassment', 4, EARLIER.toISOString()]];

/** The failure's code, with the proof that nothing but a failed check row was written. */
async function expectFailedCheckOnly(outcome: MarkCheckOutcome, code: string): Promise<void> {
  expect(outcome).toMatchObject({ ok: false, error: { code } });
  expect(await marks()).toEqual(UNCHANGED);
  const checks = await listMarkChecks(db.knex, numberId);
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({ provider: 'fake-lookup', status: 'failed', error: { code } });
}

describe('answers', () => {
  it('when the service answers normally, then its labels are mapped and the marks are recorded', async () => {
    handler = (_req, res) => json(res, 200, GOOD_ANSWER);

    const outcome = await check(provider());

    expect(outcome.ok && outcome.merge.newMarks).toEqual([
      { platform: '360', type: 'harassment', added: 12 },
      { platform: 'tencent', type: 'sales', added: 3 },
      { platform: 'tencent', type: 'harassment', added: 1 },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/v1/marks?phone=%2B8613800138000&n=13800138000',
      authorization: 'Bearer s3cret',
    });
    expect(await marks()).toEqual([
      ['360', 'harassment', 12, NOW.toISOString()],
      ['tencent', 'harassment', 5, NOW.toISOString()],
      ['tencent', 'sales', 3, NOW.toISOString()],
    ]);
    const [logged] = await listMarkChecks(db.knex, numberId);
    expect(logged).toMatchObject({ status: 'ok', error: null });
    expect(JSON.parse(logged?.raw ?? 'null')).toEqual(GOOD_ANSWER);
  });

  it('when the provider is configured for POST, then the body template carries the number', async () => {
    handler = (_req, res) => json(res, 200, { code: 0, data: { marks: [] } });

    const outcome = await check(
      provider({ method: 'POST', bodyTemplate: '{"phone":"{e164}","digits":"{digits}"}' }),
    );

    expect(outcome).toMatchObject({ ok: true, merge: { newMarks: [] } });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      body: '{"phone":"+8613800138000","digits":"8613800138000"}',
      contentType: 'application/json',
    });
  });

  it('when the service answers 404 and 404 means clean, then the check is ok with no marks', async () => {
    handler = (_req, res) => json(res, 404, { error: 'no such number' });

    expect(await check(provider({ notFoundIsClean: true }))).toMatchObject({
      ok: true,
      merge: { newMarks: [] },
    });
    expect(await marks()).toEqual(UNCHANGED);
  });
});

describe('failures change nothing but the check log', () => {
  it('when the service does not answer in time, then the check fails TIMEOUT', async () => {
    handler = () => undefined; // holds the request open

    await expectFailedCheckOnly(await check(provider({ retries: 0, timeoutMs: 200 })), 'TIMEOUT');
  });

  it('when the service answers 500 and then 200, then the retry succeeds', async () => {
    handler = (_req, res, i) => (i === 0 ? json(res, 500, 'oops') : json(res, 200, GOOD_ANSWER));

    expect(await check(provider())).toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it('when the service keeps answering 500, then the check fails after every retry', async () => {
    handler = (_req, res) => json(res, 500, { error: 'down' });

    const outcome = await check(provider({ retries: 2 }));

    await expectFailedCheckOnly(outcome, 'HTTP_STATUS');
    expect(outcome).toMatchObject({ error: { message: 'HTTP 500 (after 3 attempts)' } });
    expect(seen).toHaveLength(3);
  });

  it('when the service answers 429 with Retry-After 1, then the provider waits a second and retries', async () => {
    handler = (_req, res, i) =>
      i === 0 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, GOOD_ANSWER);

    expect(await check(provider())).toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('when the service asks to wait longer than allowed, then the check fails RATE_LIMITED at once', async () => {
    handler = (_req, res) => json(res, 429, { error: 'quota' }, { 'retry-after': '3600' });

    await expectFailedCheckOnly(await check(provider()), 'RATE_LIMITED');
    expect(seen).toHaveLength(1);
  });

  it('when the service cannot be reached, then the check fails NETWORK', async () => {
    const p = provider({ urlTemplate: 'http://127.0.0.1:9/v1/marks?phone={e164}', retries: 1 });

    await expectFailedCheckOnly(await check(p), 'NETWORK');
  });

  it('when the answer is not JSON, then the check fails BAD_RESPONSE and keeps the raw answer', async () => {
    handler = (_req, res) => json(res, 200, '{"code":0,"data":{"marks":[{"app":');

    await expectFailedCheckOnly(await check(provider()), 'BAD_RESPONSE');
    expect((await listMarkChecks(db.knex, numberId))[0]?.raw).toBe('{"code":0,"data":{"marks":[{"app":');
  });

  it('when the declared body is over 1 MB, then the check fails TOO_LARGE', async () => {
    const body = `{"pad":"${'x'.repeat(1_100_000)}"}`;
    handler = (_req, res) => json(res, 200, body, { 'content-length': String(Buffer.byteLength(body)) });

    await expectFailedCheckOnly(await check(provider()), 'TOO_LARGE');
  });

  it('when an undeclared streamed body passes 1 MB, then the check fails TOO_LARGE', async () => {
    handler = (_req, res) => {
      res.on('error', () => undefined); // the client hangs up mid-stream, as intended
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
    };

    await expectFailedCheckOnly(await check(provider()), 'TOO_LARGE');
  });

  it.each([
    ['a negative count', { code: 0, data: { marks: [{ app: 'baidu', tag: '骚扰', count: -1 }] } }],
    ['a fractional count', { code: 0, data: { marks: [{ app: 'baidu', tag: '骚扰', count: 1.5 }] } }],
    [
      'an unknown label in strict mode',
      { code: 0, data: { marks: [{ app: 'baidu', tag: '快递', count: 2 }] } },
    ],
    ['an unconfigured platform', { code: 0, data: { marks: [{ app: 'myspace', tag: '骚扰', count: 2 }] } }],
    ['marks that are not an array', { code: 0, data: { marks: { app: 'baidu' } } }],
    ['a mark that is not an object', { code: 0, data: { marks: ['baidu'] } }],
    ['an error envelope with HTTP 200', { code: 1001, msg: 'quota exceeded' }],
    ['a JSON scalar', 42],
  ])('when the answer has %s, then the check fails BAD_RESPONSE', async (_what, body) => {
    handler = (_req, res) => json(res, 200, body);

    await expectFailedCheckOnly(await check(provider()), 'BAD_RESPONSE');
  });

  it('when the service redirects, then the redirect is not followed and the check fails HTTP_STATUS', async () => {
    handler = (_req, res, i) => {
      if (i > 0) return json(res, 200, GOOD_ANSWER);
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    };

    await expectFailedCheckOnly(await check(provider()), 'HTTP_STATUS');
    expect(seen).toHaveLength(1);
  });

  it('when the service answers 401, then the check fails HTTP_STATUS without retrying', async () => {
    handler = (_req, res) => json(res, 401, { error: 'bad token' });

    await expectFailedCheckOnly(await check(provider()), 'HTTP_STATUS');
    expect(seen).toHaveLength(1);
  });

  it('when the provider knows a platform the pool is not configured for, then the check fails and changes nothing', async () => {
    handler = (_req, res) => json(res, 200, GOOD_ANSWER);
    const p = provider();

    const outcome = await checkNumberMarks(
      { db, provider: p, platforms: ['tencent', 'baidu'], logger: createLogger('silent') },
      { id: numberId, e164: NUMBER },
      NOW,
    );

    await expectFailedCheckOnly(outcome, 'BAD_RESPONSE');
  });

  it('when applying the merged marks fails, then neither the marks nor the check are saved', async () => {
    handler = (_req, res) => json(res, 200, GOOD_ANSWER);
    const failing = checkNumberMarks(
      { db, provider: provider(), platforms: DEFAULT_MARK_PLATFORMS, logger: createLogger('silent') },
      { id: numberId, e164: NUMBER },
      NOW,
      () => Promise.reject(new Error('state change refused')),
    );

    await expect(failing).rejects.toThrow('state change refused');
    expect(await marks()).toEqual(UNCHANGED);
    expect(await listMarkChecks(db.knex, numberId)).toEqual([]);
  });

  it('when a provider throws, then the check is recorded as PROVIDER_ERROR', async () => {
    const broken: MarkProvider = { name: 'fake-lookup', check: () => Promise.reject(new Error('bug')) };

    await expectFailedCheckOnly(await check(broken), 'PROVIDER_ERROR');
  });
});

describe('limits and settings', () => {
  it('when strict is off, then an unknown label counts as other', async () => {
    handler = (_req, res) =>
      json(res, 200, { code: 0, data: { marks: [{ app: 'baidu', tag: '快递', count: 2 }] } });

    expect(await check(provider({ strict: false }))).toMatchObject({ ok: true });
    expect(await marks()).toContainEqual(['baidu', 'other', 2, NOW.toISOString()]);
  });

  it('when six checks run at once with a limit of 5 requests/s, then the sixth request starts at least a second after the first', async () => {
    handler = (_req, res) => json(res, 200, { code: 0, data: { marks: [] } });
    const limited = provider({ maxRequestsPerSecond: 5, burst: 1 });

    const outcomes = await Promise.all(Array.from({ length: 6 }, () => check(limited)));

    expect(outcomes.every((o) => o.ok)).toBe(true);
    const times = seen.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(6);
    // 1 request at once, then one per 200 ms: the sixth is due 1000 ms after the first.
    expect((times[5] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('when settings are wrong, then every problem is reported', () => {
    const parsed = parseHttpMarkProviderSettings({
      name: 'bad name!',
      urlTemplate: 'ftp://example.com/{phone}',
      method: 'GET',
      bodyTemplate: '{e164}',
      timeoutMs: 0,
      mapping: { type: 'tag', count: 'n', platform: 'app', fixedPlatform: '360' },
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.some((p) => p.startsWith('name:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('urlTemplate:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('timeoutMs:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('mapping:'))).toBe(true);
  });
});
