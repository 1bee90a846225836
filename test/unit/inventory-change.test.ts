// What a numbers re-import reports and audits per number (domain/numbers/inventory-change.ts).
import { describe, expect, it } from 'vitest';
import {
  auditValues,
  changesPurpose,
  describeInventoryChange,
  inventoryChanges,
  type NumberInventory,
} from '../../plugin/domain/numbers/inventory-change.ts';

const BEFORE: NumberInventory = { purpose: 'marketing', tier: 'main', dailyCap: 20, warmupCap: 5 };

describe('inventoryChanges', () => {
  it('when purpose and daily cap differ, then both are reported in order and described on one line', () => {
    const changes = inventoryChanges(BEFORE, { ...BEFORE, purpose: 'service', dailyCap: 5 });
    const change = { e164: '+861088880001', line: 2, changes };
    expect(describeInventoryChange(change)).toBe(
      '+861088880001: purpose marketing → service, daily cap 20 → 5',
    );
    expect(changesPurpose(change)).toBe(true);
    expect(auditValues(change)).toEqual({
      before: { purpose: 'marketing', dailyCap: 20 },
      after: { purpose: 'service', dailyCap: 5 },
    });
  });

  it('when only the tier and the warm-up cap differ, then the change needs no --update', () => {
    const changes = inventoryChanges(BEFORE, { ...BEFORE, tier: 'reserve', warmupCap: 3 });
    const change = { e164: '+861088880001', line: 2, changes };
    expect(describeInventoryChange(change)).toBe('+861088880001: tier main → reserve, warm-up cap 5 → 3');
    expect(changesPurpose(change)).toBe(false);
  });

  it('when nothing differs, then there is no change', () => {
    expect(inventoryChanges(BEFORE, { ...BEFORE })).toEqual([]);
  });
});
