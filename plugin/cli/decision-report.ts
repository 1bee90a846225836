// Formats a decision for `numpool decide`: a readable report for people, or one JSON object.
import type { DecisionResult } from '../call-flow/decide-call.ts';

export function decisionJson(result: DecisionResult): Record<string, unknown> {
  const { decision } = result;
  return {
    decision: decision.kind,
    reason: decision.kind === 'blocked' ? decision.reason : null,
    message: decision.kind === 'blocked' ? decision.message : null,
    callerId: decision.kind === 'allowed' ? decision.number.e164 : null,
    route: result.route,
    tier: decision.kind === 'allowed' ? decision.tier : null,
    callId: result.callId,
    dryRun: result.dryRun,
    callee: result.calleeE164 ? { e164: result.calleeE164, ...result.area } : null,
    elapsedMs: Math.round(result.elapsedMs * 100) / 100,
    trace: decision.trace,
  };
}

export function decisionText(result: DecisionResult): string {
  const { decision } = result;
  const lines: string[] = [];
  if (decision.kind === 'allowed') {
    lines.push(
      `ALLOWED  caller ID ${decision.number.e164} via route ${result.route ?? '-'} (${decision.tier} match)`,
    );
  } else {
    lines.push(`BLOCKED  ${decision.reason}: ${decision.message}`);
  }
  if (result.calleeE164) {
    const a = result.area;
    const where = a
      ? [a.province, a.city, a.region].filter(Boolean).join(' / ') || 'area unknown'
      : 'area unknown';
    lines.push(`callee   ${result.calleeE164} (${where})`);
  }
  lines.push(result.dryRun ? 'dry run: nothing reserved' : result.callId ? `call id  ${result.callId}` : '');
  lines.push('trace:');
  for (const s of decision.trace.steps) {
    const detail = Object.entries(s.detail)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    lines.push(`  ${s.rule.padEnd(10)} ${s.outcome.padEnd(5)} ${detail}`.trimEnd());
  }
  for (const t of decision.trace.selection?.tiers ?? []) {
    const top = t.top.map((c) => `${c.e164} ${c.used}/${c.cap}`).join(', ');
    lines.push(`  tier ${t.tier.padEnd(8)} ${t.numbers} numbers${top ? `: ${top}` : ''}`);
  }
  return lines.filter((l) => l !== '').join('\n');
}

function formatValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
