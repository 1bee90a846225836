// A tiny ARI HTTP endpoint for the AriRest and AriConnection unit tests: records every request
// (and on which connection it came) and answers what the test scripts, or hangs, or resets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface StubRequest {
  method: string;
  /** With the /ari prefix, e.g. /ari/channels/1.1/continue. */
  path: string;
  query: Record<string, string>;
  body: string;
  authorization: string | undefined;
  /** 1 for the first TCP connection, 2 for the second… */
  connection: number;
}

/** A status and JSON body; 'hang' never answers; 'reset' drops the connection unanswered. */
export type StubAnswer = { status: number; body?: unknown; delayMs?: number } | 'hang' | 'reset';

export class AriStub {
  readonly requests: StubRequest[] = [];
  maxInFlight = 0;
  openConnections = 0;
  /** Responses written so far. */
  answered = 0;
  answer: (req: StubRequest) => StubAnswer = () => ({ status: 204 });
  private inFlight = 0;
  private connections = 0;
  private readonly sockets = new Map<Socket, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<AriStub> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('stub has no TCP address');
    const stub = new AriStub(server, `http://127.0.0.1:${address.port}`);
    server.on('connection', (socket) => stub.track(socket));
    server.on('request', (req, res) => stub.onRequest(req, res));
    return stub;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.set(socket, ++this.connections);
    this.openConnections++;
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.openConnections--;
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const request: StubRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
        connection: this.sockets.get(req.socket) ?? 0,
      };
      this.requests.push(request);
      const answer = this.answer(request);
      if (answer === 'hang') return;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      setTimeout(() => {
        this.inFlight--;
        this.answered++;
        const body = answer.body === undefined ? '' : JSON.stringify(answer.body, null, 2);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(body);
      }, answer.delayMs ?? 0);
    });
  }
}
