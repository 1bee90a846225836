// The daily lifecycle (L1–L4, P4–P5), run by the lifecycle job: warm-up starts and promotions, the
// 3-month review, release of retired numbers after the hold, reserve promotion for numbers that left
// service, and sizing alerts — in that order, each step on the numbers as the previous one left them.
import { loadHealthNumbers } from '../../store/numbers/number-lifecycle-repository.ts';
import type { SizingAdvice } from '../../domain/lifecycle/pool-sizing.ts';
import type { HealthRun } from './health-run.ts';
import { promoteReserves, type PromotionSummary } from './reserve-step.ts';
import { reviewAndRelease, type ReviewSummary } from './review-step.ts';
import { adviseOnSizing } from './sizing-step.ts';
import { warmUp, type WarmupSummary } from './warm-up-step.ts';

export interface LifecycleSummary {
  today: string;
  warmup: WarmupSummary;
  review: ReviewSummary;
  promotions: PromotionSummary;
  /** Per sub-pool, the advice with its alerts counted. */
  sizing: (SizingShown & { alerts: number })[];
}

type SizingShown = Pick<
  SizingAdvice,
  'subPool' | 'required' | 'inService' | 'readyReserve' | 'reserveStatus' | 'replenishment'
>;

export async function runLifecycle(run: HealthRun): Promise<LifecycleSummary> {
  const { knex } = run.deps.db;
  const warmup = await warmUp(run, await loadHealthNumbers(knex));
  const review = await reviewAndRelease(run, await loadHealthNumbers(knex));
  const promotions = await promoteReserves(run);
  const sizing = await adviseOnSizing(run, await loadHealthNumbers(knex));
  return {
    today: run.today,
    warmup,
    review,
    promotions,
    sizing: sizing.map((a) => ({
      subPool: a.subPool,
      required: a.required,
      inService: a.inService,
      readyReserve: a.readyReserve,
      reserveStatus: a.reserveStatus,
      replenishment: a.replenishment,
      alerts: a.alerts.length,
    })),
  };
}
