// The lifecycle state machine (L1): every allowed move, every refused one with a clear error,
// and tier changes for reserve promotion.
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_TRANSITIONS,
  changeTier,
  transition,
  type LifecycleNumber,
} from '../../plugin/domain/lifecycle/number-transition.ts';
import { NUMBER_STATES, type NumberState } from '../../plugin/domain/pool/pool-number.ts';
import { at } from '../support/pool-fixtures.ts';

const NOW = at('2026-03-02 10:00');
const JOB = { kind: 'job', id: 'mark-check' } as const;
const ctx = { actor: JOB, reason: 'test', now: NOW };
const n = (state: NumberState, tier: LifecycleNumber['tier'] = 'main'): LifecycleNumber => ({
  id: 9,
  state,
  tier,
});

const allPairs = NUMBER_STATES.flatMap((from) => NUMBER_STATES.map((to) => [from, to] as const));

describe('state transitions', () => {
  it('when the path of the seed is followed, then every step is allowed and recorded with actor and reason', () => {
    const steps: NumberState[] = [
      'new',
      'warming',
      'active',
      'suspended',
      'appealing',
      'active',
      'cooling',
      'retired',
    ];
    for (let i = 1; i < steps.length; i++) {
      const r = transition(n(steps[i - 1]!), steps[i]!, {
        actor: { kind: 'user', id: 'alice' },
        reason: `step ${i}`,
        now: NOW,
      });
      expect(r).toEqual({
        ok: true,
        change: {
          kind: 'state',
          numberId: 9,
          from: steps[i - 1],
          to: steps[i],
          actor: { kind: 'user', id: 'alice' },
          reason: `step ${i}`,
          at: NOW,
        },
      });
    }
  });

  it.each(allPairs.filter(([from, to]) => !ALLOWED_TRANSITIONS[from].includes(to)))(
    'when a number goes from %s to %s, then it is refused as ILLEGAL_TRANSITION',
    (from, to) => {
      const r = transition(n(from), to, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    },
  );

  it('when a transition is refused, then the message says what is allowed instead', () => {
    expect(transition(n('new'), 'active', ctx)).toEqual({
      ok: false,
      error: {
        code: 'ILLEGAL_TRANSITION',
        message: 'number 9 cannot go from new to active; from new it may go to warming, retired',
      },
    });
    const r = transition(n('retired'), 'active', ctx);
    expect(!r.ok && r.error.message).toMatch(/nothing \(final state\)/);
  });

  it('when no reason is given, then the transition is refused', () => {
    expect(transition(n('active'), 'cooling', { ...ctx, reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
  });
});

describe('tier changes', () => {
  it('when a ready reserve is promoted, then a tier change keeps its state', () => {
    expect(changeTier(n('active', 'reserve'), 'main', { ...ctx, reason: 'replaces 4' })).toMatchObject({
      ok: true,
      change: {
        kind: 'tier',
        numberId: 9,
        state: 'active',
        from: 'reserve',
        to: 'main',
        reason: 'replaces 4',
      },
    });
  });

  it.each([
    ['suspended', 'reserve', 'main'],
    ['retired', 'reserve', 'main'],
    ['appealing', 'main', 'reserve'],
    ['active', 'main', 'main'],
  ] as const)('when a %s number in %s moves to %s, then it is refused', (state, tier, to) => {
    expect(changeTier(n(state, tier), to, ctx)).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });
});
