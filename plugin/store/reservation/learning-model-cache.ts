// The learning selection's inputs (S3), per process: the health settings and, when any sub-pool
// learns, the answer-rate model built from the last weeks of completed calls. Reloaded in the
// background at most every `refreshEveryMs` (hourly by default): statistics move slowly.
import type { Knex } from 'knex';
import { toLocalTime } from '../../domain/calendar/local-time.ts';
import type { HealthSettings } from '../../domain/health/health-settings.ts';
import { AnswerRateModel, areaKey, type LearningObservation } from '../../domain/selection/learning-model.ts';
import type { Dialect } from '../connection/database.ts';
import { fromDbTime, toDbTime } from '../connection/db-time.ts';
import { loadHealthSettings } from '../health/health-settings-repository.ts';
import { rowsOf } from '../connection/raw-result.ts';

export interface LearningSnapshot {
  settings: HealthSettings;
  /** Null when every sub-pool uses least-used: nothing to learn, nothing loaded. */
  model: AnswerRateModel | null;
}

export interface LearningModelCacheOptions {
  timeZone: string;
  refreshEveryMs?: number;
  monotonicMs?: () => number;
  onRefreshError?: (err: unknown) => void;
}

export class LearningModelCache {
  private snapshot: LearningSnapshot | null = null;
  private loading: Promise<LearningSnapshot> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    private readonly options: LearningModelCacheOptions,
  ) {}

  /** The current snapshot; the first call loads it, later ones refresh it behind the scenes. */
  async current(now: Date): Promise<LearningSnapshot> {
    if (!this.snapshot) return this.reload(now);
    const monotonic = this.options.monotonicMs?.() ?? performance.now();
    if (monotonic - this.loadedAt >= (this.options.refreshEveryMs ?? 3_600_000) && !this.loading) {
      void this.reload(now).catch((err: unknown) => this.options.onRefreshError?.(err));
    }
    return this.snapshot;
  }

  async reload(now: Date): Promise<LearningSnapshot> {
    this.loading ??= this.load(now).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(now: Date): Promise<LearningSnapshot> {
    const settings = await loadHealthSettings(this.knex);
    const learns =
      settings.learning.defaultStrategy === 'thompson' ||
      Object.values(settings.learning.strategyBySubPool).includes('thompson');
    let model: AnswerRateModel | null = null;
    if (learns) {
      const today = toLocalTime(now, this.options.timeZone).date;
      model = new AnswerRateModel(await this.observations(now, settings), today, settings.learning);
    }
    this.snapshot = { settings, model };
    this.loadedAt = this.options.monotonicMs?.() ?? performance.now();
    return this.snapshot;
  }

  /** Completed live calls grouped by number, callee area and UTC hour, over four half-lives. */
  private async observations(now: Date, settings: HealthSettings): Promise<LearningObservation[]> {
    const since = new Date(now.getTime() - 4 * settings.learning.halfLifeDays * 86_400_000);
    const hour =
      this.dialect === 'mysql'
        ? "DATE_FORMAT(decided_at, '%Y-%m-%d %H:00:00.000')"
        : "strftime('%Y-%m-%d %H:00:00.000', decided_at)";
    const network = settings.answerRate.networkDialStatuses;
    const result: unknown = await this.knex.raw(
      `SELECT number_id, callee_province, callee_city, callee_region, ${hour} AS hour_utc,
              COUNT(*) AS attempts, SUM(CASE WHEN dial_status = 'ANSWER' THEN 1 ELSE 0 END) AS answered
       FROM calls
       WHERE decision = 'allowed' AND dry_run = ? AND status = 'completed' AND decided_at > ?
         AND number_id IS NOT NULL ${network.length ? `AND dial_status NOT IN (${network.map(() => '?').join(', ')})` : ''}
       GROUP BY number_id, callee_province, callee_city, callee_region, hour_utc`,
      [false, toDbTime(since), ...network],
    );
    return rowsOf<{
      number_id: number;
      callee_province: string | null;
      callee_city: string | null;
      callee_region: string | null;
      hour_utc: string;
      attempts: number;
      answered: number;
    }>(this.dialect, result).map((r) => {
      // The callee-local hour and day of the UTC hour bucket (exact for whole-hour zones such as China's).
      const local = toLocalTime(fromDbTime(r.hour_utc), this.options.timeZone);
      return {
        numberId: Number(r.number_id),
        area: areaKey(
          { province: r.callee_province, city: r.callee_city, region: r.callee_region },
          settings.learning.areaLevel,
        ),
        hour: Math.floor(local.minutes / 60),
        day: local.date,
        attempts: Number(r.attempts),
        answered: Number(r.answered),
      };
    });
  }
}
