// numpool in-process for the real-Asterisk hook benchmark, wired as main.ts wires it (real
// ari-client and asterisk-manager), with what the benchmark reads: the hook latency of each call
// from the app's observer, the decision time from its 'call decided' log line, and its warnings
// and errors counted by message and error (a JSON log line per call would drown the figures).
import { Writable } from 'node:stream';
import { createNumpoolApp, type NumpoolApp } from '../../plugin/app.ts';
import { loadConfig } from '../../plugin/config.ts';
import { createCore } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { realAmiFactory, realAriConnect } from '../support/numpool-harness.ts';
import { hookTimer } from './hook-bench-pool.ts';

const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 10:00 in China: inside every call window

export interface BenchNumpool {
  app: NumpoolApp;
  /** StasisStart received → `continue` answered, ms, per call since the last reset(). */
  latencies: number[];
  decisionMs: number[];
  warnings: Map<string, number>;
  reset(): void;
}

interface LogLine {
  msg?: string;
  level?: number;
  ms?: number;
  err?: { code?: string; type?: string; message?: string };
}

export async function startBenchNumpool(options: {
  dbUrl: string;
  database: Database;
  ariPort: number;
  amiPort: number;
}): Promise<BenchNumpool> {
  const loaded = loadConfig({
    NUMPOOL_DB_URL: options.dbUrl,
    NUMPOOL_ARI_URL: `http://127.0.0.1:${options.ariPort}`,
    NUMPOOL_ARI_PASSWORD: 'numpool',
    NUMPOOL_AMI_PORT: String(options.amiPort),
    NUMPOOL_AMI_PASSWORD: 'numpool',
    NUMPOOL_LOG_LEVEL: 'info',
    NUMPOOL_DB_POOL_MAX: '20',
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const bench: BenchNumpool = {
    app: null as unknown as NumpoolApp,
    latencies: [],
    decisionMs: [],
    warnings: new Map(),
    reset() {
      bench.latencies = [];
      bench.decisionMs = [];
      bench.warnings.clear();
    },
  };
  // At info, as in production, so that logging is part of the cost measured.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      const line = JSON.parse(chunk.toString('utf8')) as LogLine;
      if (line.msg === 'call decided' && line.ms !== undefined) bench.decisionMs.push(line.ms);
      if ((line.level ?? 0) >= 40) {
        const err = line.err ? ` [${line.err.code ?? line.err.type}: ${line.err.message ?? ''}]` : '';
        const key = `${line.msg ?? '?'}${err}`.replace(/\d+(\.\d+)?/g, '#');
        bench.warnings.set(key, (bench.warnings.get(key) ?? 0) + 1);
      }
      done();
    },
  });
  const logger = createLogger('info', sink);
  bench.app = createNumpoolApp({
    config: loaded.config,
    logger,
    core: createCore(loaded.config, logger, options.database),
    ariConnect: realAriConnect,
    amiFactory: realAmiFactory,
    now: () => NOW,
    observer: {
      ...hookTimer((ms) => bench.latencies.push(ms)),
    },
  });
  await bench.app.start();
  await bench.app.ready();
  return bench;
}
