// A 90-day pool-health scenario on a real database (issue 4, acceptance 4): a pool in four cities,
// synthetic call rows every weekday, marks arriving from a scripted provider, a supervisor answering
// appeals, and the health jobs fired through the real JobScheduler once per simulated night.
import { answerAppeal, setMaterial, submitAppeal, type Appeal } from '../../plugin/domain/appeals/appeal.ts';
import { addDays } from '../../plugin/domain/health/civil-date.ts';
import type { MarkType } from '../../plugin/domain/health/mark.ts';
import type { MarkProvider } from '../../plugin/domain/marks/mark-provider.ts';
import { registerHealthJobs } from '../../plugin/jobs/health-jobs.ts';
import type { JobRunOutcome } from '../../plugin/jobs/job.ts';
import { JobScheduler } from '../../plugin/jobs/scheduler.ts';
import { createLogger } from '../../plugin/logger.ts';
import { listAlerts, type AlertRow } from '../../plugin/store/health/alert-repository.ts';
import { listAppeals, saveAppeal } from '../../plugin/store/health/appeal-repository.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import {
  loadHealthSettings,
  saveHealthSettings,
} from '../../plugin/store/health/health-settings-repository.ts';
import {
  loadHealthNumbers,
  type HealthNumber,
} from '../../plugin/store/numbers/number-lifecycle-repository.ts';
import { loadCalendarOverrides } from '../../plugin/store/reference/reference-repository.ts';
import { BEIJING, GUANGZHOU, SHANGHAI, SHENZHEN } from './pool-fixtures.ts';
import { seedNumbers, type SeedNumber } from './seed.ts';

export const SCENARIO_START = '2026-03-02'; // a Monday
export const SCENARIO_DAYS = 90;
const TZ = 'Asia/Shanghai';
const JOB_ORDER: readonly [string, string][] = [
  ['daily-stats', '00:20'],
  ['answer-rate-watch', '00:40'],
  ['mark-check', '06:00'],
  ['appeals', '06:30'],
  ['lifecycle', '07:00'],
];

interface PoolEntry {
  label: string;
  seed: SeedNumber;
  activatedOn?: string;
  /** Answer probability of the day's calls (the number's secret quality). */
  quality: (day: number) => number;
}

const good = (): number => 0.7;
const area = (a: typeof BEIJING): Pick<SeedNumber, 'province' | 'city' | 'region'> => ({
  province: a.province,
  city: a.city,
  region: a.region,
});

function entry(
  label: string,
  e164: string,
  city: typeof BEIJING,
  extra: { quality?: PoolEntry['quality']; activatedOn?: string; seed?: Partial<SeedNumber> } = {},
): PoolEntry {
  return {
    label,
    activatedOn: extra.seed?.state === 'new' ? undefined : (extra.activatedOn ?? '2026-01-10'),
    quality: extra.quality ?? good,
    seed: { e164, purpose: 'marketing', ...area(city), ...extra.seed },
  };
}

/** The pool: 4 main numbers per city, a ready reserve in three cities, 3 new numbers, 2 service lines. */
export const POOL: readonly PoolEntry[] = [
  entry('BJ-1', '+861088880001', BEIJING),
  entry('BJ-2', '+861088880002', BEIJING, { quality: (d) => (d < 30 ? 0.75 : 0.55) }),
  entry('BJ-3', '+861088880003', BEIJING),
  entry('BJ-4', '+861088880004', BEIJING),
  entry('SH-1', '+862166660001', SHANGHAI),
  entry('SH-2', '+862166660002', SHANGHAI),
  entry('SH-3', '+862166660003', SHANGHAI, { quality: () => 0.25 }),
  entry('SH-4', '+862166660004', SHANGHAI),
  entry('SZ-1', '+8675577770001', SHENZHEN),
  entry('SZ-2', '+8675577770002', SHENZHEN, { quality: () => 0.25 }),
  entry('SZ-3', '+8675577770003', SHENZHEN),
  entry('SZ-4', '+8675577770004', SHENZHEN),
  entry('GZ-1', '+862055550001', GUANGZHOU),
  entry('GZ-2', '+862055550002', GUANGZHOU),
  entry('GZ-3', '+862055550003', GUANGZHOU),
  entry('GZ-4', '+862055550004', GUANGZHOU),
  entry('BJ-R', '+861088889001', BEIJING, { seed: { tier: 'reserve' }, activatedOn: '2026-02-01' }),
  entry('SH-R', '+862166669001', SHANGHAI, { seed: { tier: 'reserve' }, activatedOn: '2026-02-01' }),
  entry('GZ-R', '+862055559001', GUANGZHOU, { seed: { tier: 'reserve' }, activatedOn: '2026-02-01' }),
  entry('NEW-SH', '+862166668001', SHANGHAI, { seed: { state: 'new' } }),
  entry('NEW-SZ', '+8675577778001', SHENZHEN, { seed: { state: 'new' } }),
  entry('NEW-GZ', '+862055558001', GUANGZHOU, { seed: { state: 'new' } }),
  entry('SVC-BJ-1', '+861088887001', BEIJING, { seed: { purpose: 'service' } }),
  entry('SVC-BJ-2', '+861088887002', BEIJING, { seed: { purpose: 'service' } }),
];

interface ScriptedMark {
  label: string;
  fromDay: number;
  /** The platform stops reporting it from this day (an approved appeal removed it). */
  untilDay?: number;
  platform: string;
  type: MarkType;
  count: number;
}

/** What the platforms report, by day. */
export const MARK_SCRIPT: readonly ScriptedMark[] = [
  { label: 'NEW-GZ', fromDay: 0, platform: '360', type: 'sales', count: 2 },
  { label: 'SZ-2', fromDay: 10, platform: 'tencent', type: 'sales', count: 4 },
  { label: 'SH-1', fromDay: 15, untilDay: 36, platform: 'baidu', type: 'fraud', count: 1 },
  { label: 'GZ-1', fromDay: 20, untilDay: 25, platform: '360', type: 'harassment', count: 3 },
  { label: 'GZ-1', fromDay: 25, platform: '360', type: 'harassment', count: 7 },
];

/** The supervisor's appeal work, done during the working day (after that night's jobs). */
const SUPERVISOR: readonly {
  day: number;
  label: string;
  act: 'submit' | 'approve' | 'reject';
  platform: string;
}[] = [
  { day: 16, label: 'SH-1', act: 'submit', platform: 'baidu' },
  { day: 26, label: 'GZ-1', act: 'submit', platform: '360' },
  { day: 29, label: 'GZ-1', act: 'reject', platform: '360' },
  { day: 36, label: 'SH-1', act: 'approve', platform: 'baidu' },
];

export interface ScenarioNumber {
  label: string;
  id: number;
  state: string;
  tier: string;
  dailyCap: number;
  activatedOn: string | null;
  releasedOn: string | null;
}

export interface ScenarioResult {
  numbers: Map<string, ScenarioNumber>;
  alerts: AlertRow[];
  calls: number;
  jobRuns: number;
  /** Notable job outcomes per day, in labels: 'day 15 mark-check: disabled SH-1'. */
  events: string[];
  elapsedMs: number;
}

/** 10:00 local on `date` plus `minutes`, as an instant (China has no DST). */
function localInstant(date: string, hhmm: string, minutes = 0): Date {
  return new Date(new Date(`${date}T${hhmm}:00+08:00`).getTime() + minutes * 60_000);
}

function scriptedProvider(
  clockDay: () => number,
  labelOf: (e164: string) => string | undefined,
): MarkProvider {
  return {
    name: 'scripted',
    check: (e164, now) => {
      const label = labelOf(e164);
      const day = clockDay();
      const observations = MARK_SCRIPT.filter(
        (m) => m.label === label && m.fromDay <= day && (m.untilDay === undefined || day < m.untilDay),
      ).map((m) => ({
        platform: m.platform,
        type: m.type,
        count: m.count,
        seenAt: now,
        source: 'provider' as const,
      }));
      return Promise.resolve({ ok: true, observations });
    },
  };
}

export async function runHealthScenario(db: Database, days = SCENARIO_DAYS): Promise<ScenarioResult> {
  const started = Date.now();
  const { knex } = db;
  const start = localInstant(SCENARIO_START, '00:00');
  await saveHealthSettings(knex, { retiredHoldDays: 30 }, { kind: 'system', name: 'scenario' }, start);
  await seedNumbers(
    knex,
    POOL.map((p) => p.seed),
  );
  for (const p of POOL) {
    if (p.activatedOn)
      await knex('numbers').where({ e164: p.seed.e164 }).update({ activated_on: p.activatedOn });
  }
  const byE164 = new Map(POOL.map((p) => [p.seed.e164, p]));
  const labelOf = new Map<number, string>();
  for (const n of await loadHealthNumbers(knex)) labelOf.set(n.id, byE164.get(n.e164)?.label ?? String(n.id));

  let now = start;
  let day = 0;
  const scheduler = new JobScheduler({
    db,
    logger: createLogger('silent'),
    holder: 'scenario',
    clock: () => now,
    cronTrigger: () => ({ start: () => undefined, stop: () => undefined, nextRun: () => null }),
  });
  registerHealthJobs(scheduler, {
    db,
    timeZone: TZ,
    markProvider: () =>
      Promise.resolve(
        scriptedProvider(
          () => day,
          (e) => byE164.get(e)?.label,
        ),
      ),
  });

  const events: string[] = [];
  // An open condition is reported by every run while it lasts; the story tells its first report.
  const seen = new Set<string>();
  let calls = 0;
  let jobRuns = 0;
  for (day = 0; day < days; day++) {
    const date = addDays(SCENARIO_START, day);
    for (const [job, hhmm] of JOB_ORDER) {
      now = localInstant(date, hhmm);
      const outcome = await scheduler.fireTick(job, now);
      jobRuns += 1;
      if (outcome.status !== 'ok') throw new Error(`day ${day} ${job}: ${describeOutcome(outcome)}`);
      for (const line of notable(job, outcome.summary, labelOf)) {
        const what = line.replace(/^[a-z-]+: /, '');
        if (seen.has(what)) continue;
        seen.add(what);
        events.push(`day ${String(day).padStart(2)} ${date} ${line}`);
      }
    }
    now = localInstant(date, '09:00');
    await supervise(db, day, now, labelOf);
    calls += await placeCalls(db, date, day, byE164);
  }
  await scheduler.stop();

  const numbers = new Map<string, ScenarioNumber>();
  const all = (await knex('numbers').select(
    'id',
    'e164',
    'state',
    'tier',
    'daily_cap',
    'activated_on',
    'released_on',
  )) as {
    id: number;
    e164: string;
    state: string;
    tier: string;
    daily_cap: number;
    activated_on: string | null;
    released_on: string | null;
  }[];
  for (const r of all) {
    const label = byE164.get(r.e164)?.label ?? r.e164;
    numbers.set(label, {
      label,
      id: Number(r.id),
      state: r.state,
      tier: r.tier,
      dailyCap: Number(r.daily_cap),
      activatedOn: r.activated_on === null ? null : String(r.activated_on).slice(0, 10),
      releasedOn: r.released_on === null ? null : String(r.released_on).slice(0, 10),
    });
  }
  return { numbers, alerts: await listAlerts(knex), calls, jobRuns, events, elapsedMs: Date.now() - started };
}

/** Every main-tier number in service places its cap (warm-up quota while warming) on weekdays. */
async function placeCalls(
  db: Database,
  date: string,
  day: number,
  byE164: Map<string, PoolEntry>,
): Promise<number> {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return 0;
  const rows: Record<string, unknown>[] = [];
  for (const n of await loadHealthNumbers(db.knex)) {
    if (n.tier !== 'main' || (n.state !== 'active' && n.state !== 'warming')) continue;
    const entryOf = byE164.get(n.e164);
    const attempts = n.state === 'warming' ? Math.min(n.warmupCap, n.dailyCap) : n.dailyCap;
    const answered = Math.round(attempts * (entryOf?.quality(day) ?? 0.7));
    for (let i = 0; i < attempts; i++) rows.push(callRow(n, date, i, i < answered));
  }
  for (let i = 0; i < rows.length; i += 500) await db.knex('calls').insert(rows.slice(i, i + 500));
  return rows.length;
}

function callRow(n: HealthNumber, date: string, i: number, answered: boolean): Record<string, unknown> {
  const decidedAt = localInstant(date, '10:00', i * 20);
  const callee = `1390${String(n.id).padStart(3, '0')}${String(i).padStart(4, '0')}`;
  return {
    server_id: 'sim',
    agent: `agent-${n.city ?? 'x'}`,
    callee_input: callee,
    callee_e164: `+86${callee}`,
    purpose: n.purpose,
    decision: 'allowed',
    number_id: n.id,
    caller_id: n.e164,
    usage_day: date,
    status: 'completed',
    decided_at: toDbTime(decidedAt),
    dial_status: answered ? 'ANSWER' : 'NOANSWER',
    talk_seconds: answered ? 45 + (i % 7) * 10 : 0,
    ended_at: toDbTime(new Date(decidedAt.getTime() + 90_000)),
  };
}

async function supervise(db: Database, day: number, now: Date, labelOf: Map<number, string>): Promise<void> {
  const actor = { kind: 'user' as const, name: 'supervisor' };
  for (const s of SUPERVISOR.filter((x) => x.day === day)) {
    const id = [...labelOf].find(([, l]) => l === s.label)?.[0];
    if (id === undefined) throw new Error(`no number ${s.label}`);
    const health = await loadHealthSettings(db.knex);
    const appeals = await listAppeals(db.knex, { numberId: id });
    let appeal: Appeal | undefined = appeals.find(
      (a) => a.platform === s.platform && (a.status === 'draft' || a.status === 'submitted'),
    );
    if (s.act === 'submit') {
      appeal ??= {
        id: null,
        numberId: id,
        platform: s.platform,
        status: 'draft',
        urgent: false,
        materials: Object.fromEntries(health.appeals.materials.map((m) => [m, false])),
        submittedAt: null,
        dueOn: null,
        answeredAt: null,
        outcomeNote: null,
        createdBy: actor.name,
      };
      for (const item of Object.keys(appeal.materials)) appeal = ok(setMaterial(appeal, item, true));
      const calendar = await loadCalendarOverrides(db.knex);
      appeal = ok(submitAppeal(appeal, { now, timeZone: TZ, calendar }, health));
    } else {
      if (!appeal) throw new Error(`day ${day}: no open appeal for ${s.label}`);
      appeal = ok(
        answerAppeal(appeal, s.act === 'approve' ? 'approved' : 'rejected', {
          now,
          note: `platform ${s.act}d`,
        }),
      );
    }
    const toSave = appeal;
    await db.knex.transaction((trx) => saveAppeal(trx, toSave, actor, now));
  }
}

function ok(result: { ok: true; appeal: Appeal } | { ok: false; error: { message: string } }): Appeal {
  if (!result.ok) throw new Error(result.error.message);
  return result.appeal;
}

function describeOutcome(outcome: JobRunOutcome): string {
  return outcome.status === 'failed' ? `${outcome.error.code}: ${outcome.error.message}` : outcome.status;
}

/** A job run's outcomes worth a line, numbers named by label. */
function notable(job: string, summary: Record<string, unknown>, labels: Map<number, string>): string[] {
  const name = (id: unknown): string => labels.get(Number(id)) ?? String(id);
  const names = (ids: unknown): string =>
    Array.isArray(ids)
      ? ids
          .map((x) => name(typeof x === 'object' && x !== null ? (x as { numberId: number }).numberId : x))
          .join(', ')
      : '';
  const lines: string[] = [];
  const add = (what: string, ids: unknown): void => {
    if (Array.isArray(ids) && ids.length > 0) lines.push(`${job}: ${what} ${names(ids)}`);
  };
  const promotions = summary.promotions as
    { promoted: { leavingId: number; reserveId: number }[]; noReserve: number[] } | undefined;
  if (promotions) {
    for (const p of promotions.promoted)
      lines.push(`${job}: reserve ${name(p.reserveId)} promoted for ${name(p.leavingId)}`);
    add('no reserve for', promotions.noReserve);
  }
  add('suspended (> 5 marks)', summary.suspended);
  add('disabled (fraud mark), urgent appeal opened, calls listed for', summary.disabled);
  add('rotated out (baseline drop)', summary.rotatedOut);
  add('appealing', summary.appealing);
  const answered = summary.answered as { numberId: number; status: string; to: string | null }[] | undefined;
  for (const a of answered ?? [])
    lines.push(`${job}: appeal ${a.status} for ${name(a.numberId)} → ${a.to ?? 'unchanged'}`);
  const warmup = summary.warmup as { started: number[]; promoted: number[] } | undefined;
  const review = summary.review as
    { retired: number[]; extended: unknown[]; watched: number[]; released: number[] } | undefined;
  if (warmup) {
    add('warm-up started for', warmup.started);
    add('warm-up promoted to active', warmup.promoted);
  }
  if (review) {
    add('retired at review', review.retired);
    add('extended at review, cap 20 → 15', review.extended);
    add('watched at review', review.watched);
    add('released after the hold', review.released);
  }
  return lines;
}

/** The printed summary of a run: end states, alerts by kind, the notable events. */
export function scenarioSummary(r: ScenarioResult): string[] {
  const lines = [
    `${SCENARIO_DAYS} days from ${SCENARIO_START}: ${r.calls} calls, ${r.jobRuns} job runs, ${(r.elapsedMs / 1000).toFixed(1)} s`,
  ];
  const byState = new Map<string, string[]>();
  for (const n of r.numbers.values()) {
    const key = `${n.state}/${n.tier}`;
    byState.set(key, [
      ...(byState.get(key) ?? []),
      `${n.label}${n.dailyCap !== 20 ? `(cap ${n.dailyCap})` : ''}${n.releasedOn ? `(released ${n.releasedOn})` : ''}`,
    ]);
  }
  lines.push('end states:');
  for (const [key, labels] of [...byState].sort()) lines.push(`  ${key.padEnd(18)} ${labels.join(' ')}`);
  const kinds = new Map<string, number>();
  for (const a of r.alerts) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  lines.push(
    `alerts: ${[...kinds]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} (${r.alerts.filter((a) => a.resolvedAt === null).length} open)`,
  );
  lines.push('events:', ...r.events.map((e) => `  ${e}`));
  return lines;
}
