// The numbers as the inventory (not the lifecycle) sees them: what a re-import compares against
// and what the numbers export writes. Used by actions/imports and actions/exports.
import type { Knex } from 'knex';
import type { NumberInventory } from '../../domain/numbers/inventory-change.ts';
import type { NumberPurpose, NumberState, NumberTier } from '../../domain/pool/pool-number.ts';
import { fromDbDate } from '../connection/db-time.ts';

const CHUNK = 500;

/** One number with every column the numbers import file has. */
export interface InventoryNumber extends NumberInventory {
  id: number;
  e164: string;
  state: NumberState;
  carrier: string | null;
  province: string | null;
  city: string | null;
  route: string | null;
  acquiredOn: string | null;
  notes: string | null;
}

interface InventoryRow {
  id: number;
  e164: string;
  purpose: NumberPurpose;
  tier: NumberTier;
  state: NumberState;
  daily_cap: number;
  warmup_cap: number;
  carrier: string | null;
  province: string | null;
  city: string | null;
  route: string | null;
  acquired_on: string | Date | null;
  notes: string | null;
}

const COLUMNS = [
  'id',
  'e164',
  'purpose',
  'tier',
  'state',
  'daily_cap',
  'warmup_cap',
  'carrier',
  'province',
  'city',
  'route',
  'acquired_on',
  'notes',
];

function toInventory(r: InventoryRow): InventoryNumber {
  return {
    id: Number(r.id),
    e164: r.e164,
    purpose: r.purpose,
    tier: r.tier,
    state: r.state,
    dailyCap: Number(r.daily_cap),
    warmupCap: Number(r.warmup_cap),
    carrier: r.carrier,
    province: r.province,
    city: r.city,
    route: r.route,
    acquiredOn: fromDbDate(r.acquired_on),
    notes: r.notes,
  };
}

/** The numbers among `e164s` that exist already, by E.164. */
export async function findInventory(
  q: Knex,
  e164s: readonly string[],
): Promise<Map<string, InventoryNumber>> {
  const found = new Map<string, InventoryNumber>();
  for (let i = 0; i < e164s.length; i += CHUNK) {
    const rows = (await q('numbers')
      .whereIn('e164', e164s.slice(i, i + CHUNK))
      .select(COLUMNS)) as InventoryRow[];
    for (const r of rows) found.set(r.e164, toInventory(r));
  }
  return found;
}

/** Every number, in E.164 order. */
export async function listInventory(q: Knex): Promise<InventoryNumber[]> {
  const rows = (await q('numbers').orderBy('e164').select(COLUMNS)) as InventoryRow[];
  return rows.map(toInventory);
}
