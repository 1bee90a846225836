// Issue 4, acceptance 4: a 90-day simulated pool on MariaDB ends with the states, reserves and alerts
// a supervisor would expect. The jobs run through the real JobScheduler, one tick per simulated night.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHealthScenario, scenarioSummary, type ScenarioResult } from '../support/health-scenario.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let tdb: TestDatabase;
let result: ScenarioResult;

beforeAll(async () => {
  tdb = await createTestDatabase('health90');
  result = await runHealthScenario(tdb.open());
  if (process.env.NUMPOOL_SCENARIO_PRINT) process.stdout.write(`${scenarioSummary(result).join('\n')}\n`);
}, 120_000);

afterAll(async () => {
  await tdb.drop();
});

function number(label: string): { state: string; tier: string; dailyCap: number; releasedOn: string | null } {
  const n = result.numbers.get(label);
  if (!n) throw new Error(`no number ${label}`);
  return n;
}

function alertsFor(kind: string, label?: string): number {
  const id = label === undefined ? undefined : result.numbers.get(label)?.id;
  return result.alerts.filter((a) => a.kind === kind && (id === undefined || a.numberId === id)).length;
}

describe('a 90-day pool', () => {
  it('when the fraud-marked number is appealed and approved after 3 weeks out, then it came back through warm-up and is active', () => {
    expect(number('SH-1')).toMatchObject({ state: 'active', tier: 'main', dailyCap: 20 });
    expect(alertsFor('fraud-mark', 'SH-1')).toBe(1);
    expect(result.events.some((e) => /appeal approved for SH-1 → warming/.test(e))).toBe(true);
    expect(result.events.some((e) => /warm-up promoted to active SH-1/.test(e))).toBe(true);
  });

  it('when its urgent appeal was answered late, then an urgent overdue alert was raised and resolved by the answer', () => {
    const overdue = result.alerts.filter(
      (a) => a.kind === 'appeal-overdue' && a.numberId === result.numbers.get('SH-1')?.id,
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ severity: 'urgent' });
    expect(overdue[0]?.resolvedAt).not.toBeNull();
  });

  it('when a number got more than 5 marks and its appeal was rejected, then it stays suspended with a rejection alert', () => {
    expect(number('GZ-1')).toMatchObject({ state: 'suspended', tier: 'main' });
    expect(alertsFor('suspended-marks', 'GZ-1')).toBe(1);
    expect(alertsFor('appeal-answered', 'GZ-1')).toBe(1);
  });

  it('when active numbers left service, then the reserve of the same area replaced each, and no reserve is left', () => {
    for (const reserve of ['BJ-R', 'SH-R', 'GZ-R'])
      expect(number(reserve)).toMatchObject({ state: 'active', tier: 'main' });
    expect(result.events).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/reserve SH-R promoted for SH-1/),
        expect.stringMatching(/reserve GZ-R promoted for GZ-1/),
        expect.stringMatching(/reserve BJ-R promoted for BJ-2/),
      ]),
    );
  });

  it('when a number fell 20 points below its own baseline, then it was rotated out to cool in the reserve tier', () => {
    expect(number('BJ-2')).toMatchObject({ state: 'cooling', tier: 'reserve' });
  });

  it('when a number answered 25% for days, then it was flagged for investigation once and watched at its review', () => {
    expect(alertsFor('low-answer-rate', 'SH-3')).toBe(1);
    expect(alertsFor('review-watch', 'SH-3')).toBe(1);
    expect(number('SH-3')).toMatchObject({ state: 'active', dailyCap: 20 });
  });

  it('when the 3-month review found many marks and a low answer rate, then the number was retired, not replaced, and released after the hold', () => {
    expect(number('SZ-2')).toMatchObject({ state: 'retired', releasedOn: '2026-05-10' });
    expect(alertsFor('no-reserve', 'SZ-2')).toBe(1);
  });

  it('when good numbers passed the 3-month review, then their cap went from 20 to 15', () => {
    for (const label of ['BJ-1', 'SH-2', 'SZ-1', 'GZ-2', 'SVC-BJ-1', 'BJ-R', 'SH-R', 'GZ-R'])
      expect(number(label)).toMatchObject({ state: 'active', dailyCap: 15 });
  });

  it('when new numbers checked clean, then they warmed up and became active; a marked new number never started', () => {
    expect(number('NEW-SH')).toMatchObject({ state: 'active', tier: 'main', dailyCap: 20 });
    expect(number('NEW-SZ')).toMatchObject({ state: 'active', tier: 'main', dailyCap: 20 });
    expect(number('NEW-GZ')).toMatchObject({ state: 'new' });
  });

  it('when reserves were used up, then reserve and replenishment alerts are open for the sub-pools', () => {
    const open = result.alerts.filter((a) => a.resolvedAt === null);
    expect(
      open.some((a) => a.kind === 'sizing' && a.subPool === 'marketing/华南' && /reserve/.test(a.message)),
    ).toBe(true);
    expect(open.some((a) => a.kind === 'replenishment' && a.subPool === 'marketing/华北')).toBe(true);
  });

  it('when every job ran each night, then every run succeeded and every in-service number placed calls', () => {
    expect(result.jobRuns).toBe(450);
    expect(result.calls).toBeGreaterThan(20_000);
  });
});
