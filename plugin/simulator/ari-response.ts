// Writes ARI HTTP responses with Asterisk's exact header lines and order (README §4.2):
// Server, Date, Cache-Control, [WWW-Authenticate | Allow], Content-type, Content-Length.

import type { ServerResponse } from 'node:http';
import { httpDate } from './wire-format.ts';

export interface AriReply {
  status: number;
  statusText: string;
  /** Pretty JSON text, or null for an empty body (204). */
  body: string | null;
  contentType?: string;
  extraHeaders?: Array<[string, string]>;
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function replyHeaders(reply: AriReply, serverName: string, nowMs: number): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['Server', serverName],
    ['Date', httpDate(nowMs)],
    ['Cache-Control', 'no-cache, no-store'],
    ...(reply.extraHeaders ?? []),
  ];
  if (reply.body !== null) headers.push(['Content-type', reply.contentType ?? 'application/json']);
  headers.push(['Content-Length', String(Buffer.byteLength(reply.body ?? ''))]);
  return headers;
}

export function writeReply(res: ServerResponse, reply: AriReply, serverName: string, nowMs: number): void {
  res.sendDate = false;
  res.removeHeader('connection');
  res.writeHead(reply.status, reply.statusText, replyHeaders(reply, serverName, nowMs).flat());
  res.end(reply.body ?? '');
}
