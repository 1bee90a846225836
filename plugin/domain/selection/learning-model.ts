// The answer-rate model the learning selection samples from (S3): Beta posteriors per number ×
// callee area × hour, each level borrowing strength from the one above (pool → number → number ×
// area → number × area × hour) so sparse cells start from what the number does elsewhere.
import type { Area } from '../areas/area.ts';
import { toLocalTime } from '../calendar/local-time.ts';
import { countCall, type CallRecord } from '../health/call-record.ts';
import { daysBetween } from '../health/civil-date.ts';
import { callDay } from '../health/daily-stats.ts';
import type { HealthSettings } from '../health/health-settings.ts';

export type LearningSettings = HealthSettings['learning'];

/** Calls of one number to one callee area in one local hour on one day (GROUP BY of `calls`). */
export interface LearningObservation {
  numberId: number;
  area: string | null;
  /** Callee-local hour of day, 0–23. */
  hour: number;
  day: string;
  attempts: number;
  answered: number;
}

export interface BetaParams {
  alpha: number;
  beta: number;
}

interface Tally {
  answered: number;
  unanswered: number;
}

/** The callee's area key at the configured level (province by default). */
export function areaKey(
  area: Pick<Area, 'province' | 'city' | 'region'>,
  level: LearningSettings['areaLevel'],
): string | null {
  if (level === 'city') return area.province && area.city ? `${area.province}|${area.city}` : null;
  return level === 'region' ? area.region : area.province;
}

/** Observations from call rows, for stores that hand over rows rather than a grouped query. */
export function learningObservationsFromCalls(
  calls: readonly CallRecord[],
  timeZone: string,
  settings: LearningSettings,
  networkDialStatuses: readonly string[],
): LearningObservation[] {
  const cells = new Map<string, LearningObservation>();
  for (const c of calls) {
    const count = countCall(c, networkDialStatuses);
    if (count !== 'answered' && count !== 'unanswered') continue;
    const area = areaKey(
      { province: c.calleeProvince, city: c.calleeCity, region: c.calleeRegion },
      settings.areaLevel,
    );
    const hour = Math.floor(toLocalTime(c.decidedAt, timeZone).minutes / 60);
    const day = callDay(c, timeZone);
    const key = `${c.numberId}|${area}|${hour}|${day}`;
    const o = cells.get(key) ?? { numberId: c.numberId ?? 0, area, hour, day, attempts: 0, answered: 0 };
    o.attempts += 1;
    if (count === 'answered') o.answered += 1;
    cells.set(key, o);
  }
  return [...cells.values()];
}

export class AnswerRateModel {
  private readonly pool: Tally = { answered: 0, unanswered: 0 };
  private readonly byNumber = new Map<string, Tally>();
  private readonly byArea = new Map<string, Tally>();
  private readonly byCell = new Map<string, Tally>();

  /** Builds the model as of `today`: an observation `halfLifeDays` old weighs half as much. */
  constructor(
    observations: readonly LearningObservation[],
    today: string,
    private readonly settings: Pick<LearningSettings, 'priorStrength' | 'halfLifeDays'>,
  ) {
    for (const o of observations) {
      const age = Math.max(0, daysBetween(o.day, today));
      const weight = Math.pow(0.5, age / settings.halfLifeDays);
      const answered = o.answered * weight;
      const unanswered = (o.attempts - o.answered) * weight;
      for (const tally of [
        this.pool,
        at(this.byNumber, `${o.numberId}`),
        at(this.byArea, `${o.numberId}|${o.area}`),
        at(this.byCell, `${o.numberId}|${o.area}|${o.hour}`),
      ]) {
        tally.answered += answered;
        tally.unanswered += unanswered;
      }
    }
  }

  /** Posterior of the number's answer probability for a callee in `area` at local `hour`. */
  posterior(numberId: number, area: string | null, hour: number): BetaParams {
    const k = this.settings.priorStrength;
    // Laplace on the pool, then each level is a Beta centred on the level above with k pseudo-calls.
    let mean = (this.pool.answered + 1) / (this.pool.answered + this.pool.unanswered + 2);
    let params: BetaParams = { alpha: mean * k, beta: (1 - mean) * k };
    for (const tally of [
      this.byNumber.get(`${numberId}`),
      this.byArea.get(`${numberId}|${area}`),
      this.byCell.get(`${numberId}|${area}|${hour}`),
    ]) {
      params = { alpha: mean * k + (tally?.answered ?? 0), beta: (1 - mean) * k + (tally?.unanswered ?? 0) };
      mean = params.alpha / (params.alpha + params.beta);
    }
    return params;
  }
}

function at(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (!tally) {
    tally = { answered: 0, unanswered: 0 };
    map.set(key, tally);
  }
  return tally;
}
