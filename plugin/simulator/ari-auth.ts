// ARI credentials as res_ari accepts them: HTTP basic auth or `api_key=user:password`.

import type { IncomingHttpHeaders } from 'node:http';

export interface AriCredentials {
  user: string;
  password: string;
}

/** What the recordings' `auth` field shows: `basic user:pass`, `api_key user:pass` or `none`. */
export function describeAuth(headers: IncomingHttpHeaders, query: URLSearchParams): string {
  const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '');
  if (basic?.[1] !== undefined) return `basic ${Buffer.from(basic[1], 'base64').toString('utf8')}`;
  const key = query.get('api_key');
  return key === null ? 'none' : `api_key ${key}`;
}

export function isAuthorized(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  creds: AriCredentials,
): boolean {
  const expected = `${creds.user}:${creds.password}`;
  const auth = describeAuth(headers, query);
  return auth === `basic ${expected}` || auth === `api_key ${expected}`;
}
