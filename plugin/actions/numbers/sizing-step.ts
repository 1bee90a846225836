// Sizing and replenishment (P4, P5, L4) in the lifecycle job: adviseSizing per sub-pool, with the
// forecast taken as the busiest day of the last week; its alerts stay open while their condition holds.
import { toLocalTime } from '../../domain/calendar/local-time.ts';
import { addDays, addMonths, monthOf } from '../../domain/health/civil-date.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import { adviseSizing, type SizingAdvice } from '../../domain/lifecycle/pool-sizing.ts';
import { listAlerts, raiseAlert, resolveAlert, type NewAlert } from '../../store/health/alert-repository.ts';
import { loadDailyStats } from '../../store/health/daily-stats-repository.ts';
import { leftServiceCounts } from '../../store/health/health-facts-repository.ts';
import type { HealthNumber } from '../../store/numbers/number-lifecycle-repository.ts';
import type { HealthRun } from './health-run.ts';

const FORECAST_DAYS = 7;

export async function adviseOnSizing(
  run: HealthRun,
  numbers: readonly HealthNumber[],
): Promise<SizingAdvice[]> {
  const { knex } = run.deps.db;
  const subPoolOf = new Map(numbers.map((n) => [n.id, subPoolKey(n)]));
  const perDay = new Map<string, Map<string, number>>();
  const stats = await loadDailyStats(knex, addDays(run.today, -FORECAST_DAYS));
  for (const [id, days] of stats) {
    const key = subPoolOf.get(id);
    if (key === undefined) continue;
    const byDay = perDay.get(key) ?? new Map<string, number>();
    for (const d of days) if (d.day < run.today) byDay.set(d.day, (byDay.get(d.day) ?? 0) + d.attempts);
    perDay.set(key, byDay);
  }
  const thisMonth = `${monthOf(run.today)}-01`;
  const lost = await leftServiceCounts(
    knex,
    startOfLocalDay(addMonths(thisMonth, -1), run.deps.timeZone),
    startOfLocalDay(thisMonth, run.deps.timeZone),
  );
  const lostBySubPool = new Map<string, number>();
  for (const [id, count] of lost) {
    const n = numbers.find((x) => x.id === id);
    if (n && n.tier === 'main')
      lostBySubPool.set(subPoolKey(n), (lostBySubPool.get(subPoolKey(n)) ?? 0) + count);
  }
  const subPools = [...new Set(numbers.filter((n) => n.state !== 'retired').map(subPoolKey))].sort();
  const forecasts = subPools.map((subPool) => ({
    subPool,
    forecastDailyVolume: Math.max(0, ...(perDay.get(subPool)?.values() ?? [])),
    lostLastMonth: lostBySubPool.get(subPool) ?? 0,
  }));
  const advice = adviseSizing(numbers, forecasts, run.settings);
  await syncAlerts(run, advice);
  return advice;
}

/** Raises the alerts that hold now and resolves the sizing alerts that no longer do. */
async function syncAlerts(run: HealthRun, advice: readonly SizingAdvice[]): Promise<void> {
  const { knex } = run.deps.db;
  const current: NewAlert[] = [];
  const base = { job: run.job, at: run.now };
  for (const a of advice) {
    for (const message of a.alerts) {
      const kind = message.split(/[ :]/)[0] ?? 'sizing';
      current.push({
        ...base,
        kind: 'sizing',
        severity: 'warning',
        key: `sizing:${a.subPool}:${kind}`,
        subPool: a.subPool,
        message: `${a.subPool}: ${message}`,
        details: a,
      });
    }
    if (a.replenishment > 0) {
      const message = `${a.subPool}: suggest adding ${a.replenishment} new number(s) this month (${a.mainPool} in the main pool, ${a.readyReserve} ready reserve)`;
      current.push({
        ...base,
        kind: 'replenishment',
        severity: 'info',
        key: `replenish:${a.subPool}:${monthOf(run.today)}`,
        subPool: a.subPool,
        message,
        details: a,
      });
    }
  }
  const keys = new Set(current.map((c) => c.key));
  for (const alert of current) await raiseAlert(knex, alert);
  for (const prefix of ['sizing:', 'replenish:']) {
    for (const open of await listAlerts(knex, { open: true, keyPrefix: prefix })) {
      if (open.key !== null && !keys.has(open.key))
        await resolveAlert(knex, open.key, { by: run.job, note: 'condition no longer holds', at: run.now });
    }
  }
}

/** The instant a pool-local date begins. */
function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const local = toLocalTime(guess, timeZone);
  const wallAsUtc = Date.parse(`${local.date}T${local.hhmm}:00Z`);
  return new Date(guess.getTime() - (wallAsUtc - guess.getTime()));
}
