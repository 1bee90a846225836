// Sizing advice per sub-pool (P4, P5, L4): numbers needed for the forecast volume (volume ÷ cap),
// the reserve share (20–30%), and a monthly replenishment suggestion (10–20%), with alerts.
import type { HealthSettings } from '../health/health-settings.ts';
import { subPoolKey } from '../health/sub-pool.ts';
import { capToday, isInService, type PoolNumber } from '../pool/pool-number.ts';
import { isReadyReserve } from './reserve-promotion.ts';

export interface SubPoolForecast {
  subPool: string;
  forecastDailyVolume: number;
  /** Main-pool numbers that left service last month (retired, suspended, rotated out). */
  lostLastMonth: number;
}

export interface SizingAdvice {
  subPool: string;
  forecastDailyVolume: number;
  /** ceil(volume ÷ calls per number per day). */
  required: number;
  /** Main-tier numbers placing calls (active or warming). */
  inService: number;
  /** Sum of today's caps of those numbers (warming ones at their warm-up quota). */
  dailyCapacity: number;
  /** Main-tier numbers that are not retired: what the reserve share is measured against. */
  mainPool: number;
  readyReserve: number;
  reserveRatio: number | null;
  reserveStatus: 'under' | 'ok' | 'over';
  /** Numbers to acquire this month, within 10–20% of the main pool unless the pool is short. */
  replenishment: number;
  alerts: string[];
}

type Sizing = Pick<HealthSettings, 'sizing' | 'reserve' | 'replenishment'>;

export function adviseSizing(
  numbers: readonly PoolNumber[],
  forecasts: readonly SubPoolForecast[],
  settings: Sizing,
): SizingAdvice[] {
  return forecasts.map((f) =>
    adviseSubPool(
      numbers.filter((n) => subPoolKey(n) === f.subPool),
      f,
      settings,
    ),
  );
}

function adviseSubPool(numbers: readonly PoolNumber[], f: SubPoolForecast, s: Sizing): SizingAdvice {
  const main = numbers.filter((n) => n.tier === 'main' && n.state !== 'retired');
  const serving = main.filter((n) => isInService(n.state));
  const readyReserve = numbers.filter(isReadyReserve).length;
  const required = Math.ceil(Math.max(0, f.forecastDailyVolume) / s.sizing.callsPerNumberPerDay);
  const dailyCapacity = serving.reduce((sum, n) => sum + capToday(n), 0);
  const base = Math.max(main.length, required);
  const reserveRatio = main.length > 0 ? readyReserve / main.length : null;
  const reserveMin = Math.ceil(base * s.reserve.minRatio);
  const reserveStatus =
    readyReserve < reserveMin
      ? 'under'
      : readyReserve > Math.floor(base * s.reserve.maxRatio)
        ? 'over'
        : 'ok';

  const alerts: string[] = [];
  const short = Math.max(0, required - serving.length);
  if (short > 0)
    alerts.push(
      `undersized: ${serving.length} numbers in service, ${required} needed for ${f.forecastDailyVolume} calls/day`,
    );
  if (dailyCapacity < f.forecastDailyVolume)
    alerts.push(`capacity ${dailyCapacity} calls/day is below the forecast ${f.forecastDailyVolume}`);
  if (reserveStatus === 'under')
    alerts.push(
      `reserve ${readyReserve} is below ${s.reserve.minRatio * 100}% of the pool (${reserveMin} needed)`,
    );

  const low = Math.ceil(base * s.replenishment.minMonthlyRatio);
  const high = Math.ceil(base * s.replenishment.maxMonthlyRatio);
  const need = f.lostLastMonth + short + Math.max(0, reserveMin - readyReserve);
  // A short pool needs what it needs, beyond the usual 20%; otherwise stay within 10–20%.
  const replenishment = short > 0 ? Math.max(need, low) : Math.min(high, Math.max(low, need));
  return {
    subPool: f.subPool,
    forecastDailyVolume: f.forecastDailyVolume,
    required,
    inService: serving.length,
    dailyCapacity,
    mainPool: main.length,
    readyReserve,
    reserveRatio,
    reserveStatus,
    replenishment,
    alerts,
  };
}
