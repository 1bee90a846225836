// The events WebSocket `/ari/events?app=...`: refuses bad credentials (401, JSON) and a missing
// `app` (400, Asterisk's HTML page) with raw HTTP, registers the apps, answers a close frame with
// 1000 and no reason, and records every frame like the recordings' `ari-ws-*` lines.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAuthorized, type AriCredentials } from './ari-auth.ts';
import { replyHeaders, STATUS_TEXT, type AriReply } from './ari-response.ts';
import type { SimClock } from './sim-clock.ts';
import type { AriEventSink, StasisApps } from './stasis.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import { prettyJson } from './wire-format.ts';

const MISSING_APP_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>400 Bad Request</title>\r\n' +
  '</head><body>\r\n<h1>Bad Request</h1>\r\n<p>HTTP request is missing param: [app]</p>\r\n<hr />\r\n' +
  '<address>Asterisk</address>\r\n</body></html>\r\n';

export interface EventsSocketDeps {
  stasis: StasisApps;
  recorder: TrafficRecorder;
  clock: SimClock;
  credentials: AriCredentials;
  serverName: string;
}

export class EventsWebSocket {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly sockets = new Set<WebSocket>();

  constructor(private readonly deps: EventsSocketDeps) {}

  private refuse(socket: Duplex, reply: AriReply, conn: string): void {
    const head = replyHeaders(reply, this.deps.serverName, this.deps.clock.now())
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${reply.status} ${reply.statusText}\r\n${head}\r\n${reply.body ?? ''}`);
    this.deps.recorder.add(
      'ari-ws-ctl',
      { event: 'unexpected-response', status: reply.status, statusMessage: reply.statusText },
      { conn, raw: reply.body ?? '' },
    );
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { recorder } = this.deps;
    const url = new URL(req.url ?? '/', 'http://sim');
    const conn = recorder.nextConnName('ws');
    recorder.add('ari-ws-ctl', { event: 'connect', url: req.url ?? '' }, { conn });
    if (!isAuthorized(req.headers, url.searchParams, this.deps.credentials)) {
      this.refuse(
        socket,
        {
          status: 401,
          statusText: STATUS_TEXT[401] ?? 'Unauthorized',
          body: prettyJson({ message: 'Authentication required' }),
          extraHeaders: [['WWW-Authenticate', 'Basic realm="Asterisk REST Interface"']],
        },
        conn,
      );
      return;
    }
    const apps = (url.searchParams.get('app') ?? '').split(',').filter((a) => a !== '');
    if (apps.length === 0) {
      this.refuse(
        socket,
        { status: 400, statusText: 'Bad Request', body: MISSING_APP_PAGE, contentType: 'text/html' },
        conn,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, apps, conn));
  }

  private opened(ws: WebSocket, apps: string[], conn: string): void {
    const { recorder, stasis } = this.deps;
    this.sockets.add(ws);
    recorder.add('ari-ws-ctl', { event: 'open' }, { conn });
    const sink: AriEventSink = {
      send: (message) =>
        new Promise<void>((resolve, reject) => {
          if (ws.readyState !== ws.OPEN) {
            resolve();
            return;
          }
          const raw = prettyJson(message);
          recorder.add('ari-ws-in', message, { conn, raw });
          ws.send(raw, (err) => (err ? reject(err) : resolve()));
        }),
    };
    for (const app of apps) stasis.register(app, sink);
    // ws calls close() when the client's close frame arrives: Asterisk unregisters the app at that
    // moment and answers with 1000 and no reason, whatever reason the client sent.
    const close = ws.close.bind(ws);
    ws.close = (code?: number) => {
      for (const app of apps) stasis.unregister(app, sink);
      close(code);
    };
    ws.on('close', (code, reason) => {
      this.sockets.delete(ws);
      for (const app of apps) stasis.unregister(app, sink);
      recorder.add('ari-ws-ctl', { event: 'close', code, reason: reason.toString() }, { conn });
    });
    ws.on('error', (err) => recorder.add('ari-ws-ctl', { event: 'error', message: err.message }, { conn }));
  }

  /** Drops every connection without a close frame (the client sees 1006). */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}
