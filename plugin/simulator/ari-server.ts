// The ARI HTTP server: authenticates, dispatches to AriRoutes, writes Asterisk's exact responses,
// orders each response against the WebSocket events it caused (the recorded races), hands
// `/ari/events` upgrades to the events WebSocket, and can refuse connections to test reconnects.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describeAuth, isAuthorized, type AriCredentials } from './ari-auth.ts';
import { writeReply } from './ari-response.ts';
import type { AriRoutes } from './ari-routes.ts';
import type { EventsWebSocket } from './ari-websocket.ts';
import type { SimPbx } from './pbx.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import { prettyJson } from './wire-format.ts';

export interface AriServerDeps {
  pbx: SimPbx;
  routes: AriRoutes;
  events: EventsWebSocket;
  recorder: TrafficRecorder;
  credentials: AriCredentials;
  serverName: string;
}

export class AriServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private requestSeq = 0;
  private port = 0;
  private refusing = false;

  constructor(private readonly deps: AriServerDeps) {
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.keepAliveTimeout = 0;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if ((req.url ?? '').startsWith('/ari/events')) deps.events.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('ARI server has no TCP address');
    this.port = address.port;
    return this.port;
  }

  /**
   * ari.conf edited and `module reload res_ari`: later requests and WebSocket upgrades check the
   * new password (the credentials object is the events WebSocket's too); open sockets stay.
   */
  setPassword(password: string): void {
    this.deps.credentials.password = password;
  }

  /** While refusing, the port is closed (ECONNREFUSED) and every open connection is dropped. */
  async refuse(on: boolean): Promise<void> {
    if (on === this.refusing) return;
    this.refusing = on;
    if (on) {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.deps.events.dropAll();
      for (const socket of this.sockets) socket.destroy();
      await closed;
    } else await this.listen(this.port);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.deps.events.dropAll();
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await closed;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.deps.pbx.background(this.respond(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  private async respond(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const { recorder, pbx, serverName } = this.deps;
    const url = new URL(req.url ?? '/', 'http://sim');
    const id = ++this.requestSeq;
    const method = req.method ?? 'GET';
    recorder.add('ari-http-req', {
      id,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      url: req.url ?? '',
      auth: describeAuth(req.headers, url.searchParams),
    });
    const outcome = !url.pathname.startsWith('/ari/')
      ? {
          reply: {
            status: 404,
            statusText: 'Not Found',
            body: prettyJson({ message: 'Resource not found' }),
          },
          events: null,
          order: 'event-first' as const,
        }
      : !isAuthorized(req.headers, url.searchParams, this.deps.credentials)
        ? {
            reply: {
              status: 401,
              statusText: 'Unauthorized',
              body: prettyJson({ message: 'Authentication required' }),
              extraHeaders: [['WWW-Authenticate', 'Basic realm="Asterisk REST Interface"']] as Array<
                [string, string]
              >,
            },
            events: null,
            order: 'event-first' as const,
          }
        : this.deps.routes.handle({
            method,
            path: url.pathname.slice('/ari'.length),
            query: url.searchParams,
            host: req.headers.host,
            body,
          });
    if (outcome.events && outcome.order === 'event-first') await outcome.events();
    const finished = new Promise<void>((resolve) => res.once('finish', () => resolve()));
    writeReply(res, outcome.reply, serverName, pbx.clock.now());
    const text = outcome.reply.body;
    const parsed: unknown = text !== null && /^[[{]/.test(text) ? JSON.parse(text) : null;
    recorder.add(
      'ari-http-res',
      {
        id,
        method,
        path: url.pathname,
        status: outcome.reply.status,
        statusText: outcome.reply.statusText,
        body: parsed,
      },
      { raw: outcome.reply.body ?? '' },
    );
    if (outcome.events && outcome.order === 'response-first') {
      await finished;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await outcome.events();
    }
    const channelId = /^\/ari\/channels\/([^/]+)/.exec(url.pathname)?.[1];
    if (channelId !== undefined) pbx.requestServed(decodeURIComponent(channelId));
  }
}
