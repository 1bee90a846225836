// The "in service" predicate and the "left service" rule (L1, L4), each written once in domain/, and
// what entering a state sets (L2, L3): pure, no database.
import { describe, expect, it } from 'vitest';
import { fieldsOnEntering } from '../../plugin/domain/lifecycle/entering-state.ts';
import { leftService, leftServiceKey } from '../../plugin/domain/lifecycle/left-service.ts';
import { isInService, NUMBER_STATES, placesCalls } from '../../plugin/domain/pool/pool-number.ts';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';

describe('in service', () => {
  it('when the states are listed, then only active and warming are in service', () => {
    expect(NUMBER_STATES.filter(isInService)).toEqual(['warming', 'active']);
  });

  it('when a number is in service, then it places calls only from the main tier', () => {
    expect(placesCalls({ tier: 'main', state: 'warming' })).toBe(true);
    expect(placesCalls({ tier: 'reserve', state: 'active' })).toBe(false);
    expect(placesCalls({ tier: 'main', state: 'cooling' })).toBe(false);
  });
});

describe('left service', () => {
  it.each([
    ['main', 'active', 'cooling', true],
    ['main', 'warming', 'suspended', true],
    ['main', 'active', 'warming', false],
    ['main', 'cooling', 'retired', false],
    ['reserve', 'active', 'cooling', false],
  ] as const)('when a %s number goes from %s to %s, then it left service: %s', (tier, from, to, left) => {
    expect(leftService({ tier, state: from }, to)).toBe(left);
  });

  it("when the alert's key is made, then it names the number", () => {
    expect(leftServiceKey(42)).toBe('left-service:42');
  });
});

describe('entering a state', () => {
  const settings = DEFAULT_HEALTH_SETTINGS;

  it("when a number starts warming, then it starts at the first day's quota", () => {
    expect(fieldsOnEntering('warming', { activatedOn: null }, settings, '2026-03-02')).toEqual({
      warmupCap: settings.warmup.minCallsPerDay,
    });
  });

  it('when a number becomes active for the first time, then its review clock starts', () => {
    const fields = fieldsOnEntering('active', { activatedOn: null }, settings, '2026-03-02');
    expect(fields).toEqual({ activatedOn: '2026-03-02', reviewDueOn: '2026-06-02' });
  });

  it('when a number active before becomes active again, then nothing else is set', () => {
    expect(fieldsOnEntering('active', { activatedOn: '2025-01-01' }, settings, '2026-03-02')).toBeUndefined();
    expect(fieldsOnEntering('cooling', { activatedOn: null }, settings, '2026-03-02')).toBeUndefined();
  });
});
