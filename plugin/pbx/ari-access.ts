// Why an ARI connection cannot be made, in an administrator's words: ari-client-connect.ts asks
// Asterisk for the api-docs with numpool's credentials first, so a refused password or an
// unreachable server becomes a catalogue AppError naming the settings to check; ari-client's own
// failures (swagger-client's bare strings, the events WebSocket's, for AriConnection) are read
// into the same errors.
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../errors/index.ts';
import type { AriClient } from './ari-types.ts';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

export function ariAuthFailed(url: string, user: string): AppError {
  return new AppError(
    'NUMPOOL_ARI_AUTH_FAILED',
    `ARI at ${url}: authentication failed for user ${user} — check NUMPOOL_ARI_USER / NUMPOOL_ARI_PASSWORD (or NUMPOOL_ASTERISK_SERVERS) and ari.conf`,
  );
}

export function ariUnreachable(url: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    'NUMPOOL_ASTERISK_UNREACHABLE',
    `ARI at ${url} unreachable (${reason}) — is Asterisk running with ARI enabled (http.conf, ari.conf), and is NUMPOOL_ARI_URL right?`,
    { cause },
  );
}

/**
 * GET /ari/api-docs/resources.json with basic auth: resolves when Asterisk accepts the
 * credentials; rejects with NUMPOOL_ARI_AUTH_FAILED on 401, NUMPOOL_ASTERISK_UNREACHABLE when
 * nothing answers, NUMPOOL_ASTERISK_CONNECT_FAILED on any other status.
 */
export function checkAriAccess(url: string, user: string, password: string, timeoutMs = 5000): Promise<void> {
  const target = new URL('/ari/api-docs/resources.json', url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      target,
      {
        auth: `${user}:${password}`,
        agent: false,
        timeout: timeoutMs,
        headers: { accept: 'application/json' },
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status === 401) reject(ariAuthFailed(url, user));
        else if (status >= 200 && status < 300) resolve();
        else
          reject(
            new AppError(
              'NUMPOOL_ASTERISK_CONNECT_FAILED',
              `ARI at ${url}: api-docs answered HTTP ${status} — is NUMPOOL_ARI_URL Asterisk's ARI (http.conf)?`,
            ),
          );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(ariUnreachable(url, err.code ?? err.message, err)),
    );
  });
}

/** ari-client's rejection as a catalogue error: swagger-client rejects with `"401 : … <url>"`. */
export function ariConnectError(err: unknown, url: string, user: string): AppError {
  if (err instanceof AppError) return err;
  if (typeof err === 'string' && /^401\b/.test(err)) return ariAuthFailed(url, user);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && NETWORK_CODES.has(code)) return ariUnreachable(url, code, err);
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('NUMPOOL_ASTERISK_CONNECT_FAILED', `ARI at ${url}: connection failed (${message})`, {
    cause: err,
  });
}

/**
 * ari-client's start(): opens the events WebSocket, and on a failure retries silently for ~43 s
 * before rejecting. The first failure ends the attempt instead (the client is stopped), so the
 * supervisor logs it and retries on its own backoff; a 401 (ari.conf changed between the api-docs
 * and the WebSocket) is named like any other refused password.
 */
export function startEvents(client: AriClient, app: string, url: string, user: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    client.on('WebSocketReconnecting', (err?: Error) => {
      if (settled) return;
      settled = true;
      client.stop();
      const message = err?.message ?? 'closed';
      reject(
        /\b401\b/.test(message)
          ? ariAuthFailed(url, user)
          : new AppError(
              'NUMPOOL_ASTERISK_CONNECT_FAILED',
              `ARI at ${url}: events WebSocket failed (${message})`,
              {
                cause: err,
              },
            ),
      );
    });
    client.start(app).then(
      () => {
        settled = true;
        resolve();
      },
      (err: unknown) => {
        settled = true;
        reject(ariConnectError(err, url, user));
      },
    );
  });
}
