// The outbound hook against a real Asterisk 22 (../shared/asterisk/real, or NUMPOOL_TEST_ASTERISK_DIR):
// numpool in-process with the real ari-client and asterisk-manager, decisions on MariaDB; agent
// calls originated over AMI by a child process at 10, 100 and 200 calls/s. Reports the hook
// latency (StasisStart received → the 204 of `continue`), CPU per call, and the post-dial delay
// numpool adds over the `baseline` context, read from Asterisk's own AMI timestamps. Figures only:
// nothing here asserts a time. Runs alone with `BENCH_ONLY=real-asterisk npm run bench`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seedHookBenchPool } from './hook-bench-pool.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { LoadProcess } from './asterisk-load.ts';
import type { BurstResult } from './asterisk-load-process.ts';
import { ProcessCpu } from './process-cpu.ts';
import { startBenchNumpool } from './real-asterisk-numpool.ts';
import { formatSummary, memoryLine, percentile, summarize } from './stats.ts';

const RATES = (process.env.BENCH_REAL_RATES ?? '10,100,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_REAL_SECONDS ?? 10);
const [ARI_PORT = 8388, AMI_PORT = 5338] = (process.env.BENCH_REAL_PORTS ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REAL_DIR = process.env.NUMPOOL_TEST_ASTERISK_DIR ?? join(REPO, '../shared/asterisk/real');
const RUN_DIR = join(tmpdir(), 'numpool-bench-asterisk');
const run = promisify(execFile);

export async function runRealAsteriskBench(log: (line: string) => void): Promise<void> {
  if (!existsSync(join(REAL_DIR, 'start.sh'))) {
    log(`  skipped: no real Asterisk at ${REAL_DIR} (set NUMPOOL_TEST_ASTERISK_DIR)`);
    return;
  }
  // The dialplan trace of a run is ~100 MB; only the last run's is kept.
  for (const file of ['full', 'messages.log'])
    rmSync(join(RUN_DIR, 'var/log/asterisk', file), { force: true });
  await run(join(REAL_DIR, 'start.sh'), [
    RUN_DIR,
    join(REPO, 'dialplan/numpool.conf'),
    String(ARI_PORT),
    String(AMI_PORT),
  ]);
  // The test PBX's cdr_csv writes here; without the directory every call logs an ERROR and a
  // WARNING, which would be counted as Asterisk's cost of a call.
  mkdirSync(join(RUN_DIR, 'var/log/asterisk/cdr-csv'), { recursive: true });
  const tdb = await createTestDatabase('realbench');
  const load = await LoadProcess.start(AMI_PORT);
  try {
    await seedHookBenchPool(tdb.open(2).knex);
    const numpool = await startBenchNumpool({
      dbUrl: tdb.url,
      database: tdb.open(20),
      ariPort: ARI_PORT,
      amiPort: AMI_PORT,
    });
    const asterisk = ProcessCpu.ofPidFile(join(RUN_DIR, 'var/run/asterisk/asterisk.pid'));
    const mariadb = await ProcessCpu.ofCommand('mariadbd', 'mysqld');
    log(`  Asterisk 22.10.1 in ${RUN_DIR} (ARI ${ARI_PORT}, AMI ${AMI_PORT}); ${SECONDS} s per rate`);
    let prefix = 30;
    const burst = (context: string, rate: number, count: number): Promise<BurstResult> =>
      load.burst({ type: 'burst', context, rate, count, prefix: String(prefix++) });
    // Warm-up: JIT, connection pools, Asterisk's threads.
    await burst('from-agents', 20, 60);
    await burst('baseline', 20, 60);
    for (const rate of RATES) {
      const count = Math.round(rate * SECONDS);
      const asteriskBase0 = asterisk.ms();
      const baseline = await burst('baseline', rate, count);
      const asteriskBaseline = (asterisk.ms() - asteriskBase0) / count;
      numpool.reset();
      const [asterisk0, mariadb0, cpu0, wall0] = [
        asterisk.ms(),
        mariadb.ms(),
        process.cpuUsage(),
        performance.now(),
      ];
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const through = await burst('from-agents', rate, count);
      loop.disable();
      const wall = performance.now() - wall0;
      const cpu = process.cpuUsage(cpu0);
      const perCall = (ms: number): string => (ms / count).toFixed(2);
      log(
        formatSummary(
          `hook at ${rate} calls/s (StasisStart → continue 204)`,
          summarize(numpool.latencies, wall),
        ),
      );
      log(`  of which the decision (MariaDB included): ${p50p99(numpool.decisionMs)}`);
      log(
        `  CPU per call: numpool ${perCall((cpu.user + cpu.system) / 1000)} ms, Asterisk ` +
          `${perCall(asterisk.ms() - asterisk0)} ms (baseline call ${asteriskBaseline.toFixed(2)} ms), ` +
          `MariaDB ${perCall(mariadb.ms() - mariadb0)} ms; numpool event-loop delay p99 ` +
          `${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
      );
      log(
        `  loadavg ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}; numpool ${memoryLine()}`,
      );
      log(`  ${pddLine(through.pddMs, baseline.pddMs)}`);
      log(
        `  trunk saw a pool number on ${through.poolCallerId}/${count} calls (another caller ID ` +
          `${through.otherCallerId}, never reached the trunk ${through.missing}, originate failures ` +
          `${through.originateFailures}; baseline: ${baseline.missing} never reached the trunk)`,
      );
      if (numpool.warnings.size > 0)
        log(`  numpool warnings: ${JSON.stringify(Object.fromEntries(numpool.warnings))}`);
    }
    await numpool.app.stop();
  } finally {
    load.stop();
    await tdb.drop();
    await run(join(REAL_DIR, 'stop.sh'), [RUN_DIR]);
  }
}

function p50p99(values: readonly number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  return `p50 ${percentile(sorted, 50).toFixed(2)} / p99 ${percentile(sorted, 99).toFixed(2)} ms`;
}

function pddLine(through: number[], baseline: number[]): string {
  const a = [...through].sort((x, y) => x - y);
  const b = [...baseline].sort((x, y) => x - y);
  const [a50, a99, b50, b99] = [percentile(a, 50), percentile(a, 99), percentile(b, 50), percentile(b, 99)];
  const ms = (v: number): string => v.toFixed(2);
  return (
    `post-dial delay (;2 leg Newchannel → TrunkSaw, Asterisk's clock): numpool p50 ${ms(a50)} / ` +
    `p99 ${ms(a99)} ms, baseline p50 ${ms(b50)} / p99 ${ms(b99)} ms → added ${ms(a50 - b50)} ms ` +
    `p50, ${ms(a99 - b99)} ms p99`
  );
}
