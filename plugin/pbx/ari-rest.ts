// numpool's own client for the per-call ARI requests (set variables, continue): node:http over one
// keep-alive agent, about half of ari-client's cost per call (../shared/asterisk/PERFORMANCE.md).
// AriConnection uses it; ari-client keeps the connection, the events WebSocket and the pings.
import http from 'node:http';
import https from 'node:https';
import { AriRequestError, restFailure, type FailedRequest } from './ari-rest-failure.ts';

export interface AriRestOptions {
  /** The ARI base URL as configured (http://host:port); like ari-client, only its origin is used. */
  url: string;
  user: string;
  password: string;
  /** From sending a request to the end of its response; the dialplan watchdog is 2.5 s. */
  timeoutMs?: number;
  /**
   * A request that timed out keeps its connection until Asterisk answers late, up to this long,
   * then the connection is closed. Closing at once would let an overloaded Asterisk, still busy
   * with the old requests, collect new connections until its HTTP session limit (http.conf
   * sessionlimit, 100) refuses everyone, ari-client's pings included.
   */
  abandonAfterMs?: number;
  /**
   * An idle socket is closed after this long: below Asterisk's http.conf session_keep_alive
   * (15 s), so that numpool, not Asterisk, closes it and no request is sent on a closing socket.
   */
  idleSocketMs?: number;
  /** Concurrent requests (connections); more wait for a free one. */
  maxSockets?: number;
}

interface AriRequest extends FailedRequest {
  query?: Record<string, string>;
  json?: unknown;
}

export class AriRest {
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly origin: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly abandonAfterMs: number;

  constructor(options: AriRestOptions) {
    const base = new URL(options.url);
    this.transport = base.protocol === 'https:' ? https : http;
    // lifo: the busiest socket is reused, the others idle out instead of all staying open.
    this.agent = new this.transport.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 32,
      maxFreeSockets: options.maxSockets ?? 32,
      timeout: options.idleSocketMs ?? 10_000,
      scheduling: 'lifo',
    });
    this.origin = base.origin;
    this.authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.abandonAfterMs = options.abandonAfterMs ?? 30_000;
  }

  /** POST /channels/{id}/variable: one variable. */
  setVariable(channelId: string, name: string, value: string): Promise<void> {
    return this.send({
      method: 'POST',
      path: `/channels/${encodeURIComponent(channelId)}/variable`,
      channelId,
      query: { variable: name, value },
    });
  }

  /** POST /channels/{id}/variables (Asterisk 20.20 / 22.10 / 23.4 and newer): all in one request. */
  setVariables(channelId: string, variables: Record<string, string>): Promise<void> {
    return this.send({
      method: 'POST',
      path: `/channels/${encodeURIComponent(channelId)}/variables`,
      channelId,
      json: { variables },
    });
  }

  /** POST /channels/{id}/continue, at the next priority or at `label`. */
  continueInDialplan(channelId: string, label?: string): Promise<void> {
    return this.send({
      method: 'POST',
      path: `/channels/${encodeURIComponent(channelId)}/continue`,
      channelId,
      label,
      ...(label === undefined ? {} : { query: { label } }),
    });
  }

  /** Closes every socket (in use or idle); later requests open new ones. */
  close(): void {
    this.agent.destroy();
  }

  private async send(request: AriRequest): Promise<void> {
    try {
      await this.attempt(request);
    } catch (err) {
      // A kept-alive socket the server closed just as it was reused: the request never reached
      // Asterisk (Node's documented case for a retry), so sending it again is safe.
      if (!(err instanceof StaleSocketError)) throw err;
      await this.attempt(request).catch((retryErr: unknown) => {
        throw retryErr instanceof StaleSocketError ? retryErr.failure : retryErr;
      });
    }
  }

  private attempt(request: AriRequest): Promise<void> {
    const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const headers: http.OutgoingHttpHeaders = { Authorization: this.authorization };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const finished = (err: Error | null): void => {
        clearTimeout(abandon);
        settle(err);
      };
      const req = this.transport.request(`${this.origin}/ari${request.path}${query}`, {
        method: request.method,
        agent: this.agent,
        headers,
      });
      let onSocket = false;
      req.once('socket', () => (onSocket = true));
      const timer = setTimeout(() => {
        const what = `ARI ${request.method} ${request.path} got no answer within ${this.timeoutMs} ms`;
        settle(new AriRequestError('NUMPOOL_ARI_REQUEST_TIMEOUT', what, null, 'timeout'));
        // Still queued for a connection: it must not reach the channel after numpool gave up.
        if (!onSocket) req.destroy();
      }, this.timeoutMs);
      const abandon = setTimeout(() => req.destroy(), this.abandonAfterMs);
      abandon.unref();
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => finished(unreachable(request, err)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) finished(null);
          else finished(restFailure(request, status, Buffer.concat(chunks).toString('utf8')));
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const failure = unreachable(request, err);
        finished(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(failure) : failure);
      });
      req.end(body);
    });
  }
}

class StaleSocketError extends Error {
  constructor(readonly failure: AriRequestError) {
    super(failure.message);
  }
}

function unreachable(request: AriRequest, err: Error): AriRequestError {
  return new AriRequestError(
    'NUMPOOL_ARI_UNREACHABLE',
    `ARI ${request.method} ${request.path} failed: ${err.message}`,
    null,
    err.message,
    err,
  );
}
