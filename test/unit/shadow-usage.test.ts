// Shadow mode's usage view: real counts plus the calls shadow decisions would have placed today.
import { describe, expect, it } from 'vitest';
import { ShadowUsage } from '../../plugin/domain/selection/shadow-usage.ts';

describe('shadow usage', () => {
  it('when shadow calls are noted, then they add to the real counts until the day changes', () => {
    const base = { version: 3, used: (id: number) => (id === 1 ? 5 : 0) };
    const shadow = new ShadowUsage(base);
    shadow.prepare('2026-03-02');
    const v = shadow.version;
    shadow.noteShadowCall(1);
    shadow.noteShadowCall(1);
    expect(shadow.used(1)).toBe(7);
    expect(shadow.version).toBe(v); // counts only grew: selection heaps stay valid
    shadow.prepare('2026-03-03');
    expect(shadow.used(1)).toBe(5);
    expect(shadow.version).not.toBe(v); // counts went down: heaps must rebuild
  });
});
