// The number pool, agents and rules the real-Asterisk tests start from. numpool decides with the
// real wall clock, so the rules open every day (workday, weekend, holiday) all day, with the
// quiet hours (they cannot be empty) put twelve hours away from now.
import type { Knex } from 'knex';
import { toLocalTime } from '../../../plugin/domain/calendar/local-time.ts';
import type { TimeRange, WindowPolicy } from '../../../plugin/domain/calendar/call-window.ts';
import { saveRules } from '../../../plugin/store/reference/reference-repository.ts';
import { seedAgent, seedNumbers } from '../../support/seed.ts';

export const TIME_ZONE = 'Asia/Shanghai';
export const TRAINED_AGENT = '8001';
export const UNTRAINED_AGENT = '8002';
/** Beijing landlines: what a Beijing callee is presented (the trunk sees 0 + national number). */
export const BEIJING_MARKETING_NUMBER = '+861088880001';
export const BEIJING_SERVICE_NUMBER = '+861066660001';

const ALL_DAY: TimeRange[] = [{ from: '00:00', to: '24:00' }];

/** Minutes of the day in the pool's time zone, `offsetMinutes` from now, as HH:MM. */
export function localHhmm(now: Date, offsetMinutes: number): string {
  const minutes = (((toLocalTime(now, TIME_ZONE).minutes + offsetMinutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Today's date in the pool's time zone (YYYY-MM-DD). */
export function localDate(now: Date): string {
  return toLocalTime(now, TIME_ZONE).date;
}

/** A window policy open all day every kind of day, quiet for one minute twelve hours from now. */
export function openAllDay(now: Date, overrides: Partial<WindowPolicy> = {}): WindowPolicy {
  return {
    timeZone: TIME_ZONE,
    workdayWindows: ALL_DAY,
    weekendWindows: ALL_DAY,
    holidayWindows: ALL_DAY,
    quietHours: { from: localHhmm(now, 720), to: localHhmm(now, 721) },
    ...overrides,
  };
}

/** Rules that let every purpose call now; the rest are numpool's defaults (frequency C4 included). */
export function openRules(now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    windows: { service: openAllDay(now), marketing: openAllDay(now), urgent: openAllDay(now) },
    ...extra,
  };
}

/** Stores the rules as `numpool rules set` does (validated, audited, reference version bumped). */
export async function setRules(knex: Knex, rules: Record<string, unknown>): Promise<void> {
  await saveRules(knex, rules, { kind: 'cli', name: 'asterisk-tier' }, new Date());
}

/** One Beijing marketing and one Beijing service number, a trained and an untrained agent, open rules. */
export async function seedBasicPool(knex: Knex, now: Date): Promise<void> {
  await seedNumbers(knex, [
    { e164: BEIJING_MARKETING_NUMBER, purpose: 'marketing', province: '北京', city: '北京', region: '华北' },
    { e164: BEIJING_SERVICE_NUMBER, purpose: 'service', province: '北京', city: '北京', region: '华北' },
  ]);
  await seedAgent(knex, TRAINED_AGENT, true);
  await seedAgent(knex, UNTRAINED_AGENT, false);
  await setRules(knex, openRules(now));
}

/** The caller ID a trunk is given for a landline pool number: national format with its 0. */
export function presentedLandline(e164: string): string {
  return `0${e164.replace(/^\+86/, '')}`;
}
