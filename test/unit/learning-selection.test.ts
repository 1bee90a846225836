// Learning selection (S3): reproducible Beta draws, the hierarchical answer-rate model, Thompson
// choice only among eligible candidates, and the simulation's gain over least-used.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import { sampleBeta, seededRng } from '../../plugin/domain/selection/learning-beta.ts';
import {
  AnswerRateModel,
  areaKey,
  learningObservationsFromCalls,
  type LearningObservation,
} from '../../plugin/domain/selection/learning-model.ts';
import {
  chooseByThompson,
  learningContext,
  strategyFor,
} from '../../plugin/domain/selection/learning-ranker.ts';
import { BENCH_WORLD, simulateStrategy } from '../bench/learning-selection.bench.ts';
import { at, BEIJING } from '../support/pool-fixtures.ts';

const L = DEFAULT_HEALTH_SETTINGS.learning;

function obs(
  numberId: number,
  attempts: number,
  answered: number,
  over: Partial<LearningObservation> = {},
): LearningObservation {
  return { numberId, area: '北京', hour: 10, day: '2026-03-01', attempts, answered, ...over };
}

describe('Beta sampling', () => {
  it('when the same seed is used, then the same draws come out', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    expect(Array.from({ length: 5 }, () => sampleBeta(3, 7, a))).toEqual(
      Array.from({ length: 5 }, () => sampleBeta(3, 7, b)),
    );
  });

  it.each([
    [3, 7],
    [0.5, 0.5],
    [60, 40],
  ])('when Beta(%f, %f) is drawn 20000 times, then the mean is alpha / (alpha + beta)', (alpha, beta) => {
    const rng = seededRng(7);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += sampleBeta(alpha, beta, rng);
    expect(sum / 20_000).toBeCloseTo(alpha / (alpha + beta), 2);
  });
});

describe('answer-rate model', () => {
  it('when a number has no history, then its posterior is the pool rate with the prior strength', () => {
    const model = new AnswerRateModel([obs(1, 98, 48, { day: '2026-03-02' })], '2026-03-02', L);
    const p = model.posterior(2, '上海', 15);
    expect(p.alpha + p.beta).toBeCloseTo(L.priorStrength, 6);
    expect(p.alpha / (p.alpha + p.beta)).toBeCloseTo(0.49, 6);
  });

  it('when a number answers badly in one area only, then that area’s posterior is lower than elsewhere', () => {
    const model = new AnswerRateModel(
      [obs(1, 100, 60, { area: '上海' }), obs(1, 100, 20, { area: '北京' }), obs(2, 100, 60)],
      '2026-03-02',
      L,
    );
    const mean = (a: string | null) => {
      const p = model.posterior(1, a, 10);
      return p.alpha / (p.alpha + p.beta);
    };
    expect(mean('北京')).toBeLessThan(0.3);
    expect(mean('上海')).toBeGreaterThan(0.55);
  });

  it('when observations are a half-life old, then they weigh half', () => {
    const fresh = new AnswerRateModel([obs(1, 20, 20, { day: '2026-03-15' })], '2026-03-15', L).posterior(
      1,
      '北京',
      10,
    );
    const old = new AnswerRateModel([obs(1, 40, 40, { day: '2026-03-01' })], '2026-03-15', L).posterior(
      1,
      '北京',
      10,
    );
    expect(old.alpha).toBeCloseTo(fresh.alpha, 6);
  });

  it('when call rows are given, then they are grouped per number × callee province × local hour × day', () => {
    const call = {
      id: 1,
      agent: 'a',
      purpose: 'marketing' as const,
      decision: 'allowed' as const,
      reason: null,
      numberId: 3,
      status: 'completed' as const,
      dryRun: false,
      decidedAt: at('2026-03-02 10:15'),
      usageDay: '2026-03-02',
      dialStatus: 'ANSWER',
      talkSeconds: 30,
      calleeProvince: '北京',
      calleeCity: '北京',
      calleeRegion: '华北',
    };
    const rows = learningObservationsFromCalls(
      [call, { ...call, id: 2, dialStatus: 'NOANSWER' }, { ...call, id: 3, status: 'pending' as const }],
      'Asia/Shanghai',
      L,
      ['CONGESTION'],
    );
    expect(rows).toEqual([
      { numberId: 3, area: '北京', hour: 10, day: '2026-03-02', attempts: 2, answered: 1 },
    ]);
  });

  it('when the area level is city or region, then the key follows it', () => {
    expect(areaKey(BEIJING, 'city')).toBe('北京|北京');
    expect(areaKey(BEIJING, 'region')).toBe('华北');
    expect(learningContext(BEIJING, at('2026-03-02 14:59'), 'Asia/Shanghai', L)).toEqual({
      area: '北京',
      hour: 14,
    });
  });
});

describe('Thompson choice', () => {
  const model = new AnswerRateModel([obs(1, 200, 40), obs(2, 200, 130), obs(3, 200, 120)], '2026-03-02', L);

  it('when one candidate is clearly best, then it is chosen nearly always', () => {
    const rng = seededRng(1);
    let wins = 0;
    for (let i = 0; i < 1000; i++)
      if (chooseByThompson([{ id: 1 }, { id: 2 }], { area: '北京', hour: 10 }, model, rng)?.chosen.id === 2)
        wins++;
    expect(wins).toBeGreaterThan(990);
  });

  it('when the best-known number is not among the candidates (full or ineligible), then it is never chosen', () => {
    const rng = seededRng(2);
    for (let i = 0; i < 200; i++) {
      const pick = chooseByThompson([{ id: 1 }, { id: 3 }], { area: '北京', hour: 10 }, model, rng);
      expect([1, 3]).toContain(pick?.chosen.id);
      expect(pick?.draws.map((d) => d.id)).toEqual([1, 3]);
    }
  });

  it('when there are no candidates, then there is no choice', () => {
    expect(chooseByThompson([], { area: null, hour: 9 }, model, seededRng(3))).toBeNull();
  });

  it('when a sub-pool is set to thompson, then it uses it and the others keep the default', () => {
    const settings = { ...L, strategyBySubPool: { 'marketing/华东': 'thompson' as const } };
    expect(strategyFor('marketing/华东', settings)).toBe('thompson');
    expect(strategyFor('service/华东', settings)).toBe('least-used');
  });
});

describe('simulation: learning vs least-used', () => {
  it.each([1, 2, 3])(
    'when some numbers are secretly worse (seed %i), then Thompson answers ≥ 5 points more than least-used and no cap is broken',
    (seed) => {
      const base = simulateStrategy('least-used', { seed, ...BENCH_WORLD });
      const learn = simulateStrategy('thompson', { seed, ...BENCH_WORLD });
      expect(learn.calls).toBe(base.calls); // same traffic placed, nothing left unplaced
      expect(learn.unplaced).toBe(0);
      expect(learn.answerRate).toBeGreaterThan(base.answerRate + 0.05);
      expect(learn.maxUsedInADay).toBeLessThanOrEqual(learn.cap);
      expect(base.maxUsedInADay).toBeLessThanOrEqual(base.cap);
    },
  );
});
