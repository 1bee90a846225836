// Settings of the generic HTTP/JSON mark provider, validated with zod, so an administrator can point
// numpool at the lookup service they subscribe to: URL, auth headers, limits and the answer's shape.
import { z } from 'zod';
import { DEFAULT_MARK_PLATFORMS, MARK_PLATFORM_PATTERN, MARK_TYPES } from '../domain/marks/mark.ts';

export const URL_PLACEHOLDERS = ['e164', 'national', 'digits'] as const;
const SAMPLE = { e164: '+8613800138000', national: '13800138000', digits: '8613800138000' };

const platform = z.string().regex(MARK_PLATFORM_PATTERN, 'a platform id: lower-case letters, digits, _ . -');

const mappingSchema = z
  .object({
    items: z
      .string()
      .default('')
      .describe("Dot path to the array of marks in the answer; '' = the answer itself"),
    platform: z.string().min(1).optional().describe('Path of the platform inside an item'),
    fixedPlatform: platform.optional().describe('The platform, when the service reports a single one'),
    type: z.string().min(1).describe('Path of the mark label inside an item (骚扰电话, fraud, …)'),
    count: z.string().min(1).describe('Path of the mark count inside an item'),
    platformLabels: z
      .record(z.string(), platform)
      .default({})
      .describe("The service's platform names → numpool platform ids, e.g. {'360手机卫士': '360'}"),
    typeLabels: z
      .record(z.string(), z.enum(MARK_TYPES))
      .default({})
      .describe("The service's labels → mark types, on top of the built-in 骚扰/推销/诈骗 labels"),
    okWhen: z
      .object({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean()]) })
      .optional()
      .describe("For services that answer errors with HTTP 200: e.g. {path: 'code', equals: 0}"),
  })
  .refine((m) => (m.platform === undefined) !== (m.fixedPlatform === undefined), {
    message: 'give exactly one of platform (a path) or fixedPlatform',
  });

export const httpMarkProviderSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .describe('Provider name recorded with every check'),
    urlTemplate: z
      .string()
      .max(2000)
      .refine(isUrlTemplate, 'must be an http(s) URL using {e164}, {national} or {digits} and no other {…}')
      .describe(
        'Lookup URL; placeholders are URL-encoded, e.g. https://api.example.com/v1/marks?phone={e164}',
      ),
    method: z.enum(['GET', 'POST']).default('GET'),
    bodyTemplate: z.string().max(10_000).optional().describe('POST body with the same placeholders'),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string())
      .default({})
      .describe('Request headers, e.g. Authorization (never logged)'),
    timeoutMs: z.number().int().min(50).max(60_000).default(5000).describe('Per request, body included'),
    maxRequestsPerSecond: z.number().positive().max(1000).default(5).describe('Our own rate limit'),
    burst: z.number().int().min(1).max(100).default(1).describe('Requests allowed back to back'),
    retries: z.number().int().min(0).max(10).default(2).describe('On 5xx, 429, timeouts, network errors'),
    backoffInitialMs: z.number().int().min(1).max(60_000).default(500),
    backoffMaxMs: z.number().int().min(1).max(300_000).default(10_000),
    maxRetryAfterMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(30_000)
      .describe('A longer Retry-After ends the check as RATE_LIMITED instead of waiting'),
    maxBodyBytes: z.number().int().min(1024).max(1_048_576).default(1_048_576),
    notFoundIsClean: z.boolean().default(false).describe('HTTP 404 means "no marks" rather than an error'),
    platforms: z
      .array(platform)
      .min(1)
      .default([...DEFAULT_MARK_PLATFORMS]),
    strict: z
      .boolean()
      .default(true)
      .describe('Unknown mark labels fail the check; false maps them to other'),
    mapping: mappingSchema,
  })
  .refine((s) => s.method === 'POST' || s.bodyTemplate === undefined, {
    message: 'bodyTemplate needs method POST',
    path: ['bodyTemplate'],
  });

export type HttpMarkProviderSettings = z.infer<typeof httpMarkProviderSchema>;
export type ResponseMapping = HttpMarkProviderSettings['mapping'];

export type SettingsResult =
  { ok: true; settings: HttpMarkProviderSettings } | { ok: false; problems: string[] };

export function parseHttpMarkProviderSettings(input: unknown): SettingsResult {
  const parsed = httpMarkProviderSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`),
  };
}

/** Replaces {e164} {national} {digits} with `encode`d values. */
export function fillTemplate(
  template: string,
  values: Readonly<Record<(typeof URL_PLACEHOLDERS)[number], string>>,
  encode: (value: string) => string,
): string {
  return template.replace(/\{(e164|national|digits)\}/g, (_, key: keyof typeof values) =>
    encode(values[key]),
  );
}

function isUrlTemplate(template: string): boolean {
  if (!/\{(e164|national|digits)\}/.test(template)) return false;
  const filled = fillTemplate(template, SAMPLE, encodeURIComponent);
  if (/[{}]/.test(filled)) return false;
  try {
    const url = new URL(filled);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
