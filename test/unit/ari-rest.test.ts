// numpool's own ARI REST client against a tiny local HTTP server: the requests it sends, what each
// status means (404/409 channel gone, anything else an error with Asterisk's message), its
// timeout, the retry on a stale kept-alive socket, and closing its sockets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelGoneError } from '../../plugin/pbx/ari-port.ts';
import { AriRequestError } from '../../plugin/pbx/ari-rest-failure.ts';
import { AriRest } from '../../plugin/pbx/ari-rest.ts';
import { AriStub } from '../support/ari-stub.ts';

let stub: AriStub;
let rest: AriRest;

beforeEach(async () => {
  stub = await AriStub.start();
  rest = new AriRest({ url: `${stub.url}/`, user: 'numpool', password: 'secret', timeoutMs: 300 });
});

afterEach(async () => {
  rest.close();
  await stub.close();
});

describe('ARI REST requests', () => {
  it('when variables are set in bulk, then one POST carries them as {"variables": {…}} with basic auth', async () => {
    await rest.setVariables('1796480269.0', { 'CALLERID(num)': '01088880001', NUMPOOL_RESULT: 'ALLOWED' });
    expect(stub.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/ari/channels/1796480269.0/variables',
        authorization: `Basic ${Buffer.from('numpool:secret').toString('base64')}`,
      }),
    ]);
    expect(JSON.parse(stub.requests[0]!.body)).toEqual({
      variables: { 'CALLERID(num)': '01088880001', NUMPOOL_RESULT: 'ALLOWED' },
    });
  });

  it('when one variable is set, then its name and value travel in the query string', async () => {
    await rest.setVariable('1.1', 'CALLERID(name)', 'numpool & co');
    expect(stub.requests[0]).toMatchObject({
      path: '/ari/channels/1.1/variable',
      query: { variable: 'CALLERID(name)', value: 'numpool & co' },
    });
  });

  it('when continuing with and without a label, then only the labelled request names it', async () => {
    await rest.continueInDialplan('1.1', 'blocked');
    await rest.continueInDialplan('1.1');
    expect(stub.requests.map((r) => [r.path, r.query])).toEqual([
      ['/ari/channels/1.1/continue', { label: 'blocked' }],
      ['/ari/channels/1.1/continue', {}],
    ]);
  });

  it('when requests follow each other, then they share one kept-alive connection', async () => {
    await rest.setVariable('1.1', 'A', '1');
    await rest.continueInDialplan('1.1');
    expect(stub.requests.map((r) => r.connection)).toEqual([1, 1]);
  });
});

describe('ARI REST status mapping', () => {
  it.each([
    [404, 'Provided channel was not found'], // 22.10's bulk endpoint
    [404, 'Channel not found'],
    [409, 'Channel not in Stasis application'],
  ])(
    'when Asterisk answers %i "%s", then the request rejects with ChannelGoneError',
    async (status, message) => {
      stub.answer = () => ({ status, body: { message } });
      const err = await rest.setVariables('1.1', { A: '1' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChannelGoneError);
      expect(err).toMatchObject({ channelId: '1.1', status });
    },
  );

  it('when Asterisk answers another error, then it rejects with its status and message', async () => {
    stub.answer = () => ({ status: 400, body: { message: 'Requested priority is illegal' } });
    const err = await rest.continueInDialplan('1.1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AriRequestError);
    expect(err).toMatchObject({
      code: 'NUMPOOL_ARI_REQUEST_REFUSED',
      ariStatus: 400,
      ariMessage: 'Requested priority is illegal',
    });
  });

  it('when a continue names a label the dialplan lacks, then it is an error, not a gone channel', async () => {
    stub.answer = () => ({ status: 404, body: { message: 'Requested label can not be found' } });
    const err = await rest.continueInDialplan('1.1', 'blocked').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AriRequestError);
    expect(err).toMatchObject({ ariStatus: 404, ariMessage: 'Requested label can not be found' });
  });

  it('when the error body is not JSON, then its text is the message', async () => {
    stub.answer = () => ({ status: 502, body: undefined });
    const err = await rest.setVariable('1.1', 'A', '1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NUMPOOL_ARI_REQUEST_REFUSED', ariStatus: 502, ariMessage: '' });
  });
});

describe('ARI REST failures without an answer', () => {
  it('when Asterisk does not answer in time, then the request rejects with a timeout', async () => {
    stub.answer = () => 'hang';
    const err = await rest.continueInDialplan('1.1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AriRequestError);
    expect(err).toMatchObject({ code: 'NUMPOOL_ARI_REQUEST_TIMEOUT', ariStatus: null });
  });

  it('when a request times out, then its connection is kept open for the late answer', async () => {
    stub.answer = () => ({ status: 204, delayMs: 500 });
    await expect(rest.setVariable('1.1', 'A', '1')).rejects.toMatchObject({
      code: 'NUMPOOL_ARI_REQUEST_TIMEOUT',
    });
    await expect.poll(() => stub.answered).toBe(1);
    expect(stub.openConnections).toBe(1);
  });

  it('when a request times out still waiting for a connection, then it never reaches Asterisk', async () => {
    const one = new AriRest({ url: stub.url, user: 'u', password: 'p', timeoutMs: 300, maxSockets: 1 });
    stub.answer = () => ({ status: 204, delayMs: 500 });
    const first = one.setVariable('1.1', 'A', '1').catch((e: unknown) => e);
    const queued = one.continueInDialplan('1.1').catch((e: unknown) => e);
    expect(await queued).toMatchObject({ code: 'NUMPOOL_ARI_REQUEST_TIMEOUT' });
    expect(await first).toMatchObject({ code: 'NUMPOOL_ARI_REQUEST_TIMEOUT' });
    await expect.poll(() => stub.answered).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stub.requests.map((r) => r.path)).toEqual(['/ari/channels/1.1/variable']);
    one.close();
  });

  it('when Asterisk closes a kept-alive connection as it is reused, then the request is sent once more on a new one', async () => {
    await rest.setVariable('1.1', 'A', '1');
    stub.answer = (req) => (req.connection === 1 ? 'reset' : { status: 204 });
    await rest.continueInDialplan('1.1');
    expect(stub.requests.map((r) => [r.path, r.connection])).toEqual([
      ['/ari/channels/1.1/variable', 1],
      ['/ari/channels/1.1/continue', 1],
      ['/ari/channels/1.1/continue', 2],
    ]);
  });

  it('when a fresh connection is dropped unanswered, then the request is not repeated', async () => {
    stub.answer = () => 'reset';
    const err = await rest.continueInDialplan('1.1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NUMPOOL_ARI_UNREACHABLE', ariStatus: null });
    expect(stub.requests).toHaveLength(1);
  });

  it('when nothing listens, then the request rejects as unreachable', async () => {
    const closed = new AriRest({ url: 'http://127.0.0.1:1', user: 'u', password: 'p' });
    await expect(closed.setVariable('1.1', 'A', '1')).rejects.toMatchObject({
      code: 'NUMPOOL_ARI_UNREACHABLE',
    });
    closed.close();
  });
});

describe('ARI REST connections', () => {
  it('when the client is closed, then its kept-alive connections are closed', async () => {
    await rest.setVariable('1.1', 'A', '1');
    expect(stub.openConnections).toBe(1);
    rest.close();
    await expect.poll(() => stub.openConnections).toBe(0);
  });
});
