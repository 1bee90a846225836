// What a re-import changes in a number's inventory: purpose, tier and caps, field by field, as the
// import reports and audits them ("+861088880001: purpose marketing → service, daily cap 20 → 5").
// Used by the numbers import action. Pure.
import type { NumberPurpose, NumberTier } from '../pool/pool-number.ts';

/** The inventory fields whose change an import reports; the others (notes, carrier…) are not. */
export interface NumberInventory {
  purpose: NumberPurpose;
  tier: NumberTier;
  dailyCap: number;
  warmupCap: number;
}

export type InventoryField = keyof NumberInventory;

export interface FieldChange {
  field: InventoryField;
  before: string | number;
  after: string | number;
}

export interface InventoryChange {
  e164: string;
  /** The file line the new values come from. */
  line: number;
  changes: FieldChange[];
}

const LABELS: Readonly<Record<InventoryField, string>> = {
  purpose: 'purpose',
  tier: 'tier',
  dailyCap: 'daily cap',
  warmupCap: 'warm-up cap',
};

const FIELDS = Object.keys(LABELS) as InventoryField[];

/** The fields that differ, in the report's order (purpose, tier, daily cap, warm-up cap). */
export function inventoryChanges(before: NumberInventory, after: NumberInventory): FieldChange[] {
  return FIELDS.filter((f) => before[f] !== after[f]).map((f) => ({
    field: f,
    before: before[f],
    after: after[f],
  }));
}

/** A change of purpose moves a number between service and marketing calls: only on request. */
export function changesPurpose(change: InventoryChange): boolean {
  return change.changes.some((c) => c.field === 'purpose');
}

/** "+861088880001: purpose marketing → service, daily cap 20 → 5". */
export function describeInventoryChange(change: InventoryChange): string {
  const parts = change.changes.map((c) => `${LABELS[c.field]} ${c.before} → ${c.after}`);
  return `${change.e164}: ${parts.join(', ')}`;
}

/** The audit record's before/after: only the changed fields. */
export function auditValues(change: InventoryChange): { before: object; after: object } {
  return {
    before: Object.fromEntries(change.changes.map((c) => [c.field, c.before])),
    after: Object.fromEntries(change.changes.map((c) => [c.field, c.after])),
  };
}
