// The tests' own AMI session to a real Asterisk (a minimal TCP client): sends actions (Originate,
// Setvar, Command…) and keeps every event it receives, so a test can await the event it expects,
// including one that arrived before it asked. Repeated headers (Variable, Output) are kept.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export class AmiMessage {
  readonly receivedAt = Date.now();
  constructor(readonly headers: readonly [name: string, value: string][]) {}

  /**
   * A header's value, names compared case-insensitively; the LAST one when repeated: a UserEvent's
   * own fields follow the channel's headers (its CallerIdNum after the channel's CallerIDNum).
   */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    for (let i = this.headers.length - 1; i >= 0; i--) {
      const header = this.headers[i];
      if (header && header[0].toLowerCase() === key) return header[1];
    }
    return undefined;
  }

  all(name: string): string[] {
    const key = name.toLowerCase();
    return this.headers.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }

  /** Asterisk's own clock for the event (timestampevents = yes), in epoch seconds. */
  timestamp(): number {
    const value = Number(this.get('Timestamp'));
    if (!Number.isFinite(value)) throw new Error(`AMI event without a Timestamp header: ${this.toString()}`);
    return value;
  }

  toString(): string {
    return this.headers.map(([n, v]) => `${n}: ${v}`).join(' | ');
  }
}

export type ActionHeaders = readonly [name: string, value: string][] | Record<string, string>;

interface Waiter {
  description: string;
  match: (event: AmiMessage) => boolean;
  resolve: (event: AmiMessage) => void;
  reject: (err: Error) => void;
}

export class AmiClient {
  /** Every event of the session, in arrival order; `mark()` is an index into it. */
  readonly events: AmiMessage[] = [];
  private readonly pending = new Map<
    string,
    { resolve: (m: AmiMessage) => void; reject: (e: Error) => void }
  >();
  private waiters: Waiter[] = [];
  private buffer = '';
  private greeted = false;
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('close', () => this.fail(new Error('AMI connection closed')));
    socket.on('error', (err) => this.fail(err));
  }

  static async connect(port: number, user = 'numpool', secret = 'numpool'): Promise<AmiClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new AmiClient(socket);
    await client.action('Login', { Username: user, Secret: secret, Events: 'on' });
    return client;
  }

  /** Sends an action; resolves with its response, rejects on `Response: Error`. */
  action(name: string, headers: ActionHeaders = {}): Promise<AmiMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = randomBytes(6).toString('hex');
    const list = Array.isArray(headers) ? headers : Object.entries(headers);
    const lines = [`Action: ${name}`, `ActionID: ${id}`, ...list.map(([n, v]) => `${n}: ${v}`)];
    for (const line of lines)
      if (/[\r\n]/.test(line)) throw new Error(`AMI header with a line break: ${JSON.stringify(line)}`);
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (response) =>
          response.get('Response') === 'Error'
            ? reject(new Error(`AMI ${name} failed: ${response.get('Message') ?? response.toString()}`))
            : resolve(response),
        reject,
      });
      this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  /** Sets a dialplan global, as an administrator would at runtime (AMI Setvar without Channel). */
  async setGlobal(name: string, value: string): Promise<void> {
    await this.action('Setvar', { Variable: name, Value: value });
  }

  /** The position of the next event: pass it as `from` to await only what happens after now. */
  mark(): number {
    return this.events.length;
  }

  /**
   * The first event from position `from` on that matches, already received or still to come. The
   * time limit only turns a missing event into a readable failure instead of a hung test.
   */
  waitFor(
    description: string,
    match: (event: AmiMessage) => boolean,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<AmiMessage> {
    const seen = this.events.slice(options.from ?? 0).find(match);
    if (seen) return Promise.resolve(seen);
    if (this.closedError) return Promise.reject(this.closedError);
    const timeoutMs = options.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        description,
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const recent = this.events.slice(-15).map((e) => `  ${e.toString()}`);
        reject(
          new Error(
            `no AMI event "${description}" within ${timeoutMs} ms; last events:\n${recent.join('\n')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Events from `from` on that match (what has arrived so far). */
  seen(match: (event: AmiMessage) => boolean, from = 0): AmiMessage[] {
    return this.events.slice(from).filter(match);
  }

  async close(): Promise<void> {
    if (this.closedError) return;
    await this.action('Logoff').catch((err: unknown) => {
      // Asterisk closes the socket right after answering Logoff; a close first is the same thing.
      if (!/closed/.test(String(err))) throw err;
    });
    this.socket.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    if (!this.greeted) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) return;
      this.greeted = true; // "Asterisk Call Manager/9.0.0"
      this.buffer = this.buffer.slice(end + 2);
    }
    let end: number;
    while ((end = this.buffer.indexOf('\r\n\r\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      this.dispatch(new AmiMessage(block.split('\r\n').map(splitHeader)));
    }
  }

  private dispatch(message: AmiMessage): void {
    const actionId = message.get('ActionID');
    if (message.get('Response') !== undefined && actionId !== undefined) {
      const pending = this.pending.get(actionId);
      this.pending.delete(actionId);
      pending?.resolve(message);
      return;
    }
    if (message.get('Event') === undefined) return;
    this.events.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      }
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new Error(`AMI session ended while waiting for "${waiter.description}"`, { cause: err }));
  }
}

function splitHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [line, ''];
  return [line.slice(0, colon), line.slice(colon + 1).trimStart()];
}
