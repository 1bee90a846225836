// Reserve promotion when numbers leave service (P5, L4), sizing per sub-pool (P4) and the monthly
// replenishment suggestion (L4).
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../plugin/domain/health/health-settings.ts';
import { adviseSizing } from '../../plugin/domain/lifecycle/pool-sizing.ts';
import { planReservePromotions } from '../../plugin/domain/lifecycle/reserve-promotion.ts';
import type { PoolNumber } from '../../plugin/domain/pool/pool-number.ts';
import { BEIJING, GUANGZHOU, numberIn, poolNumber, SHENZHEN, TIANJIN } from '../support/pool-fixtures.ts';

const S = DEFAULT_HEALTH_SETTINGS;

describe('reserve promotion', () => {
  const leaving = numberIn(SHENZHEN, '+8675500000001', { id: 1 });
  const reserve = (id: number, area = SHENZHEN, over: Partial<PoolNumber> = {}): PoolNumber =>
    numberIn(area, `+86755000001${id}`, { id, tier: 'reserve', ...over });

  it('when a Shenzhen number leaves, then a Shenzhen reserve is preferred over a Guangzhou one', () => {
    const plan = planReservePromotions([leaving], [reserve(11, GUANGZHOU), reserve(12)], S.reserve);
    expect(plan.promotions).toEqual([
      {
        leavingId: 1,
        reserveId: 12,
        match: 'city',
        reason: 'replaces number 1 (marketing, same city) leaving service',
      },
    ]);
  });

  it('when no reserve is in the city, then the same province and then region is used', () => {
    expect(planReservePromotions([leaving], [reserve(11, GUANGZHOU)], S.reserve).promotions[0]?.match).toBe(
      'province',
    );
  });

  it.each([
    ['a different purpose', reserve(11, SHENZHEN, { purpose: 'service' })],
    ['not warmed up (new)', reserve(11, SHENZHEN, { state: 'new' })],
    ['suspended', reserve(11, SHENZHEN, { state: 'suspended' })],
    ['in another region (華北)', reserve(11, BEIJING)],
    ['already in the main tier', reserve(11, SHENZHEN, { tier: 'main' })],
  ])('when the only reserve is %s, then nothing is promoted and the gap is reported', (_, r) => {
    expect(planReservePromotions([leaving], [r], S.reserve)).toEqual({
      promotions: [],
      unmatched: [{ leavingId: 1, reason: 'NO_RESERVE' }],
    });
  });

  it('when the area match is widened to any, then a reserve from another region is promoted', () => {
    expect(
      planReservePromotions([leaving], [reserve(11, BEIJING)], { ...S.reserve, matchArea: 'any' })
        .promotions[0]?.match,
    ).toBe('any');
  });

  it('when two numbers leave and one reserve is ready, then it is used once', () => {
    const second = numberIn(SHENZHEN, '+8675500000002', { id: 2 });
    const plan = planReservePromotions([leaving, second], [reserve(12)], S.reserve);
    expect(plan.promotions.map((p) => p.reserveId)).toEqual([12]);
    expect(plan.unmatched).toEqual([{ leavingId: 2, reason: 'NO_RESERVE' }]);
  });
});

describe('sizing and replenishment', () => {
  const pool = (active: number, reserve: number, warming = 0): PoolNumber[] => [
    ...Array.from({ length: active }, (_, i) => numberIn(TIANJIN, `+862200${i}`)),
    ...Array.from({ length: warming }, (_, i) => numberIn(TIANJIN, `+862201${i}`, { state: 'warming' })),
    ...Array.from({ length: reserve }, (_, i) => numberIn(TIANJIN, `+862202${i}`, { tier: 'reserve' })),
    poolNumber({ e164: '+862203', region: '华北', state: 'retired' }),
  ];

  it('when 1000 calls/day are forecast, then 50 numbers are needed (1000 ÷ 20) and 50 + 10 reserve is healthy', () => {
    const [advice] = adviseSizing(
      pool(50, 10),
      [{ subPool: 'marketing/华北', forecastDailyVolume: 1000, lostLastMonth: 0 }],
      S,
    );
    expect(advice).toMatchObject({
      required: 50,
      inService: 50,
      dailyCapacity: 1000,
      mainPool: 50,
      readyReserve: 10,
      reserveRatio: 0.2,
      reserveStatus: 'ok',
      alerts: [],
      replenishment: 5,
    });
  });

  it('when the pool is short and the reserve below 20%, then both are alerted and replenishment covers the gap', () => {
    const [advice] = adviseSizing(
      pool(40, 5, 4),
      [{ subPool: 'marketing/华北', forecastDailyVolume: 1000, lostLastMonth: 3 }],
      S,
    );
    expect(advice).toMatchObject({
      required: 50,
      inService: 44,
      dailyCapacity: 820,
      reserveStatus: 'under',
      replenishment: 3 + 6 + 5,
    });
    expect(advice?.alerts).toEqual([
      'undersized: 44 numbers in service, 50 needed for 1000 calls/day',
      'capacity 820 calls/day is below the forecast 1000',
      'reserve 5 is below 20% of the pool (10 needed)',
    ]);
  });

  it('when many numbers were lost but the pool is not short, then the suggestion is capped at 20%', () => {
    const [advice] = adviseSizing(
      pool(50, 12),
      [{ subPool: 'marketing/华北', forecastDailyVolume: 1000, lostLastMonth: 30 }],
      S,
    );
    expect(advice?.replenishment).toBe(10);
  });

  it('when the reserve is above 30%, then it is reported as surplus', () => {
    const [advice] = adviseSizing(
      pool(50, 16),
      [{ subPool: 'marketing/华北', forecastDailyVolume: 1000, lostLastMonth: 0 }],
      S,
    );
    expect(advice?.reserveStatus).toBe('over');
  });
});
