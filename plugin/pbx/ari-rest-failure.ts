// What a failed per-call ARI request means for numpool, decided by the HTTP status and never by
// Asterisk's wording (22.10's bulk endpoint says "Provided channel was not found", the others
// "Channel not found"). Used by AriRest; pure.
import { AppError } from '../errors/index.ts';
import { ChannelGoneError } from './ari-port.ts';

/** An ARI request that failed for another reason than a gone channel: the call may be dialing. */
export class AriRequestError extends AppError {
  constructor(
    code: 'NUMPOOL_ARI_REQUEST_REFUSED' | 'NUMPOOL_ARI_REQUEST_TIMEOUT' | 'NUMPOOL_ARI_UNREACHABLE',
    message: string,
    /** Asterisk's HTTP status; null when no answer came (timeout, connection lost). */
    readonly ariStatus: number | null,
    /** Asterisk's own `message`, or the network error's. */
    readonly ariMessage: string,
    cause?: unknown,
  ) {
    super(code, message, { cause, details: { ariStatus, ariMessage } });
    this.name = 'AriRequestError';
  }
}

export interface FailedRequest {
  method: string;
  /** Below /ari, e.g. /channels/1.2/continue. */
  path: string;
  channelId: string;
  /** The dialplan label a `continue` asked for, if any. */
  label?: string | undefined;
}

/**
 * 404 and 409 mean the channel hung up or left Stasis (ChannelGoneError). The one 404 that does
 * not is a `continue` to a label the dialplan lacks: the channel is still waiting, and the
 * deployment is broken, which must be logged as an error, not as a caller hanging up.
 */
export function restFailure(request: FailedRequest, status: number, body: string): Error {
  const message = asteriskMessage(body);
  const labelMissing = request.label !== undefined && /label/i.test(message);
  if ((status === 404 && !labelMissing) || status === 409)
    return new ChannelGoneError(request.channelId, status);
  return new AriRequestError(
    'NUMPOOL_ARI_REQUEST_REFUSED',
    `ARI ${request.method} ${request.path} answered ${status}: ${message}`,
    status,
    message,
  );
}

/** Asterisk's error bodies are `{"message": "…"}`; anything else is quoted as it came. */
export function asteriskMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && 'message' in parsed) {
      const { message } = parsed;
      if (typeof message === 'string') return message;
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the text itself is the best description.
  }
  return body.trim().slice(0, 200);
}
