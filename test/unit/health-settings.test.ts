// Health settings: seed defaults, validation with every problem listed, unknown keys refused.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS, parseHealthSettings } from '../../plugin/domain/health/health-settings.ts';

describe('health settings', () => {
  it('when nothing is stored, then the seed document’s numbers are the defaults', () => {
    const s = DEFAULT_HEALTH_SETTINGS;
    expect(s.marks.suspendAbove).toBe(5);
    expect(s.marks.disablingTypes).toEqual(['fraud']);
    expect(s.answerRate).toMatchObject({ floor: 0.4, consecutiveDays: 3, minCallsPerDay: 10 });
    expect(s.baseline.dropPoints).toBe(5);
    expect(s.warmup).toMatchObject({ minCallsPerDay: 5, maxCallsPerDay: 10 });
    expect(s.review).toMatchObject({ periodMonths: 3, retireBelowAnswerRate: 0.3, extendedCap: 15 });
    expect(s.reserve).toMatchObject({ minRatio: 0.2, maxRatio: 0.3 });
    expect(s.replenishment).toEqual({ minMonthlyRatio: 0.1, maxMonthlyRatio: 0.2 });
    expect(s.appeals.materials).toEqual(['营业执照', '号码使用证明', '业务合法性说明']);
    expect(s.appeals.dueBusinessDays).toBe(3);
    expect(s.agentReward.maxSubPoolMarkRate).toBe(0.05);
    expect(s.sizing.callsPerNumberPerDay).toBe(20);
  });

  it('when a section is partly given, then the rest of it keeps its defaults', () => {
    const r = parseHealthSettings({ answerRate: { floor: 0.35 }, marks: { platforms: ['360', 'tencent'] } });
    expect(r.ok && r.settings.answerRate).toMatchObject({ floor: 0.35, consecutiveDays: 3 });
    expect(r.ok && r.settings.marks.platforms).toEqual(['360', 'tencent']);
  });

  it.each([
    [{ answerRate: { floor: 1.4 } }, 'answerRate.floor'],
    [{ warmup: { minCallsPerDay: 12, maxCallsPerDay: 10 } }, 'warmup.minCallsPerDay'],
    [{ reserve: { minRatio: 0.4 } }, 'reserve.minRatio'],
    [{ review: { manyMarks: 0 } }, 'review.manyMarks'],
    [{ marks: { platforms: ['360', '360'] } }, 'marks.platforms'],
    [{ answerRate: { flor: 0.3 } }, 'answerRate'],
    [{ sizes: {} }, '(root)'],
  ])('when the input is %j, then it is refused naming %s', (input, path) => {
    const r = parseHealthSettings(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.some((p) => p.startsWith(path))).toBe(true);
  });

  it('when several values are wrong, then every problem is listed at once', () => {
    const r = parseHealthSettings({ answerRate: { floor: -1, consecutiveDays: 0 } });
    expect(!r.ok && r.problems.length).toBe(2);
  });
});
