// `npm run bench`: runs every benchmark and prints its figures. Not part of CI (see README).
import { runDecisionBench } from './decision-engine.bench.ts';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

log(`numpool benchmarks — node ${process.version}, ${new Date().toISOString()}`);
log('\n== decision engine on MariaDB (loopback) ==');
await runDecisionBench(log);
