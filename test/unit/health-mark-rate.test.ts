// Monthly mark rates per sub-pool and agent, and the reward list of agents below 5% (G2).
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import type { MarkRecord } from '../../plugin/domain/health/mark.ts';
import {
  agentNumberUsage,
  markedNumbersIn,
  monthlyMarkRates,
  type AgentNumberUsage,
} from '../../plugin/domain/health/mark-rate.ts';
import type { CallRecord } from '../../plugin/domain/health/call-record.ts';
import { at } from '../support/pool-fixtures.ts';

const TZ = 'Asia/Shanghai';
const REWARD = DEFAULT_HEALTH_SETTINGS.agentReward;

function mark(numberId: number, first: string, last: string, cleared: string | null = null): MarkRecord {
  return {
    numberId,
    platform: '360',
    type: 'harassment',
    count: 1,
    firstSeenAt: at(first),
    lastSeenAt: at(last),
    source: 'provider',
    clearedAt: cleared === null ? null : at(cleared),
  };
}

describe('numbers marked in a month', () => {
  it.each([
    ['seen first in the month', mark(1, '2026-03-05 10:00', '2026-03-06 10:00'), true],
    ['marked before and still seen after', mark(1, '2026-01-05 10:00', '2026-04-02 10:00'), true],
    ['cleared before the month', mark(1, '2026-01-05 10:00', '2026-02-01 10:00', '2026-02-10 10:00'), false],
    ['first seen after the month', mark(1, '2026-04-01 00:30', '2026-04-02 10:00'), false],
    [
      'seen on 1 April 00:30 China time (31 March UTC)',
      mark(1, '2026-04-01 00:30', '2026-04-01 00:30'),
      false,
    ],
  ])('when a mark was %s, then marked in March is %s', (_, m, marked) => {
    expect(markedNumbersIn('2026-03', [m], TZ).has(1)).toBe(marked);
  });
});

describe('monthly mark rates and the reward list', () => {
  // Sub-pool marketing/华北: numbers 1–20, number 1 marked (5%); marketing/华东: numbers 21–40, none marked.
  const numbers = new Map(
    Array.from({ length: 40 }, (_, i) => [
      i + 1,
      { purpose: 'marketing' as const, region: i < 20 ? '华北' : '华东' },
    ]),
  );
  const usage: AgentNumberUsage[] = [
    ...Array.from({ length: 20 }, (_, i) => ({ agent: 'north', numberId: i + 1, calls: 10 })),
    ...Array.from({ length: 20 }, (_, i) => ({ agent: 'east', numberId: i + 21, calls: 10 })),
    { agent: 'east', numberId: 1, calls: 5 },
    { agent: 'newbie', numberId: 22, calls: 20 },
  ];
  const marks = [mark(1, '2026-03-05 10:00', '2026-03-20 10:00')];

  it('when one of 20 numbers in use was marked, then the sub-pool rate is 5% and its agent is not rewarded', () => {
    const r = monthlyMarkRates({ month: '2026-03', timeZone: TZ, usage, numbers, marks }, REWARD);
    expect(r.subPools).toEqual([
      { key: 'marketing/华东', calls: 220, numbersUsed: 20, numbersMarked: 0, markRate: 0 },
      { key: 'marketing/华北', calls: 205, numbersUsed: 20, numbersMarked: 1, markRate: 0.05 },
    ]);
    expect(r.agents.find((a) => a.key === 'east')).toMatchObject({
      subPools: ['marketing/华东'],
      subPoolMarkRate: 0,
      markRate: 1 / 21,
    });
    expect(r.rewardList.map((a) => a.key)).toEqual(['east']); // newbie: 20 calls < 100
  });

  it('when an agent is assigned to a sub-pool, then that assignment decides, not where most calls went', () => {
    const agentSubPools = new Map([['east', ['marketing/华北']]]);
    const r = monthlyMarkRates(
      { month: '2026-03', timeZone: TZ, usage, numbers, marks, agentSubPools },
      REWARD,
    );
    expect(r.rewardList.map((a) => a.key)).toEqual([]);
  });

  it('when call rows are given, then usage counts allowed, non-dry-run calls of the month per agent and number', () => {
    const base: CallRecord = {
      id: 1,
      agent: 'a',
      purpose: 'marketing',
      decision: 'allowed',
      reason: null,
      numberId: 3,
      status: 'completed',
      dryRun: false,
      decidedAt: at('2026-03-02 10:00'),
      usageDay: '2026-03-02',
      dialStatus: 'ANSWER',
      talkSeconds: 30,
      calleeProvince: null,
      calleeCity: null,
      calleeRegion: null,
    };
    const calls = [
      base,
      { ...base, id: 2 },
      { ...base, id: 3, dryRun: true },
      { ...base, id: 4, usageDay: '2026-04-01' },
    ];
    expect(agentNumberUsage(calls, '2026-03', TZ)).toEqual([{ agent: 'a', numberId: 3, calls: 2 }]);
  });
});
