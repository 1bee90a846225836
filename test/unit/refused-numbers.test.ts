// The candidate choice after the database refuses a number (domain/selection/refused-numbers.ts):
// pure, on facts in memory — what call-flow's reserve step does between reservation attempts.
import { describe, expect, it } from 'vitest';
import { decideCall, type Decision } from '../../plugin/domain/decision.ts';
import { REFUSALS_BEFORE_RELOAD, RefusedNumbers } from '../../plugin/domain/selection/refused-numbers.ts';
import { at, BEIJING, numberIn, scenario, TIANJIN, type Scenario } from '../support/pool-fixtures.ts';

const WEEKDAY_10 = at('2026-03-02 10:00');

function decideWithout(s: Scenario, refused: RefusedNumbers): Decision {
  return decideCall({ ...scenario(s), exclude: refused.excluded });
}

function chosen(d: Decision): string {
  return d.kind === 'allowed' ? `${d.tier} ${d.number.e164}` : `blocked ${d.reason}`;
}

describe('refused numbers', () => {
  it('when the chosen number is refused, then the next choice is the next best number of the same tier', () => {
    const numbers = [numberIn(BEIJING, '+861088880001'), numberIn(BEIJING, '+861088880002')];
    const s = { now: WEEKDAY_10, numbers, used: { [numbers[1]!.id]: 3 } };
    const refused = new RefusedNumbers();
    const first = decideWithout(s, refused);
    expect(chosen(first)).toBe('city +861088880001');

    refused.refuse(numbers[0]!.id);
    const second = decideWithout(s, refused);

    expect(chosen(second)).toBe('city +861088880002');
  });

  it('when every number of the city is refused, then the choice moves to the next area tier', () => {
    const numbers = [numberIn(BEIJING, '+861088880001'), numberIn(TIANJIN, '+862288880001')];
    const refused = new RefusedNumbers();
    refused.refuse(numbers[0]!.id);

    const d = decideWithout({ now: WEEKDAY_10, numbers }, refused);

    expect(chosen(d)).toBe('region +862288880001');
  });

  it('when the sticky number is refused, then the callee gets the best other number', () => {
    const numbers = [numberIn(BEIJING, '+861088880001'), numberIn(BEIJING, '+861088880002')];
    const sticky = numbers[1]!;
    const refused = new RefusedNumbers();
    refused.refuse(sticky.id);

    const d = decideWithout({ now: WEEKDAY_10, numbers, stickyNumberId: sticky.id }, refused);

    expect(chosen(d)).toBe('city +861088880001');
    expect(d.trace.selection?.tiers[0]).toEqual({ tier: 'sticky', numbers: 1, top: [] });
  });

  it('when every candidate is refused, then the call is blocked NO_NUMBER_AVAILABLE with the tiers it saw', () => {
    const numbers = [numberIn(BEIJING, '+861088880001')];
    const refused = new RefusedNumbers();
    refused.refuse(numbers[0]!.id);

    const d = decideWithout({ now: WEEKDAY_10, numbers }, refused);

    expect(chosen(d)).toBe('blocked NO_NUMBER_AVAILABLE');
    expect(d.trace.steps.at(-1)).toEqual({
      rule: 'selection',
      outcome: 'block',
      detail: { purpose: 'marketing' },
    });
    expect(d.trace.selection?.tiers.map((t) => [t.tier, t.numbers, t.top.length])).toEqual([
      ['city', 1, 0],
      ['province', 1, 0],
      ['region', 1, 0],
      ['any', 1, 0],
    ]);
  });

  it(`when the ${REFUSALS_BEFORE_RELOAD}th number is refused, then the usage view is reloaded, once per call`, () => {
    const refused = new RefusedNumbers();
    const reloads: number[] = [];

    for (let id = 1; id <= REFUSALS_BEFORE_RELOAD * 2; id++) {
      if (refused.refuse(id).reloadUsage) reloads.push(id);
    }

    expect(reloads).toEqual([REFUSALS_BEFORE_RELOAD]);
    expect(refused.excluded.size).toBe(REFUSALS_BEFORE_RELOAD * 2);
  });

  it('when the same number is refused twice, then it counts once towards the reload', () => {
    const refused = new RefusedNumbers();

    const answers = Array.from({ length: REFUSALS_BEFORE_RELOAD }, () => refused.refuse(7).reloadUsage);

    expect(answers.every((reload) => !reload)).toBe(true);
    expect([...refused.excluded]).toEqual([7]);
  });
});
