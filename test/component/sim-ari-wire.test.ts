// Byte-level ARI details against ari-http-raw and the served api-docs: header lines and order,
// pretty JSON bodies, the 401 challenge, the api-docs basePath rewrite, the WebSocket close reply.

import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedAsterisk } from '../../plugin/simulator/simulated-asterisk.ts';
import { loadRecording } from '../../plugin/simulator/traffic-compare.ts';
import { RECORDINGS_DIR, SERVED_API_DOCS_DIR } from '../../plugin/simulator/shared-asterisk-reference.ts';

const RAW = loadRecording(`${RECORDINGS_DIR}/ari-http-raw.jsonl`);
const SERVED = SERVED_API_DOCS_DIR;

let sim: SimulatedAsterisk | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

function exchange(port: number, request: string, until: (received: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (until(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

const complete = (buf: Buffer): boolean => {
  const text = buf.toString('latin1');
  const head = text.indexOf('\r\n\r\n');
  const length = /Content-Length: (\d+)/.exec(text)?.[1];
  return head >= 0 && length !== undefined && text.length >= head + 4 + Number(length);
};

/** Date header values and body timestamps vary; everything else must be byte-identical. */
const normalise = (text: string): string =>
  text
    .replace(/Date: [^\r]+/, 'Date: <date>')
    .replace(/"\d{4}-\d\d-\d\dT[\d:.]+\+0000"/g, '"<ts>"')
    .replace(/Host: [^\r]+/, 'Host: <host>');

function recordedExchange(conn: string): { request: string; response: string } {
  const req = RAW.find((e) => e.conn === conn && e.dir === 'ari-http-req');
  const res = RAW.find((e) => e.conn === conn && e.dir === 'ari-http-res');
  return { request: String(req?.data.raw), response: String(res?.data.raw) };
}

describe('simulated ARI on the wire', () => {
  for (const conn of ['http1', 'http2', 'http3', 'http4', 'http5', 'http6']) {
    it(`when the recorded request ${conn} is replayed, then the response bytes match ari-http-raw`, async () => {
      sim = await SimulatedAsterisk.start();
      const { request, response } = recordedExchange(conn);
      const port = Number(new URL(sim.ariUrl).port);
      const got = await exchange(port, request, complete);
      expect(normalise(got.toString('utf8'))).toBe(normalise(response));
    });
  }

  it('when a client closes the events WebSocket with a reason, then Asterisk answers 1000 without one', async () => {
    sim = await SimulatedAsterisk.start();
    const port = Number(new URL(sim.ariUrl).port);
    const { request } = recordedExchange('ws-raw');
    const upgrade = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      let received = Buffer.alloc(0);
      let closeSent = false;
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (!closeSent && received.includes('\r\n\r\n')) {
          closeSent = true;
          // Masked close frame: code 1000, reason "bye".
          const mask = Buffer.from([1, 2, 3, 4]);
          const payload = Buffer.from([0x03, 0xe8, ...Buffer.from('bye')]).map(
            (b, i) => b ^ (mask[i % 4] ?? 0),
          );
          socket.write(Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), mask, payload]));
        }
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const text = upgrade.toString('latin1');
    expect(text).toMatch(
      /^HTTP\/1\.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: [^\r]+\r\n\r\n/,
    );
    expect(upgrade.subarray(upgrade.indexOf('\r\n\r\n') + 4).toString('hex')).toBe('880203e8');
  });

  it('when ari-client fetches the api-docs, then they are the served files with basePath rewritten to the Host', async () => {
    sim = await SimulatedAsterisk.start();
    const auth = { authorization: `Basic ${Buffer.from('numpool:numpool').toString('base64')}` };
    for (const file of ['resources.json', 'channels.json', 'events.json']) {
      const res = await fetch(`${sim.ariUrl}/ari/api-docs/${file}`, { headers: auth });
      const expected = readFileSync(`${SERVED}/${file}`, 'utf8').replace(
        '"basePath": "http://127.0.0.1:8088/ari"',
        `"basePath": "${sim.ariUrl}/ari"`,
      );
      expect(await res.text()).toBe(expected);
    }
  });

  it('when the ARI port is refused, then requests fail to connect until it is back', async () => {
    sim = await SimulatedAsterisk.start();
    const url = `${sim.ariUrl}/ari/asterisk/ping?api_key=numpool:numpool`;
    await sim.refuseAri(true);
    await expect(fetch(url)).rejects.toThrow();
    await sim.refuseAri(false);
    expect((await fetch(url)).status).toBe(200);
  });
});
