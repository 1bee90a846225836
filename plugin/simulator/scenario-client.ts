// The client side of the recorded scenarios, replayed against the simulator: a raw AMI client
// (exact ActionIDs like `<scenario>-<n>`), the events WebSocket and plain ARI HTTP requests.

import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { decodeAmi, encodeAmi, headersOf, type AmiFields } from './ami-message.ts';

type Headers = Record<string, string | string[]>;

export class RawAmiClient {
  private buffer = '';
  private readonly blocks: Headers[] = [];
  private readonly waiters: Array<{ match: (h: Headers) => boolean; resolve: (h: Headers) => void }> = [];
  private seq = 0;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly scenario: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static async open(port: number, scenario: string): Promise<RawAmiClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const client = new RawAmiClient(socket, scenario);
    return client;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.startsWith('Asterisk Call Manager/'))
      this.buffer = this.buffer.slice(this.buffer.indexOf('\r\n') + 2);
    for (let end = this.buffer.indexOf('\r\n\r\n'); end >= 0; end = this.buffer.indexOf('\r\n\r\n')) {
      const h = headersOf(decodeAmi(this.buffer.slice(0, end)));
      this.buffer = this.buffer.slice(end + 4);
      const i = this.waiters.findIndex((w) => w.match(h));
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(h);
      else this.blocks.push(h);
    }
  }

  /** Resolves with the first matching block not yet taken by an earlier wait (received or future). */
  waitFor(match: (h: Headers) => boolean): Promise<Headers> {
    const i = this.blocks.findIndex(match);
    if (i >= 0) return Promise.resolve(this.blocks.splice(i, 1)[0] as Headers);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Sends an action with ActionID `<scenario>-<n>` (or none) and resolves with its response. */
  send(action: string, fields: AmiFields = [], withActionId = true): Promise<Headers> {
    const id = withActionId ? `${this.scenario}-${++this.seq}` : undefined;
    const block: AmiFields = [['Action', action]];
    if (id !== undefined) block.push(['ActionID', id]);
    this.socket.write(encodeAmi([...block, ...fields]));
    return this.waitFor((h) => h.Response !== undefined && (id === undefined || h.ActionID === id));
  }
}

export class RawEventsSocket {
  private readonly messages: Array<Record<string, unknown>> = [];
  private readonly waiters: Array<{
    match: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      this.messages.push(m);
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(m);
    });
  }

  static async open(
    ariUrl: string,
    query = 'app=numpool&api_key=numpool:numpool&subscribeAll=false',
  ): Promise<RawEventsSocket> {
    const ws = new WebSocket(`${ariUrl.replace(/^http/, 'ws')}/ari/events?${query}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawEventsSocket(ws);
  }

  /** Opens a connection that Asterisk refuses; resolves with the HTTP status. */
  static refused(ariUrl: string, query: string): Promise<number> {
    const ws = new WebSocket(`${ariUrl.replace(/^http/, 'ws')}/ari/events?${query}`);
    return new Promise((resolve) => {
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
    });
  }

  next(type: string): Promise<Record<string, unknown>> {
    const seen = this.messages.find((m) => m.type === type);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        match: (m) => m.type === type,
        resolve: (m) => {
          this.messages.splice(this.messages.indexOf(m), 1);
          resolve(m);
        },
      }),
    );
  }

  close(code = 1000, reason = ''): Promise<void> {
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close(code, reason);
    return closed;
  }

  drop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.terminate();
    return closed;
  }
}

export async function ariRequest(
  ariUrl: string,
  method: string,
  pathAndQuery: string,
  auth: string | null = 'numpool:numpool',
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  const res = await fetch(`${ariUrl}/ari${pathAndQuery}`, { method, headers });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
