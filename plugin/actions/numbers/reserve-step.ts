// Reserve promotion (P5, L4): every main-pool number that left service (an open 'left-service'
// alert) is replaced by the nearest ready reserve of its purpose; each swap is one transaction.
import { planReservePromotions } from '../../domain/lifecycle/reserve-promotion.ts';
import { placesCalls } from '../../domain/pool/pool-number.ts';
import { subPoolKey } from '../../domain/health/sub-pool.ts';
import { listAlerts, raiseAlert, resolveAlert } from '../../store/health/alert-repository.ts';
import { loadHealthNumbers } from '../../store/numbers/number-lifecycle-repository.ts';
import { forNumber, type HealthRun } from './health-run.ts';
import { changeNumber } from './change-number.ts';
import { leftServiceKey } from '../../domain/lifecycle/left-service.ts';

export interface PromotionSummary {
  promoted: { leavingId: number; reserveId: number; match: string }[];
  noReserve: number[];
  returned: number[];
}

export async function promoteReserves(run: HealthRun): Promise<PromotionSummary> {
  const { knex } = run.deps.db;
  const summary: PromotionSummary = { promoted: [], noReserve: [], returned: [] };
  const open = await listAlerts(knex, { kind: 'left-service', open: true });
  if (open.length === 0) return summary;
  const numbers = await loadHealthNumbers(knex);
  const byId = new Map(numbers.map((n) => [n.id, n]));
  const resolve = (leavingId: number, note: string): Promise<boolean> =>
    resolveAlert(knex, leftServiceKey(leavingId), { by: run.job, note, at: run.now });

  const leaving = [];
  for (const alert of open) {
    const n = alert.numberId === null ? undefined : byId.get(alert.numberId);
    if (n && placesCalls(n)) {
      await resolve(n.id, `number returned to service (${n.state}) before a reserve replaced it`);
      await resolveAlert(knex, `no-reserve:${n.id}`, {
        by: run.job,
        note: 'number returned to service',
        at: run.now,
      });
      summary.returned.push(n.id);
    } else if (n) leaving.push(n);
    else if (alert.numberId !== null) {
      // Released since it left: nothing to replace any more, the sizing alerts take over.
      await resolve(alert.numberId, 'number released');
      await resolveAlert(knex, `no-reserve:${alert.numberId}`, {
        by: run.job,
        note: 'number released',
        at: run.now,
      });
    }
  }
  const plan = planReservePromotions(leaving, numbers, run.settings.reserve);
  for (const p of plan.promotions) {
    const reserve = byId.get(p.reserveId);
    if (!reserve) continue;
    await forNumber(run, reserve.id, async () => {
      const result = await changeNumber(run, reserve, { tier: 'main', reason: p.reason }, async (trx) => {
        const note = `replaced by number ${reserve.e164} (${p.match} match)`;
        await resolveAlert(trx, leftServiceKey(p.leavingId), { by: run.job, note, at: run.now });
        await resolveAlert(trx, `no-reserve:${p.leavingId}`, { by: run.job, note, at: run.now });
      });
      if (result.ok)
        summary.promoted.push({ leavingId: p.leavingId, reserveId: p.reserveId, match: p.match });
    });
  }
  for (const u of plan.unmatched) {
    const n = byId.get(u.leavingId);
    await raiseAlert(knex, {
      kind: 'no-reserve',
      severity: 'urgent',
      key: `no-reserve:${u.leavingId}`,
      numberId: u.leavingId,
      subPool: n ? subPoolKey(n) : null,
      job: run.job,
      message: `no ready reserve of the same purpose within the ${run.settings.reserve.matchArea} can replace number ${n?.e164 ?? u.leavingId}: add numbers`,
      at: run.now,
    });
    summary.noReserve.push(u.leavingId);
  }
  return summary;
}
