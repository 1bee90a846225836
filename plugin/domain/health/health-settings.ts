// Every pool-health threshold (M1–M5, A1–A2, L1–L4, P4–P5, G2, S3) with the seed's numbers as
// defaults. Stored as JSON in the `settings` table; anything missing falls back to these defaults.
import { z } from 'zod';
import { MARK_TYPES } from './mark.ts';

const ratio = z.number().min(0).max(1);
const days = (max: number): z.ZodNumber => z.number().int().min(1).max(max);

const marksSchema = z.strictObject({
  platforms: z
    .array(z.string().regex(/^[a-z0-9_-]{1,32}$/))
    .min(1)
    .default(['360', 'tencent', 'baidu', 'sogou', 'huawei', 'xiaomi', 'oppo', 'vivo'])
    .describe('Marking platforms checked daily (360手机卫士, 腾讯手机管家, 百度, 搜狗, handset vendors)'),
  suspendAbove: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(5)
    .describe('M3: more uncleared marks than this → suspended'),
  disablingTypes: z
    .array(z.enum(MARK_TYPES))
    .default(['fraud'])
    .describe('M3: one such mark → disabled, urgent appeal, audit'),
  auditLookbackDays: days(365)
    .default(30)
    .describe('Days of calls listed for internal audit after a fraud mark'),
});

const answerRateSchema = z.strictObject({
  floor: ratio.default(0.4).describe('M4: answer rate below this is low'),
  consecutiveDays: days(30).default(3).describe('M4: low this many qualifying days in a row → flag'),
  minCallsPerDay: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .describe('M4: days with fewer attempts are ignored'),
  confidenceZ: z
    .number()
    .min(0)
    .max(5)
    .default(1.645)
    .describe('Wilson z; the pooled upper bound must be below the floor'),
  lookbackDays: days(90).default(14).describe('Qualifying days older than this are not considered'),
  shortCallSeconds: z
    .number()
    .int()
    .min(0)
    .max(600)
    .default(6)
    .describe('An answered call shorter than this is "very short"'),
  networkDialStatuses: z
    .array(z.string())
    .default(['CONGESTION', 'CHANUNAVAIL'])
    .describe('Dial statuses that are network failures, not the callee’s choice: left out of answer rates'),
  lateOutcomeDays: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(2)
    .describe('Past days rebuilt every run so late outcomes fold in'),
});

const baselineSchema = z.strictObject({
  windowDays: days(180)
    .default(14)
    .describe('M4: the number’s own baseline window, before the recent window'),
  recentDays: days(30).default(3).describe('M4: recent window compared with the baseline'),
  dropPoints: z.number().min(0).max(100).default(5).describe('M4: a drop of this many points → rotate out'),
  minBaselineCalls: z.number().int().min(1).default(100),
  minRecentCalls: z.number().int().min(1).default(30),
  requireSignificance: z
    .boolean()
    .default(true)
    .describe('Recent Wilson upper bound must also be below the baseline'),
});

const warmupSchema = z.strictObject({
  minCallsPerDay: z.number().int().min(1).max(1000).default(5).describe('L2: warm-up quota on the first day'),
  maxCallsPerDay: z.number().int().min(1).max(1000).default(10).describe('L2: warm-up quota on the last day'),
  days: days(90)
    .default(7)
    .describe('L2: clean days (no new mark) before a warming number may become active'),
  acceptableAnswerRate: ratio.default(0.4).describe('L2: warm-up answer rate needed to become active'),
  minCalls: z.number().int().min(0).default(30).describe('L2: attempts needed before the rate is judged'),
  cleanCheckMaxAgeDays: days(30).default(2).describe('L2: the clean mark check must be this recent'),
});

const reviewSchema = z.strictObject({
  periodMonths: z.number().int().min(1).max(24).default(3).describe('L3: review every N months of use'),
  retireBelowAnswerRate: ratio.default(0.3).describe('L3: with many marks and a rate below this → retire'),
  manyMarks: z.number().int().min(1).default(3).describe('L3: marks in the period that count as "many"'),
  goodMaxMarks: z.number().int().min(0).default(0).describe('L3: at most this many marks to count as good'),
  goodMinAnswerRate: ratio.default(0.4).describe('L3: at least this rate to count as good'),
  extendedCap: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(15)
    .describe('L3: daily cap of an extended number (20 → 15)'),
});

const appealsSchema = z.strictObject({
  materials: z
    .array(z.string().min(1).max(64))
    .min(1)
    .default(['营业执照', '号码使用证明', '业务合法性说明'])
    .describe('A1: materials checklist; all must be provided before submission'),
  dueBusinessDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(3)
    .describe('A1: reply expected within N business days'),
  rewarmupAfterDaysOut: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(14)
    .describe('A2: out longer → back through warm-up'),
});

const learningSchema = z.strictObject({
  defaultStrategy: z.enum(['least-used', 'thompson']).default('least-used'),
  strategyBySubPool: z.record(z.string(), z.enum(['least-used', 'thompson'])).default({}),
  candidates: z
    .number()
    .int()
    .min(1)
    .max(256)
    .default(32)
    .describe('S3: eligible numbers the learner chooses among'),
  priorStrength: z
    .number()
    .min(0.1)
    .max(1000)
    .default(10)
    .describe('S3: pseudo-calls each level lends the next'),
  halfLifeDays: z.number().min(1).max(365).default(14).describe('S3: older statistics weigh half as much'),
  areaLevel: z.enum(['province', 'city', 'region']).default('province'),
});

export const healthSettingsSchema = z
  .strictObject({
    marks: marksSchema.prefault({}),
    answerRate: answerRateSchema.prefault({}),
    baseline: baselineSchema.prefault({}),
    warmup: warmupSchema.prefault({}),
    review: reviewSchema.prefault({}),
    retiredHoldDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(90)
      .describe('L3: retired numbers held before release'),
    reserve: z
      .object({
        minRatio: ratio.default(0.2).describe('P5: warn when reserve < this share of the main pool'),
        maxRatio: ratio.default(0.3).describe('P5: reserve above this share is surplus'),
        matchArea: z
          .enum(['city', 'province', 'region', 'any'])
          .default('region')
          .describe('Widest area a promoted reserve may come from'),
      })
      .prefault({}),
    sizing: z
      .object({
        callsPerNumberPerDay: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(20)
          .describe('P4: volume ÷ this = numbers needed'),
      })
      .prefault({}),
    replenishment: z
      .object({ minMonthlyRatio: ratio.default(0.1), maxMonthlyRatio: ratio.default(0.2) })
      .prefault({})
      .describe('L4: suggest adding 10–20% new numbers a month'),
    appeals: appealsSchema.prefault({}),
    agentReward: z
      .object({
        maxSubPoolMarkRate: ratio
          .default(0.05)
          .describe('G2: sub-pool monthly mark rate below this → reward'),
        minCalls: z
          .number()
          .int()
          .min(0)
          .default(100)
          .describe('G2: agents with fewer calls in the month are not listed'),
      })
      .prefault({}),
    learning: learningSchema.prefault({}),
  })
  .superRefine((s, ctx) => {
    const order = (low: number, high: number, path: string[], message: string): void => {
      if (low > high) ctx.addIssue({ code: 'custom', path, message });
    };
    order(
      s.warmup.minCallsPerDay,
      s.warmup.maxCallsPerDay,
      ['warmup', 'minCallsPerDay'],
      'must be ≤ maxCallsPerDay',
    );
    order(s.reserve.minRatio, s.reserve.maxRatio, ['reserve', 'minRatio'], 'must be ≤ maxRatio');
    order(
      s.replenishment.minMonthlyRatio,
      s.replenishment.maxMonthlyRatio,
      ['replenishment', 'minMonthlyRatio'],
      'must be ≤ maxMonthlyRatio',
    );
    order(
      s.review.retireBelowAnswerRate,
      s.review.goodMinAnswerRate,
      ['review', 'retireBelowAnswerRate'],
      'must be ≤ goodMinAnswerRate',
    );
    order(s.review.goodMaxMarks + 1, s.review.manyMarks, ['review', 'manyMarks'], 'must be > goodMaxMarks');
    if (new Set(s.marks.platforms).size !== s.marks.platforms.length) {
      ctx.addIssue({ code: 'custom', path: ['marks', 'platforms'], message: 'platforms must be unique' });
    }
  });

export type HealthSettings = z.infer<typeof healthSettingsSchema>;

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = healthSettingsSchema.parse({});

export type HealthSettingsParseResult =
  { ok: true; settings: HealthSettings } | { ok: false; problems: string[] };

/** Validates stored or submitted settings; unknown keys are refused so typos do not pass silently. */
export function parseHealthSettings(input: unknown): HealthSettingsParseResult {
  const parsed = healthSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}
