// The contract every pull-style mark source implements (M2): given a pool number, say what the
// platforms currently report. Expected failures are values, so a caller records a failed check.
import type { MarkObservation } from './mark.ts';

export type MarkCheckErrorCode =
  | 'TIMEOUT' // no complete answer within the provider's timeout
  | 'NETWORK' // connection refused/reset, DNS failure
  | 'HTTP_STATUS' // a non-retryable or still-failing HTTP status (401, 404, 500 after retries)
  | 'RATE_LIMITED' // 429 after retries, or a Retry-After longer than the provider accepts
  | 'TOO_LARGE' // the answer exceeded the body size limit
  | 'BAD_RESPONSE' // not JSON, wrong shape, negative counts, unknown labels in strict mode
  | 'INVALID_NUMBER' // the number cannot be looked up by this provider
  | 'PROVIDER_ERROR'; // the provider threw: a bug, recorded so the check still shows as failed

export interface MarkCheckError {
  code: MarkCheckErrorCode;
  message: string;
}

export type MarkCheckResult =
  /** Observations carry source 'provider' and seenAt = the `now` given to check. */
  | { ok: true; observations: MarkObservation[]; raw?: string }
  | { ok: false; error: MarkCheckError; raw?: string };

export interface MarkProvider {
  /** Stored in mark_checks.provider (≤ 64 characters). */
  readonly name: string;
  /** Never throws for expected failures (timeouts, HTTP errors, garbage): returns { ok: false }. */
  check(e164: string, now: Date): Promise<MarkCheckResult>;
}
