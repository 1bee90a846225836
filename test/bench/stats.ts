// Small statistics for benchmarks: percentiles and a fixed-width report line.

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

export function summarize(latenciesMs: readonly number[], wallMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    perSecond: (sorted.length / wallMs) * 1000,
  };
}

export function formatSummary(label: string, s: LatencySummary): string {
  const ms = (v: number) => v.toFixed(2).padStart(7);
  return `${label.padEnd(44)} n=${String(s.n).padStart(5)}  p50=${ms(s.p50)} ms  p95=${ms(s.p95)} ms  p99=${ms(s.p99)} ms  max=${ms(s.max)} ms  ${s.perSecond.toFixed(0).padStart(6)}/s`;
}

export function memoryLine(): string {
  const m = process.memoryUsage();
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return `memory: rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)}`;
}
