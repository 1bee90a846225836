// Direct inserts of numbers, agents, DNC and consents for integration tests and benchmarks.
import type { Knex } from 'knex';
import type { PoolNumber } from '../../plugin/domain/pool/pool-number.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { bumpReferenceVersion } from '../../plugin/store/reference/reference-repository.ts';

const EPOCH = toDbTime(new Date('2026-01-01T00:00:00Z'));

export type SeedNumber = Partial<Omit<PoolNumber, 'id'>> & { e164: string };

export async function seedNumbers(knex: Knex, numbers: readonly SeedNumber[]): Promise<number[]> {
  const rows = numbers.map((n) => ({
    e164: n.e164,
    national: n.e164.replace(/^\+86/, ''),
    type: n.type ?? 'landline',
    purpose: n.purpose ?? 'service',
    tier: n.tier ?? 'main',
    state: n.state ?? 'active',
    daily_cap: n.dailyCap ?? 20,
    warmup_cap: n.warmupCap ?? 5,
    route: n.route ?? null,
    province: n.province ?? null,
    city: n.city ?? null,
    region: n.region ?? null,
    answer_rate: n.answerRate ?? null,
    created_at: EPOCH,
    updated_at: EPOCH,
  }));
  for (let i = 0; i < rows.length; i += 1000) await knex('numbers').insert(rows.slice(i, i + 1000));
  await bumpReferenceVersion(knex, 'test', new Date());
  const ids = (await knex('numbers')
    .whereIn('e164', numbers.map((n) => n.e164).slice(0, 5000))
    .pluck('id')) as number[];
  return ids.map(Number);
}

export async function seedAgent(knex: Knex, id: string, marketingTrained: boolean): Promise<void> {
  await knex('agents').insert({
    id,
    marketing_trained: marketingTrained,
    active: true,
    created_at: EPOCH,
    updated_at: EPOCH,
  });
  await bumpReferenceVersion(knex, 'test', new Date());
}

export async function seedDnc(knex: Knex, e164: string, reason = 'refused'): Promise<void> {
  await knex('dnc').insert({ callee_e164: e164, reason, source: 'cli', added_by: 'test', added_at: EPOCH });
}

export async function seedConsent(knex: Knex, e164: string): Promise<void> {
  await knex('consents').insert({ callee_e164: e164, scope: 'marketing', granted_at: EPOCH, source: 'test' });
}

/** Beijing mobile numbers 1380000xxxx, distinct per index: callees for concurrency tests. */
export function beijingCallee(i: number): string {
  return `1380013${String(i).padStart(4, '0')}`;
}
