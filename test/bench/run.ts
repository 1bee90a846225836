// `npm run bench`: runs every benchmark and prints its figures. Not part of CI (see README).
import { runDecisionBench } from './decision-engine.bench.ts';
import { runHealth90DaysBench } from './health-90-days.bench.ts';
import { runHookBench } from './hook-latency.bench.ts';
import { runLearningBench } from './learning-selection.bench.ts';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

log(`numpool benchmarks — node ${process.version}, ${new Date().toISOString()}`);
log('\n== decision engine on MariaDB (loopback) ==');
await runDecisionBench(log);
log('\n== outbound hook through the simulated Asterisk (ARI/AMI on loopback) ==');
await runHookBench(log);

log('\n== learning selection vs least-used (synthetic world, S3) ==');
runLearningBench(log);

log('\n== pool health: a 90-day scenario through the real jobs (issue 4) ==');
await runHealth90DaysBench(log);
