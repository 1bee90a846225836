// Builders for pool numbers, rules and decision facts used across unit, integration and bench code.
import type { Area } from '../../plugin/domain/areas/area.ts';
import type { CallRequest } from '../../plugin/domain/call-request.ts';
import type { DecisionFacts } from '../../plugin/domain/decision.ts';
import type { PoolNumber } from '../../plugin/domain/pool/pool-number.ts';
import type { Agent, CalleeFacts } from '../../plugin/domain/rules/callee-facts.ts';
import { DEFAULT_RULES, type Rules } from '../../plugin/domain/rules/rules.ts';
import { PoolIndex } from '../../plugin/domain/selection/pool-index.ts';

let nextId = 1;

export function poolNumber(overrides: Partial<PoolNumber> & Pick<PoolNumber, 'e164'>): PoolNumber {
  return {
    id: nextId++,
    type: 'landline',
    purpose: 'marketing',
    tier: 'main',
    state: 'active',
    dailyCap: 20,
    warmupCap: 5,
    route: null,
    province: null,
    city: null,
    region: null,
    answerRate: null,
    ...overrides,
  };
}

export const BEIJING: Area = {
  province: '北京',
  city: '北京',
  region: '华北',
  areaCode: '10',
  source: 'geocoder',
};
export const TIANJIN: Area = {
  province: '天津',
  city: '天津',
  region: '华北',
  areaCode: '22',
  source: 'geocoder',
};
export const SHANGHAI: Area = {
  province: '上海',
  city: '上海',
  region: '华东',
  areaCode: '21',
  source: 'geocoder',
};
export const SHENZHEN: Area = {
  province: '广东',
  city: '深圳',
  region: '华南',
  areaCode: '755',
  source: 'geocoder',
};
export const GUANGZHOU: Area = {
  province: '广东',
  city: '广州',
  region: '华南',
  areaCode: '20',
  source: 'geocoder',
};

export function numberIn(area: Area, e164: string, overrides: Partial<PoolNumber> = {}): PoolNumber {
  return poolNumber({ e164, province: area.province, city: area.city, region: area.region, ...overrides });
}

export const TRAINED: Agent = { id: '8001', marketingTrained: true, active: true };
export const UNTRAINED: Agent = { id: '8002', marketingTrained: false, active: true };

export interface Scenario {
  now: Date;
  request?: Partial<CallRequest>;
  rules?: Rules;
  agent?: Agent | null;
  facts?: Partial<CalleeFacts>;
  area?: Area;
  previousCalls?: Date[];
  stickyNumberId?: number | null;
  numbers?: PoolNumber[];
  used?: Record<number, number>;
}

const CONSENTED: CalleeFacts = {
  dnc: null,
  consent: { grantedAt: new Date('2025-01-01T00:00:00Z'), expiresAt: null, revokedAt: null },
};

/** Facts for decideCall: by default a trained agent, a consenting Beijing callee, never called. */
export function scenario(s: Scenario): DecisionFacts {
  const used = s.used ?? {};
  return {
    now: s.now,
    request: { callee: '13800138000', agent: '8001', purpose: 'marketing', route: null, ...s.request },
    rules: s.rules ?? DEFAULT_RULES,
    calendar: new Map(),
    agent: s.agent === undefined ? TRAINED : s.agent,
    factsFor: () => ({
      facts: { ...CONSENTED, ...s.facts },
      area: s.area ?? BEIJING,
      previousCalls: s.previousCalls ?? [],
      stickyNumberId: s.stickyNumberId ?? null,
    }),
    index: new PoolIndex(s.numbers ?? [numberIn(BEIJING, '+861088880001')]),
    usage: { used: (id) => used[id] ?? 0, version: 0 },
  };
}

/** An instant given as China local time, e.g. at('2026-03-02 10:00'). */
export function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

export function hoursBefore(date: Date, hours: number): Date {
  return new Date(date.getTime() - hours * 3_600_000);
}
