// How the callee's sub-pool chooses among eligible caller IDs (S3): Thompson sampling when its
// settings say so and a model is loaded, else least-used (null). Called by place-callee.ts.
import type { Area } from '../../domain/areas/area.ts';
import type { CallRequest } from '../../domain/call-request.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import type { Rules } from '../../domain/rules/rules.ts';
import type { Rng } from '../../domain/selection/learning-beta.ts';
import { chooseByThompson, learningContext, strategyFor } from '../../domain/selection/learning-ranker.ts';
import type { CallerIdLearner } from '../../domain/selection/select-caller-id.ts';
import type { LearningModelCache } from '../../store/reservation/learning-model-cache.ts';

export interface LearnerDeps {
  poolTimeZone: string;
  learning?: LearningModelCache;
  random?: Rng;
  onLearningError?: (err: unknown) => void;
}

export async function learnerFor(
  deps: LearnerDeps,
  request: CallRequest,
  rules: Rules,
  area: Area,
  now: Date,
): Promise<CallerIdLearner | null> {
  if (!deps.learning) return null;
  let snapshot;
  try {
    snapshot = await deps.learning.current(now);
  } catch (err) {
    // Learning is an optimisation: without its model the call is decided by least-used.
    deps.onLearningError?.(err);
    return null;
  }
  const { settings, model } = snapshot;
  const purpose = rules.numberPurposeFor[request.purpose];
  if (!model || strategyFor(subPoolKey({ purpose, region: area.region }), settings.learning) !== 'thompson')
    return null;
  const ctx = learningContext(area, now, deps.poolTimeZone, settings.learning);
  const random = deps.random ?? Math.random;
  return {
    name: 'thompson',
    candidates: settings.learning.candidates,
    choose: (eligible) => chooseByThompson(eligible, ctx, model, random)?.chosen ?? null,
  };
}
