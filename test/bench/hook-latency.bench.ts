// Hook latency through the simulated Asterisk (issue 3, acceptance 4): StasisStart received by
// numpool → the 204 of its `continue`, at 50, 200 and 500 calls/s, with decisions on MariaDB.
// The simulator runs in a child process so its CPU is not counted as numpool's.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNumpoolApp } from '../../plugin/app.ts';
import { loadConfig } from '../../plugin/config.ts';
import { createCore } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import { realAmiFactory, realAriConnect } from '../support/numpool-harness.ts';
import { hookTimer, seedHookBenchPool } from './hook-bench-pool.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { formatSummary, memoryLine, summarize } from './stats.ts';

const RATES = (process.env.BENCH_HOOK_RATES ?? '50,200,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_HOOK_SECONDS ?? 10);
const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 10:00 in China

export async function runHookBench(log: (line: string) => void): Promise<void> {
  const tdb = await createTestDatabase('hookbench');
  const child = fork(fileURLToPath(new URL('./sim-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { ariUrl, amiPort } = await nextMessage<{ ariUrl: string; amiPort: number }>(child, 'ready');
    const knex = tdb.open(2).knex;
    await seedHookBenchPool(knex);
    const loaded = loadConfig({
      NUMPOOL_DB_URL: tdb.url,
      NUMPOOL_ARI_URL: ariUrl,
      NUMPOOL_ARI_PASSWORD: 'numpool',
      NUMPOOL_AMI_PORT: String(amiPort),
      NUMPOOL_AMI_PASSWORD: 'numpool',
      NUMPOOL_LOG_LEVEL: 'silent',
      NUMPOOL_DB_POOL_MAX: '20',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const logger = createLogger('silent');
    let latencies: number[] = [];
    const app = createNumpoolApp({
      config: loaded.config,
      logger,
      core: createCore(loaded.config, logger, tdb.open(20)),
      ariConnect: realAriConnect,
      amiFactory: realAmiFactory,
      now: () => NOW,
      observer: {
        ...hookTimer((ms) => latencies.push(ms)),
      },
    });
    await app.start();
    await app.ready();
    let prefix = 130;
    for (const rate of [20, ...RATES]) {
      latencies = [];
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      child.send({
        type: 'burst',
        rate,
        count: rate === 20 ? 100 : rate * SECONDS,
        prefix: String(prefix++),
      });
      const done = await nextMessage<{ paths: Record<string, number>; faults: string[] }>(child, 'done');
      const wall = performance.now() - wall0;
      if (rate === 20) continue; // warm-up
      const cpu = process.cpuUsage(cpu0);
      log(formatSummary(`hook at ${rate} calls/s (StasisStart → continue 204)`, summarize(latencies, wall)));
      log(
        `  call paths: ${JSON.stringify(done.paths)}; numpool CPU ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% of one core; ${memoryLine()}`,
      );
      if (done.faults.length) log(`  simulator faults: ${done.faults.slice(0, 3).join(' | ')}`);
    }
    await app.stop();
  } finally {
    child.send({ type: 'stop' });
    await tdb.drop();
  }
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string } & T): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
}
