// Records everything the simulator sends and receives in the JSONL shape of
// ../shared/asterisk/recordings (README §2), so tests can compare it with the real thing.

export type TrafficDir =
  'ari-ws-in' | 'ari-ws-ctl' | 'ari-http-req' | 'ari-http-res' | 'ami-out' | 'ami-in' | 'ami-ctl' | 'note';

export interface TrafficEntry {
  t_ms: number;
  dir: TrafficDir;
  conn?: string;
  data: Record<string, unknown>;
  raw?: string;
}

export class TrafficRecorder {
  private readonly entries: TrafficEntry[] = [];
  private readonly start = performance.now();
  private readonly connCounters = new Map<string, number>();

  /** Names connections like the recordings do: `ami1`, `ami2`, `ws1`, ... */
  nextConnName(prefix: 'ami' | 'ws' | 'http'): string {
    const n = (this.connCounters.get(prefix) ?? 0) + 1;
    this.connCounters.set(prefix, n);
    return `${prefix}${n}`;
  }

  add(dir: TrafficDir, data: Record<string, unknown>, extra: { conn?: string; raw?: string } = {}): void {
    const t_ms = Math.round((performance.now() - this.start) * 10) / 10;
    const entry: TrafficEntry = { t_ms, dir, data };
    if (extra.conn !== undefined) entry.conn = extra.conn;
    if (extra.raw !== undefined) entry.raw = extra.raw;
    this.entries.push(entry);
  }

  note(text: string): void {
    this.add('note', { text });
  }

  all(): TrafficEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
