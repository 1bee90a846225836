// Connecting the real ari-client: a refused password, a dead server and a 401 that arrives only
// once swagger-client loads the api-docs (ari.conf reloaded in between) all end in a rejected
// promise with a catalogue code, never in an uncaught exception that ends the process. Asterisk's
// HTTP side is a tiny local server answering as Asterisk 22 does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../plugin/logger.ts';
import { ariClientConnect } from '../../plugin/pbx/ari-client-connect.ts';
import { checkAriAccess } from '../../plugin/pbx/ari-access.ts';

const connect = ariClientConnect(createLogger('silent'));
let server: Server | null = null;

/** Asterisk 22's answer to a wrong or missing password (recorded from the real one). */
function unauthorized(res: ServerResponse): void {
  const body = '{\n  "message": "Authentication required"\n}';
  res.writeHead(401, {
    'WWW-Authenticate': 'Basic realm="Asterisk REST Interface"',
    'Content-type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedUrl(): Promise<string> {
  const url = await listen((_req, res) => res.end());
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
  return url;
}

afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

describe('connecting the real ari-client', () => {
  it('when Asterisk answers 401, then connect rejects with NUMPOOL_ARI_AUTH_FAILED naming the URL, the user and the settings', async () => {
    const url = await listen((_req, res) => unauthorized(res));

    const failed = connect(url, 'numpool', 'wrong');

    await expect(failed).rejects.toMatchObject({
      code: 'NUMPOOL_ARI_AUTH_FAILED',
      message: expect.stringContaining(`ARI at ${url}: authentication failed for user numpool`) as string,
    });
    await expect(failed).rejects.toThrow(/NUMPOOL_ARI_PASSWORD.*ari\.conf/);
  });

  it("when the password is accepted by the first request but refused by swagger-client's (ari.conf reloaded meanwhile), then connect rejects with NUMPOOL_ARI_AUTH_FAILED and nothing is thrown out of the HTTP handler", async () => {
    let authorized = 1;
    const url = await listen((req, res) => {
      // ari-client's own reachability probe carries no credentials; answer it like Asterisk.
      if (req.headers.authorization === undefined) return unauthorized(res);
      if (authorized-- > 0) return res.end('{"apis": []}');
      unauthorized(res);
    });

    await expect(connect(url, 'numpool', 'numpool')).rejects.toMatchObject({
      code: 'NUMPOOL_ARI_AUTH_FAILED',
    });
  });

  it('when nothing listens at the URL, then the access check rejects with NUMPOOL_ASTERISK_UNREACHABLE naming the URL and the error', async () => {
    const url = await closedUrl();

    await expect(checkAriAccess(url, 'numpool', 'numpool')).rejects.toMatchObject({
      code: 'NUMPOOL_ASTERISK_UNREACHABLE',
      message: expect.stringContaining(`ARI at ${url} unreachable (ECONNREFUSED)`) as string,
    });
  });

  it("when the URL answers 404 (not Asterisk's ARI), then the access check rejects with NUMPOOL_ASTERISK_CONNECT_FAILED naming the status", async () => {
    const url = await listen((_req, res) => {
      res.writeHead(404);
      res.end();
    });

    await expect(checkAriAccess(url, 'numpool', 'numpool')).rejects.toMatchObject({
      code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
      message: expect.stringContaining('HTTP 404') as string,
    });
  });
});
