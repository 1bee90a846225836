// The administrator's rules (C1–C7, S1–S5) with the seed document's numbers as defaults.
// Stored as JSON in the `settings` table; anything missing falls back to these defaults.
import { z } from 'zod';
import { DEFAULT_WINDOW_POLICY, windowPolicySchema } from '../calendar/call-window.ts';

const frequencyLimitSchema = z.object({
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(366 * 24 * 60),
  max: z.number().int().min(1).max(10_000),
  code: z.enum(['CALLEE_INTERVAL', 'CALLEE_30D_LIMIT', 'CALLEE_FREQUENCY']).default('CALLEE_FREQUENCY'),
});
export type FrequencyLimit = z.infer<typeof frequencyLimitSchema>;

const DAY = 24 * 60;
/** Seed: ≥ 24 h between calls to one callee and ≤ 3 calls in 30 days. */
export const DEFAULT_FREQUENCY: FrequencyLimit[] = [
  { windowMinutes: DAY, max: 1, code: 'CALLEE_INTERVAL' },
  { windowMinutes: 30 * DAY, max: 3, code: 'CALLEE_30D_LIMIT' },
];

const purposeWindowsSchema = z.object({
  service: windowPolicySchema.default(DEFAULT_WINDOW_POLICY),
  marketing: windowPolicySchema.default(DEFAULT_WINDOW_POLICY),
  urgent: windowPolicySchema.default(DEFAULT_WINDOW_POLICY),
});

export const rulesSchema = z.object({
  /** Per call purpose; an urgent notification may bypass them (urgentBypassesWindows). */
  windows: purposeWindowsSchema.default({
    service: DEFAULT_WINDOW_POLICY,
    marketing: DEFAULT_WINDOW_POLICY,
    urgent: DEFAULT_WINDOW_POLICY,
  }),
  /** Stricter windows per callee province (short name, e.g. 广东); can only narrow. */
  provinceWindows: z
    .record(
      z.string(),
      windowPolicySchema
        .partial()
        .refine(
          (o) => o.timeZone === undefined,
          'a province override cannot change the time zone (only narrow the windows)',
        ),
    )
    .default({}),
  urgentBypassesWindows: z.boolean().default(true),
  /**
   * (window, max) pairs per purpose, counted over every call placed to the callee pool-wide. C3
   * exempts urgent notifications from windows and holidays only, so urgent has C4's limits too;
   * an administrator may still set its list empty.
   */
  frequency: z
    .object({
      service: z.array(frequencyLimitSchema).max(10).default(DEFAULT_FREQUENCY),
      marketing: z.array(frequencyLimitSchema).max(10).default(DEFAULT_FREQUENCY),
      urgent: z.array(frequencyLimitSchema).max(10).default(DEFAULT_FREQUENCY),
    })
    .default({ service: DEFAULT_FREQUENCY, marketing: DEFAULT_FREQUENCY, urgent: DEFAULT_FREQUENCY }),
  requireMarketingConsent: z.boolean().default(true),
  /** When false, agents missing from the agents table may still place service/urgent calls. */
  requireKnownAgent: z.boolean().default(false),
  /** Which sub-pool each call purpose draws from; service numbers never serve marketing (G1). */
  numberPurposeFor: z
    .object({
      service: z.literal('service').default('service'),
      marketing: z.literal('marketing').default('marketing'),
      urgent: z.enum(['service', 'marketing']).default('service'),
    })
    .default({ service: 'service', marketing: 'marketing', urgent: 'service' }),
  stickyNumber: z.boolean().default(true),
  /** P2: landline and 95/96 numbers first for service calls. */
  preferTrustedForService: z.boolean().default(true),
  /** Answer rate assumed for a number with no history when ranking by health. */
  unknownAnswerRate: z.number().min(0).max(1).default(0.6),
  /** Outside-line digit(s) agents dial before the number, stripped before parsing. */
  trunkPrefix: z
    .string()
    .regex(/^[0-9]{0,2}$/)
    .default(''),
  defaultRoute: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default('default'),
  /**
   * Route name → dial string template, `{EXTEN}` standing for the dialed number, any channel
   * technology: `PJSIP/{EXTEN}@trunk-a`, `SIP/trunk-b/{EXTEN}`, `Local/{EXTEN}@ctx`. A route
   * without an entry dials the dialplan's NUMPOOL_DEFAULT_ROUTE.
   */
  routes: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
      z
        .string()
        .min(1)
        .max(256)
        .refine((t) => t.includes('{EXTEN}'), 'a dial string template must contain {EXTEN}')
        .refine((t) => !/[,|\r\n]/.test(t), 'a dial string template must not contain , | or line breaks'),
    )
    .default({}),
  /** CALLERID(name) for allowed calls; empty = the presented number, so no agent name leaks. */
  callerIdName: z.string().max(64).default(''),
});

export type Rules = z.infer<typeof rulesSchema>;

export const DEFAULT_RULES: Rules = rulesSchema.parse({});

export type RulesParseResult = { ok: true; rules: Rules } | { ok: false; problems: string[] };

/** Validates stored or submitted rules; unknown keys are refused so typos do not pass silently. */
export function parseRules(input: unknown): RulesParseResult {
  const parsed = rulesSchema.strict().safeParse(input ?? {});
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
