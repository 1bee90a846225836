// Mark records and the mark rules (M1, M3): merge of observations, suspend above 5, the fraud path,
// and no re-trigger on numbers already out of service.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import {
  clearMarks,
  mergeMarkObservations,
  openMarkCount,
  type MarkObservation,
  type MarkRecord,
} from '../../plugin/domain/health/mark.ts';
import { evaluateMarks, type MarkedNumber } from '../../plugin/domain/health/mark-rules.ts';
import type { NumberState } from '../../plugin/domain/pool/pool-number.ts';
import { at } from '../support/pool-fixtures.ts';

const SETTINGS = DEFAULT_HEALTH_SETTINGS.marks;
const NOW = at('2026-03-10 02:00');
const PLATFORMS = SETTINGS.platforms;

function record(
  platform: string,
  type: MarkRecord['type'],
  count: number,
  over: Partial<MarkRecord> = {},
): MarkRecord {
  const seen = at('2026-03-01 02:00');
  return {
    numberId: 7,
    platform,
    type,
    count,
    firstSeenAt: seen,
    lastSeenAt: seen,
    source: 'provider',
    clearedAt: null,
    ...over,
  };
}

function seen(platform: string, type: MarkObservation['type'], count: number): MarkObservation {
  return { platform, type, count, seenAt: NOW, source: 'provider' };
}

function number(state: NumberState): MarkedNumber {
  return { id: 7, state, tier: 'main' };
}

function check(state: NumberState, current: MarkRecord[], observed: MarkObservation[]) {
  const merged = mergeMarkObservations(7, current, observed, PLATFORMS);
  return evaluateMarks(number(state), merged.records, merged.newMarks, SETTINGS, NOW);
}

describe('merging mark observations', () => {
  it('when a platform reports a higher count, then the record takes it and the increase is new', () => {
    const m = mergeMarkObservations(
      7,
      [record('360', 'harassment', 2)],
      [seen('360', 'harassment', 5)],
      PLATFORMS,
    );
    expect(m.records).toEqual([
      expect.objectContaining({ count: 5, lastSeenAt: NOW, firstSeenAt: at('2026-03-01 02:00') }),
    ]);
    expect(m.newMarks).toEqual([{ platform: '360', type: 'harassment', added: 3 }]);
  });

  it('when the same count is reported again, then nothing is new (idempotent re-check)', () => {
    const m = mergeMarkObservations(
      7,
      [record('360', 'harassment', 2)],
      [seen('360', 'harassment', 2)],
      PLATFORMS,
    );
    expect(m.newMarks).toEqual([]);
  });

  it('when a cleared mark is seen again, then it starts afresh', () => {
    const cleared = record('tencent', 'sales', 4, { clearedAt: at('2026-03-05 10:00') });
    const m = mergeMarkObservations(7, [cleared], [seen('tencent', 'sales', 1)], PLATFORMS);
    expect(m.records).toEqual([expect.objectContaining({ count: 1, clearedAt: null, firstSeenAt: NOW })]);
    expect(m.newMarks).toEqual([{ platform: 'tencent', type: 'sales', added: 1 }]);
  });

  it('when a platform is not configured or a count is negative, then the observation is rejected, not recorded', () => {
    const m = mergeMarkObservations(
      7,
      [],
      [seen('hiya', 'harassment', 3), seen('360', 'sales', -1)],
      PLATFORMS,
    );
    expect(m.records).toEqual([]);
    expect(m.rejected.map((r) => r.reason)).toEqual(['UNKNOWN_PLATFORM', 'BAD_COUNT']);
  });

  it('when an appeal on one platform is approved, then only that platform’s marks are cleared', () => {
    const cleared = clearMarks([record('360', 'harassment', 3), record('baidu', 'sales', 2)], '360', NOW);
    expect(openMarkCount(cleared)).toBe(2);
  });
});

describe('mark rules', () => {
  it.each([
    [5, 'none'],
    [6, 'suspend'],
  ] as const)('when an active number has %i open marks in all, then the action is %s', (total, action) => {
    const verdict = check('active', [record('360', 'harassment', 3)], [seen('baidu', 'sales', total - 3)]);
    expect(verdict.action).toBe(action);
    expect(verdict.openMarks).toBe(total);
  });

  it('when marks on several platforms add up past 5, then the number is suspended with the count in the reason', () => {
    const verdict = check(
      'warming',
      [],
      [seen('360', 'harassment', 2), seen('tencent', 'sales', 2), seen('xiaomi', 'other', 2)],
    );
    expect(verdict).toMatchObject({
      action: 'suspend',
      to: 'suspended',
      reason: '6 open marks (more than 5): suspended',
    });
  });

  it('when cleared marks would exceed the threshold, then they do not count', () => {
    const verdict = check(
      'active',
      [record('360', 'harassment', 9, { clearedAt: at('2026-03-05 10:00') })],
      [],
    );
    expect(verdict).toMatchObject({ action: 'none', reason: 'BELOW_THRESHOLD', openMarks: 0 });
  });

  it('when a single fraud mark appears, then the number is disabled, an urgent appeal opened and its calls listed for audit', () => {
    const verdict = check('active', [], [seen('tencent', 'fraud', 1)]);
    expect(verdict).toEqual({
      action: 'disable',
      to: 'suspended',
      reason: 'fraud mark on tencent: disabled, urgent appeal opened, calls listed for audit',
      openMarks: 1,
      newMarks: [{ platform: 'tencent', type: 'fraud', added: 1 }],
      urgentAppealPlatforms: ['tencent'],
      audit: { numberId: 7, since: new Date(NOW.getTime() - 30 * 86_400_000), until: NOW },
    });
  });

  it('when fraud and many other marks come together, then fraud wins (disable, not merely suspend)', () => {
    const verdict = check(
      'active',
      [record('360', 'harassment', 8)],
      [seen('360', 'fraud', 1), seen('baidu', 'fraud', 2)],
    );
    expect(verdict).toMatchObject({ action: 'disable', urgentAppealPlatforms: ['360', 'baidu'] });
  });

  it.each(['suspended', 'appealing', 'retired'] as const)(
    'when new marks (even fraud) land on a %s number, then nothing is triggered again',
    (state) => {
      const verdict = check(
        state,
        [record('360', 'harassment', 6)],
        [seen('360', 'harassment', 9), seen('baidu', 'fraud', 1)],
      );
      expect(verdict).toMatchObject({ action: 'none', reason: 'ALREADY_OUT_OF_SERVICE', openMarks: 10 });
    },
  );

  it('when a new number carries marks, then the rules leave it to the warm-up gate', () => {
    expect(check('new', [], [seen('360', 'fraud', 1)])).toMatchObject({
      action: 'none',
      reason: 'NOT_IN_SERVICE',
    });
  });

  it('when a reserve or cooling number is marked for fraud, then it is disabled too', () => {
    const merged = mergeMarkObservations(7, [], [seen('360', 'fraud', 1)], PLATFORMS);
    for (const n of [
      { id: 7, state: 'active', tier: 'reserve' },
      { id: 7, state: 'cooling', tier: 'main' },
    ] as const) {
      expect(evaluateMarks(n, merged.records, merged.newMarks, SETTINGS, NOW).action).toBe('disable');
    }
  });

  it('when the threshold is configured to 2, then 3 marks suspend', () => {
    const merged = mergeMarkObservations(7, [], [seen('360', 'sales', 3)], PLATFORMS);
    expect(
      evaluateMarks(number('active'), merged.records, merged.newMarks, { ...SETTINGS, suspendAbove: 2 }, NOW)
        .action,
    ).toBe('suspend');
  });
});
