// CPU time used so far by another process (Asterisk, MariaDB), from /proc, for benchmarks that
// report CPU per call beside numpool's own process.cpuUsage().
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/** Linux clock ticks per second (getconf CLK_TCK): 100 on every common kernel. */
const TICKS_PER_SECOND = 100;

export class ProcessCpu {
  private constructor(private readonly pid: string | null) {}

  static ofPidFile(path: string): ProcessCpu {
    return new ProcessCpu(existsSync(path) ? readFileSync(path, 'utf8').trim() : null);
  }

  /** The first running process with one of these command names; none → ms() is NaN. */
  static async ofCommand(...names: string[]): Promise<ProcessCpu> {
    for (const name of names) {
      const found = await promisify(execFile)('pidof', ['-s', name]).then(
        ({ stdout }) => stdout.trim(),
        () => '', // pidof exits 1 when no such process runs
      );
      if (found !== '') return new ProcessCpu(found);
    }
    return new ProcessCpu(null);
  }

  /** User + system CPU milliseconds since the process started. */
  ms(): number {
    if (this.pid === null || !existsSync(`/proc/${this.pid}/stat`)) return Number.NaN;
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }
}
