// The AMI TCP server: banner, `\r\n\r\n` framing, Login (FullyBooted + SuccessfulAuth; a wrong
// secret answers after ~1 s and closes), Permission denied before login, ActionID as the second
// line of every response, security events, and every Asterisk event to every logged-in session.

import { createServer, type Server, type Socket } from 'node:net';
import { decodeAmi, encodeAmi, fieldValue, headersOf, type AmiFields } from './ami-message.ts';
import { runAction } from './ami-actions.ts';
import type { CallLegs } from './call-legs.ts';
import type { DialplanEngine } from './dialplan-engine.ts';
import type { TrafficRecorder } from './traffic-recorder.ts';
import { ariTimestamp } from './wire-format.ts';

export const AMI_BANNER = 'Asterisk Call Manager/11.0.0\r\n';

export interface AmiServerDeps {
  engine: DialplanEngine;
  legs: CallLegs;
  recorder: TrafficRecorder;
  user: string;
  secret: string;
}

interface Session {
  socket: Socket;
  conn: string;
  loggedIn: boolean;
  account: string;
  sessionId: string;
  sessionTv: number | null;
  buffer: string;
  closedByServer: boolean;
  /** Event classes this session receives (AMI `Events` action); null = all. */
  eventMask: Set<string> | null;
}

/** An event goes to a session whose mask shares one of the event's Privilege classes. */
function wants(s: Session, fields: AmiFields): boolean {
  if (s.eventMask === null) return true;
  const privilege = fieldValue(fields, 'Privilege') ?? '';
  return privilege.split(',').some((c) => c !== 'all' && s.eventMask?.has(c) === true);
}

export class AmiServer {
  private readonly server: Server;
  private readonly sessions = new Set<Session>();
  private sessionSeq = 0x7f5d94007b80;

  constructor(private readonly deps: AmiServerDeps) {
    this.server = createServer((socket) => this.accept(socket));
    deps.engine.pbx.onAmi((fields) => {
      for (const s of this.sessions) if (s.loggedIn && wants(s, fields)) this.write(s, fields);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('AMI server has no TCP address');
    return address.port;
  }

  /** manager.conf edited and `manager reload`: later logins check the new secret. */
  setSecret(secret: string): void {
    this.deps.secret = secret;
  }

  dropAll(): void {
    for (const s of this.sessions) s.socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const { recorder } = this.deps;
    const session: Session = {
      socket,
      conn: recorder.nextConnName('ami'),
      loggedIn: false,
      account: '',
      sessionId: `0x${(this.sessionSeq += 0x1ce0).toString(16)}`,
      sessionTv: null,
      buffer: '',
      closedByServer: false,
      eventMask: null,
    };
    this.sessions.add(session);
    recorder.add(
      'ami-ctl',
      { event: 'connect', host: '127.0.0.1', port: socket.localPort },
      { conn: session.conn },
    );
    socket.setEncoding('utf8');
    socket.write(AMI_BANNER);
    recorder.add(
      'ami-in',
      { raw: AMI_BANNER, headers: null, banner: AMI_BANNER.trim() },
      { conn: session.conn },
    );
    socket.on('data', (chunk: string) => this.receive(session, chunk));
    socket.on('close', (hadError) => {
      this.sessions.delete(session);
      recorder.add(
        'ami-ctl',
        { event: 'close', by: session.closedByServer ? 'server' : 'client', hadError },
        { conn: session.conn },
      );
    });
    socket.on('error', (err) =>
      recorder.add('ami-ctl', { event: 'error', message: err.message }, { conn: session.conn }),
    );
  }

  private write(s: Session, fields: AmiFields): void {
    if (s.socket.destroyed) return;
    const raw = encodeAmi(fields);
    s.socket.write(raw);
    this.deps.recorder.add('ami-in', { raw, headers: headersOf(fields) }, { conn: s.conn });
  }

  private respond(s: Session, response: AmiFields, actionId: string | undefined): void {
    const [first, ...rest] = response;
    const fields: AmiFields = first ? [first] : [];
    if (actionId !== undefined) fields.push(['ActionID', actionId]);
    this.write(s, [...fields, ...rest]);
  }

  private security(s: Session, event: string, severity: string, extra: AmiFields, version = '1'): void {
    const now = ariTimestamp(this.deps.engine.pbx.clock.now());
    const fields: AmiFields = [
      ['EventTV', now],
      ['Severity', severity],
      ['Service', 'AMI'],
      ['EventVersion', version],
      ['AccountID', s.account],
      ['SessionID', s.sessionId],
      ['LocalAddress', `IPV4/TCP/127.0.0.1/${s.socket.localPort ?? 0}`],
      ['RemoteAddress', `IPV4/TCP/127.0.0.1/${s.socket.remotePort ?? 0}`],
      ...extra,
      ['SessionTV', s.sessionTv === null ? '1970-01-01T00:00:00.000+0000' : ariTimestamp(s.sessionTv)],
    ];
    // RequestBadFormat carries AccountID last (recorded in ami-session).
    if (event === 'RequestBadFormat') fields.push(...fields.splice(4, 1));
    this.deps.engine.pbx.emitAmi(event, 'security', fields);
  }

  private receive(s: Session, chunk: string): void {
    s.buffer += chunk;
    for (let end = s.buffer.indexOf('\r\n\r\n'); end >= 0; end = s.buffer.indexOf('\r\n\r\n')) {
      const block = s.buffer.slice(0, end);
      s.buffer = s.buffer.slice(end + 4);
      const action = decodeAmi(block);
      this.deps.recorder.add(
        'ami-out',
        { raw: `${block}\r\n\r\n`, headers: headersOf(action) },
        { conn: s.conn },
      );
      this.handle(s, action);
    }
  }

  private handle(s: Session, action: AmiFields): void {
    const { engine, legs } = this.deps;
    const name = fieldValue(action, 'Action') ?? '';
    const actionId = fieldValue(action, 'ActionID');
    if (name.toLowerCase() === 'login') {
      this.login(s, action, actionId);
      return;
    }
    if (!s.loggedIn) {
      this.respond(
        s,
        [
          ['Response', 'Error'],
          ['Message', 'Permission denied'],
        ],
        actionId,
      );
      this.security(s, 'RequestNotAllowed', 'Error', [['RequestType', `Action: ${name}`]]);
      return;
    }
    if (name.toLowerCase() === 'events') {
      // Asterisk's Events action: EventMask on | off | a list of classes (call, user, system, …).
      const mask = (fieldValue(action, 'EventMask') ?? 'on').toLowerCase();
      s.eventMask =
        mask === 'on' ? null : new Set(mask === 'off' ? [] : mask.split(',').map((c) => c.trim()));
      this.respond(
        s,
        [
          ['Response', 'Success'],
          ['Events', mask === 'off' ? 'Off' : 'On'],
        ],
        actionId,
      );
      return;
    }
    const reply = runAction(engine, legs, action, actionId);
    this.respond(s, reply.response, actionId);
    for (const followUp of reply.followUps ?? []) this.write(s, followUp);
    if (reply.response[1]?.[1]?.startsWith('Invalid/unknown command') === true) {
      this.security(s, 'RequestBadFormat', 'Error', [['RequestType', `Action: ${name}`]]);
    }
    reply.after?.();
    if (reply.close === true) this.hangUpOn(s);
  }

  private hangUpOn(s: Session): void {
    s.closedByServer = true;
    s.socket.end();
  }

  private login(s: Session, action: AmiFields, actionId: string | undefined): void {
    const { pbx } = this.deps.engine;
    const user = fieldValue(action, 'Username') ?? '';
    s.account = user;
    if (user === this.deps.user && fieldValue(action, 'Secret') === this.deps.secret) {
      s.loggedIn = true;
      s.sessionTv = pbx.clock.now();
      this.respond(
        s,
        [
          ['Response', 'Success'],
          ['Message', 'Authentication accepted'],
        ],
        actionId,
      );
      const uptime = Math.floor((pbx.clock.now() - pbx.startedAt) / 1000);
      this.write(s, [
        ['Event', 'FullyBooted'],
        ['Privilege', 'system,all'],
        ['Uptime', String(uptime)],
        ['LastReload', String(uptime)],
        ['Status', 'Fully Booted'],
      ]);
      this.security(s, 'SuccessfulAuth', 'Informational', [['UsingPassword', '0']]);
      return;
    }
    this.security(s, 'InvalidPassword', 'Error', [], '2');
    pbx.background(
      pbx.clock.wait(1000).then(() => {
        this.respond(
          s,
          [
            ['Response', 'Error'],
            ['Message', 'Authentication failed'],
          ],
          actionId,
        );
        this.hangUpOn(s);
      }),
    );
  }
}
