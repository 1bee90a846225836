// The generic HTTP/JSON mark provider (M2): asks the administrator's lookup service about a number
// with Node's fetch, within its rate limit, timeout and body limit, retrying what a retry can fix.
import { parsePhoneNumber } from '../domain/numbers/phone-number.ts';
import type { MarkCheckError, MarkCheckResult, MarkProvider } from '../domain/marks/mark-provider.ts';
import { fillTemplate, type HttpMarkProviderSettings } from './http-provider-settings.ts';
import { readLookupAnswer } from './lookup-answer.ts';
import { backoffDelayMs, retryAfterMs } from './retry-delay.ts';
import { TokenBucket } from './token-bucket.ts';

export interface HttpMarkProviderDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** One HTTP exchange: a usable body, or a failure and whether trying again may help. */
type Exchange =
  | { kind: 'body'; text: string }
  | { kind: 'clean' }
  | { kind: 'failed'; error: MarkCheckError; retryable: boolean; retryAfterMs: number | null; raw?: string };

const RAW_CHARS = 2000;

export class HttpMarkProvider implements MarkProvider {
  readonly name: string;
  private readonly bucket: TokenBucket;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly settings: HttpMarkProviderSettings,
    private readonly deps: HttpMarkProviderDeps = {},
  ) {
    this.name = settings.name;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.bucket = new TokenBucket({ ratePerSecond: settings.maxRequestsPerSecond, burst: settings.burst });
  }

  async check(e164: string, now: Date): Promise<MarkCheckResult> {
    const parsed = parsePhoneNumber(e164);
    if (!parsed.ok) return { ok: false, error: { code: 'INVALID_NUMBER', message: parsed.error.message } };
    const values = {
      e164: parsed.number.e164,
      national: parsed.number.national,
      digits: parsed.number.e164.slice(1),
    };
    const url = fillTemplate(this.settings.urlTemplate, values, encodeURIComponent);
    const body = this.settings.bodyTemplate && fillTemplate(this.settings.bodyTemplate, values, (v) => v);
    const { retries } = this.settings;
    for (let attempt = 0; ; attempt++) {
      await this.bucket.acquire();
      const exchange = await this.exchange(url, body || undefined);
      if (exchange.kind === 'clean') return { ok: true, observations: [] };
      if (exchange.kind === 'body') return this.read(exchange.text, now);
      const wait =
        exchange.retryAfterMs ??
        backoffDelayMs(attempt, this.settings.backoffInitialMs, this.settings.backoffMaxMs, this.deps.random);
      const tooLong = exchange.retryAfterMs !== null && exchange.retryAfterMs > this.settings.maxRetryAfterMs;
      if (!exchange.retryable || attempt >= retries || tooLong) {
        const why = tooLong ? `; the service asks to wait ${Math.round(wait / 1000)} s` : '';
        const message = `${exchange.error.message} (after ${attempt + 1} attempt${attempt ? 's' : ''}${why})`;
        return { ok: false, error: { code: exchange.error.code, message }, raw: exchange.raw };
      }
      await this.sleep(wait);
    }
  }

  private read(text: string, now: Date): MarkCheckResult {
    const raw = text.slice(0, RAW_CHARS);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch (err) {
      return {
        ok: false,
        error: { code: 'BAD_RESPONSE', message: `not JSON: ${(err as Error).message}` },
        raw,
      };
    }
    const reading = readLookupAnswer(answer, this.settings, now);
    if (!reading.ok) return { ok: false, error: { code: 'BAD_RESPONSE', message: reading.message }, raw };
    return { ok: true, observations: reading.observations, raw };
  }

  private async exchange(url: string, body: string | undefined): Promise<Exchange> {
    const { settings } = this;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    try {
      const headers = new Headers({ accept: 'application/json' });
      if (body !== undefined) headers.set('content-type', 'application/json');
      for (const [name, value] of Object.entries(settings.headers)) headers.set(name, value);
      // Not following redirects keeps the auth headers from travelling to another host.
      const response = await fetch(url, {
        method: settings.method,
        headers,
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const bytes = await readBounded(response, settings.maxBodyBytes);
      if (bytes === null) {
        controller.abort();
        const message = `answer larger than ${settings.maxBodyBytes} bytes`;
        return {
          kind: 'failed',
          error: { code: 'TOO_LARGE', message },
          retryable: false,
          retryAfterMs: null,
        };
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        const error = { code: 'BAD_RESPONSE' as const, message: 'answer is not UTF-8 text' };
        return { kind: 'failed', error, retryable: false, retryAfterMs: null };
      }
      return classify(response, text, settings.notFoundIsClean);
    } catch (err) {
      if (controller.signal.aborted) {
        const message = `no complete answer within ${settings.timeoutMs} ms`;
        return { kind: 'failed', error: { code: 'TIMEOUT', message }, retryable: true, retryAfterMs: null };
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const message = `request failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`;
      return { kind: 'failed', error: { code: 'NETWORK', message }, retryable: true, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
    }
  }
}

function classify(response: Response, text: string, notFoundIsClean: boolean): Exchange {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'body', text };
  if (status === 404 && notFoundIsClean) return { kind: 'clean' };
  const raw = text.slice(0, RAW_CHARS);
  const wait = retryAfterMs(response.headers.get('retry-after'), new Date());
  if (status === 429) {
    const error = { code: 'RATE_LIMITED' as const, message: 'HTTP 429 Too Many Requests' };
    return { kind: 'failed', error, retryable: true, retryAfterMs: wait, raw };
  }
  const hint =
    status >= 300 && status < 400 ? ' (redirects are not followed: put the final URL in urlTemplate)' : '';
  const error = { code: 'HTTP_STATUS' as const, message: `HTTP ${status}${hint}` };
  return { kind: 'failed', error, retryable: status >= 500, retryAfterMs: status === 503 ? wait : null, raw };
}

/** The body, or null as soon as it passes `limit` bytes (declared or streamed). */
async function readBounded(response: Response, limit: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit || !response.body) {
    await response.body?.cancel();
    return declared > limit ? null : new Uint8Array();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || !value) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
