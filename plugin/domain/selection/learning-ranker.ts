// Thompson sampling among eligible caller IDs (S3): draws each candidate's answer probability for
// this callee's area and hour from the model and picks the best draw. It only reorders numbers
// selection already found eligible (purpose, state, route, under cap), so caps and rules hold.
import type { Area } from '../areas/area.ts';
import { toLocalTime } from '../calendar/local-time.ts';
import { sampleBeta, type Rng } from './learning-beta.ts';
import { areaKey, type AnswerRateModel, type LearningSettings } from './learning-model.ts';

export type SelectionStrategy = LearningSettings['defaultStrategy'];

export interface LearningContext {
  area: string | null;
  hour: number;
}

export interface ThompsonChoice<N> {
  chosen: N;
  /** Each candidate's draw, for the decision trace. */
  draws: { id: number; theta: number }[];
}

/** The strategy a sub-pool ('marketing/华东') uses: its own setting, else the default. */
export function strategyFor(subPool: string, settings: LearningSettings): SelectionStrategy {
  return settings.strategyBySubPool[subPool] ?? settings.defaultStrategy;
}

/** The model's context for a call: the callee's area key and local hour. */
export function learningContext(
  callee: Pick<Area, 'province' | 'city' | 'region'>,
  now: Date,
  timeZone: string,
  settings: LearningSettings,
): LearningContext {
  return {
    area: areaKey(callee, settings.areaLevel),
    hour: Math.floor(toLocalTime(now, timeZone).minutes / 60),
  };
}

/**
 * Picks one of `candidates` (already eligible, e.g. RankedBucket.best(settings.candidates, …)):
 * the one whose posterior draw is highest; ties keep the candidates' order. Null when empty.
 */
export function chooseByThompson<N extends { id: number }>(
  candidates: readonly N[],
  ctx: LearningContext,
  model: AnswerRateModel,
  rng: Rng,
): ThompsonChoice<N> | null {
  let chosen: N | null = null;
  let best = -1;
  const draws: { id: number; theta: number }[] = [];
  for (const n of candidates) {
    const { alpha, beta } = model.posterior(n.id, ctx.area, ctx.hour);
    const theta = sampleBeta(alpha, beta, rng);
    draws.push({ id: n.id, theta });
    if (theta > best) {
      best = theta;
      chosen = n;
    }
  }
  return chosen === null ? null : { chosen, draws };
}
