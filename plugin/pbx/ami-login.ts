// Why one AMI session attempt ended, in an administrator's words, for AmiConnection's one log
// line per backoff step and its health. asterisk-manager says nothing itself: a refused login is
// only a `Response: Error` / `Message: Authentication failed` answer (Asterisk sends it after ~1 s,
// then closes the socket), seen on the manager's 'response' event; an unreachable server is a
// socket 'error' before the 'close'.
import type { AmiEvent } from './ami-events.ts';
import type { ConnectionProblem } from './connection-status.ts';

export interface AmiEndpoint {
  host: string;
  port: number;
  user: string;
}

/** What one session attempt saw before its socket closed. */
export interface AmiAttempt {
  loggedIn: boolean;
  loginRefused: boolean;
  socketError: NodeJS.ErrnoException | null;
}

export function newAmiAttempt(): AmiAttempt {
  return { loggedIn: false, loginRefused: false, socketError: null };
}

/** Asterisk's answer to a Login with a wrong user or secret (manager.c, action_login). */
export function isLoginRefusal(response: AmiEvent): boolean {
  const { response: kind, message } = response;
  return (
    typeof kind === 'string' &&
    kind.toLowerCase() === 'error' &&
    typeof message === 'string' &&
    /authentication failed/i.test(message)
  );
}

export function amiAttemptProblem(endpoint: AmiEndpoint, attempt: AmiAttempt): ConnectionProblem {
  const at = `AMI at ${endpoint.host}:${endpoint.port}`;
  if (attempt.loginRefused)
    return {
      code: 'NUMPOOL_AMI_LOGIN_REFUSED',
      message: `${at}: login refused for user ${endpoint.user} — check NUMPOOL_AMI_USER / NUMPOOL_AMI_PASSWORD (or NUMPOOL_ASTERISK_SERVERS) and manager.conf (secret, permit/deny)`,
    };
  const code = attempt.socketError?.code;
  if (!attempt.loggedIn && code !== undefined)
    return {
      code: 'NUMPOOL_ASTERISK_UNREACHABLE',
      message: `${at} unreachable (${code}) — is Asterisk running with manager.conf enabled, and are NUMPOOL_AMI_HOST / NUMPOOL_AMI_PORT right?`,
    };
  const why = attempt.socketError ? ` (${attempt.socketError.message})` : '';
  return {
    code: 'NUMPOOL_ASTERISK_CONNECT_FAILED',
    message: attempt.loggedIn
      ? `${at}: connection closed${why}`
      : `${at}: connection closed before the login was answered${why}`,
  };
}
