// `npm run bench`: runs every benchmark and prints its figures. Not part of CI (see README).
// BENCH_ONLY=name[,name…] runs only those, e.g. `BENCH_ONLY=real-asterisk npm run bench`.
import { runDecisionBench } from './decision-engine.bench.ts';
import { runHealth90DaysBench } from './health-90-days.bench.ts';
import { runHookBench } from './hook-latency.bench.ts';
import { runLearningBench } from './learning-selection.bench.ts';
import { runRealAsteriskBench } from './real-asterisk-hook.bench.ts';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const BENCHES: { name: string; title: string; run: (log: (line: string) => void) => unknown }[] = [
  { name: 'decision', title: 'decision engine on MariaDB (loopback)', run: runDecisionBench },
  {
    name: 'hook',
    title: 'outbound hook through the simulated Asterisk (ARI/AMI on loopback)',
    run: runHookBench,
  },
  {
    name: 'real-asterisk',
    title: 'outbound hook on a real Asterisk 22 (ARI/AMI on loopback)',
    run: runRealAsteriskBench,
  },
  {
    name: 'learning',
    title: 'learning selection vs least-used (synthetic world, S3)',
    run: runLearningBench,
  },
  {
    name: 'health',
    title: 'pool health: a 90-day scenario through the real jobs (issue 4)',
    run: runHealth90DaysBench,
  },
];

const only = process.env.BENCH_ONLY?.split(',').map((n) => n.trim());
const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown BENCH_ONLY ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}

log(`numpool benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue;
  log(`\n== ${bench.title} ==`);
  await bench.run(log);
}
