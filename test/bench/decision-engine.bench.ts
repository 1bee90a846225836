// Decision latency on MariaDB over loopback (issue 2, acceptance 4): pools of 1k and 100k numbers
// with 1M callee-history rows and 1M past calls. Prints p50/p95/p99, decisions/s, CPU per decision,
// memory and load for a sequential run, paced (open-loop) runs and a concurrent run.
// Shorter runs: BENCH_HISTORY_ROWS, BENCH_POOLS, BENCH_PACED_RATES, BENCH_PACED_SECONDS, BENCH_SEQUENTIAL.
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import type { Core } from '../../plugin/core.ts';
import type { CallRequest } from '../../plugin/domain/call-request.ts';
import { toDbTime } from '../../plugin/store/connection/db-time.ts';
import { bumpReferenceVersion } from '../../plugin/store/reference/reference-repository.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { testCore } from '../support/test-core.ts';
import { formatSummary, memoryLine, summarize } from './stats.ts';

const HISTORY_ROWS = Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 6000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
const PACED_RATES = (process.env.BENCH_PACED_RATES ?? '50,200,500').split(',').map(Number);
const POOLS = (process.env.BENCH_POOLS ?? '1000,100000').split(',').map(Number);
const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 10:00 in China

// Home areas for the synthetic pool: [province, city, area code, region].
const CITIES: [string, string, string, string][] = [
  ['北京', '北京', '10', '华北'],
  ['天津', '天津', '22', '华北'],
  ['河北', '石家庄', '311', '华北'],
  ['上海', '上海', '21', '华东'],
  ['江苏', '南京', '25', '华东'],
  ['浙江', '杭州', '571', '华东'],
  ['广东', '广州', '20', '华南'],
  ['广东', '深圳', '755', '华南'],
  ['湖北', '武汉', '27', '华中'],
  ['四川', '成都', '28', '西南'],
  ['陕西', '西安', '29', '西北'],
  ['辽宁', '沈阳', '24', '东北'],
];

export async function runDecisionBench(log: (line: string) => void): Promise<void> {
  const tdb = await createTestDatabase('bench');
  try {
    const seeder = tdb.open(4);
    log(`seeding ${HISTORY_ROWS.toLocaleString()} callee-history rows and as many past calls …`);
    const t0 = performance.now();
    await seedHistory(seeder.knex, HISTORY_ROWS);
    log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const [phase, poolSize] of POOLS.entries()) {
      await seedPool(seeder.knex, poolSize);
      const core = testCore(tdb.open(CONCURRENCY + 4));
      await core.cache.current();
      await core.areas.warmUp();
      // Seeding garbage is not numpool's: collect it before measuring (npm run bench exposes gc).
      (globalThis as { gc?: () => void }).gc?.();
      await runPhase(core, poolSize, phase, log);
      await core.close();
    }
  } finally {
    await tdb.drop();
  }
}

async function runPhase(
  core: Core,
  poolSize: number,
  phase: number,
  log: (line: string) => void,
): Promise<void> {
  let seq = 0;
  const nextRequest = (): CallRequest => {
    seq++;
    // Half the callees were called before (many are then blocked by the 24 h / 30-day limits),
    // half are new; a third of the calls are marketing (with consent seeded for those callees).
    // Each phase draws its known callees from its own half of the history, so the second phase
    // does not meet the first phase's callees again (they would all be blocked by the 24 h limit).
    const known = seq % 2 === 0;
    const callee = known
      ? `139${String((phase * (HISTORY_ROWS >> 1) + seq * 7) % HISTORY_ROWS).padStart(8, '0')}`
      : `137${String(phase * 5_000_000 + seq).padStart(8, '0')}`;
    return { callee, agent: 'bench', purpose: seq % 3 === 0 ? 'marketing' : 'service', route: null };
  };
  const outcomes: Record<string, number> = {};
  const decideOnce = async (): Promise<number> => {
    const start = performance.now();
    const r = await core.engine.decide(nextRequest(), { now: new Date(NOW.getTime() + seq * 10) });
    const key = r.decision.kind === 'allowed' ? 'allowed' : r.decision.reason;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    return performance.now() - start;
  };

  for (let i = 0; i < 200; i++) await decideOnce(); // warm-up: JIT, connections, caches
  const pool = `pool ${poolSize.toLocaleString()}`;
  const report = (label: string, latencies: number[], wallStart: number, cpuStart: NodeJS.CpuUsage): void => {
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length);
    log(formatSummary(`${pool}: ${label}`, summarize(latencies, performance.now() - wallStart)));
    log(`    cpu/decision=${cpuMs.toFixed(2)} ms  ${memoryLine()}  loadavg=${loadLine()}`);
  };

  const sequential: number[] = [];
  let wall = performance.now();
  let cpu = process.cpuUsage();
  for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await decideOnce());
  report('sequential (1 in flight)', sequential, wall, cpu);

  for (const rate of PACED_RATES) {
    const paced: number[] = [];
    const count = rate * PACED_SECONDS;
    wall = performance.now();
    cpu = process.cpuUsage();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      // Open loop: each decision starts on schedule whether or not earlier ones have finished.
      const due = wall + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(decideOnce().then((ms) => void paced.push(ms)));
    }
    await Promise.all(pending);
    report(`paced ${rate} decisions/s`, paced, wall, cpu);
  }

  const concurrent: number[] = [];
  wall = performance.now();
  cpu = process.cpuUsage();
  let remaining = CONCURRENT;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining-- > 0) concurrent.push(await decideOnce());
    }),
  );
  report(`${CONCURRENCY} in flight`, concurrent, wall, cpu);
  log(`  (cpu/decision is this Node process only; MariaDB not counted)`);
  log(`  outcomes: ${JSON.stringify(outcomes)}`);
}

function loadLine(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function seedHistory(knex: Knex, rows: number): Promise<void> {
  const epoch = NOW.getTime();
  // Server-side generation from MariaDB's SEQUENCE engine: a million rows in seconds.
  await knex.raw(
    `INSERT INTO callee_history (callee_e164, first_called_at, last_called_at, last_number_id, calls_total)
     SELECT CONCAT('+86139', LPAD(seq, 8, '0')), FROM_UNIXTIME(? - 86400 * 40), FROM_UNIXTIME(? - (seq % 60) * 86400 - 3600),
            NULL, 1 + seq % 3
     FROM seq_0_to_${rows - 1}`,
    [epoch / 1000, epoch / 1000],
  );
  await knex.raw(
    `INSERT INTO calls (agent, callee_input, callee_e164, purpose, decision, status, decided_at, dry_run)
     SELECT 'seed', CONCAT('139', LPAD(seq, 8, '0')), CONCAT('+86139', LPAD(seq, 8, '0')), 'service', 'allowed',
            'completed', FROM_UNIXTIME(? - (seq % 60) * 86400 - 3600), 0
     FROM seq_0_to_${rows - 1}`,
    [epoch / 1000],
  );
  await knex.raw(
    `INSERT INTO consents (callee_e164, scope, granted_at, source)
     SELECT CONCAT('+86139', LPAD(seq, 8, '0')), 'marketing', '2025-01-01', 'bench' FROM seq_0_to_${rows - 1}`,
  );
  await knex('agents').insert({
    id: 'bench',
    marketing_trained: true,
    active: true,
    created_at: toDbTime(NOW),
    updated_at: toDbTime(NOW),
  });
  await knex('settings').insert({
    key: 'rules',
    value: JSON.stringify({ requireMarketingConsent: false }),
    updated_by: 'bench',
    updated_at: toDbTime(NOW),
  });
}

async function seedPool(knex: Knex, size: number): Promise<void> {
  await knex('number_daily_usage').del();
  await knex('numbers').del();
  const at = toDbTime(NOW);
  const rows = Array.from({ length: size }, (_, i) => {
    const [province, city, areaCode, region] = CITIES[i % CITIES.length]!;
    const local = String(10_000_000 + i).slice(-8);
    return {
      e164: `+86${areaCode}${local}`,
      national: `${areaCode}${local}`,
      type: 'landline',
      province,
      city,
      area_code: areaCode,
      region,
      purpose: i % 2 === 0 ? 'service' : 'marketing',
      tier: i % 5 === 4 ? 'reserve' : 'main',
      state: 'active',
      daily_cap: 20,
      warmup_cap: 5,
      created_at: at,
      updated_at: at,
    };
  });
  for (let i = 0; i < rows.length; i += 2000) await knex('numbers').insert(rows.slice(i, i + 2000));
  await bumpReferenceVersion(knex, 'bench', NOW);
}
