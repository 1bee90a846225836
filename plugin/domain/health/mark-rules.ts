// The mark rules (M3), run by the daily mark check for each number after its observations are
// merged: too many marks → suspend; a fraud mark → disable, urgent appeal, calls listed for audit.
import type { NumberState, NumberTier } from '../pool/pool-number.ts';
import type { HealthSettings } from './health-settings.ts';
import { isOpen, openMarkCount, type MarkRecord, type NewMark } from './mark.ts';

export interface MarkedNumber {
  id: number;
  state: NumberState;
  tier: NumberTier;
}

/** The calls of the number to list for internal audit (decided_at in [since, until]). */
export interface AuditRequest {
  numberId: number;
  since: Date;
  until: Date;
}

export type MarkVerdict =
  | {
      action: 'none';
      reason: 'ALREADY_OUT_OF_SERVICE' | 'NOT_IN_SERVICE' | 'BELOW_THRESHOLD';
      openMarks: number;
      newMarks: NewMark[];
    }
  | { action: 'suspend'; to: 'suspended'; reason: string; openMarks: number; newMarks: NewMark[] }
  | {
      action: 'disable';
      to: 'suspended';
      reason: string;
      openMarks: number;
      newMarks: NewMark[];
      /** One urgent appeal to open per platform carrying a disabling mark. */
      urgentAppealPlatforms: string[];
      audit: AuditRequest;
    };

/** Out of service already: new marks are recorded but trigger nothing again (idempotent re-checks). */
const OUT_OF_SERVICE: ReadonlySet<NumberState> = new Set(['suspended', 'appealing', 'retired']);

export function evaluateMarks(
  number: MarkedNumber,
  records: readonly MarkRecord[],
  newMarks: readonly NewMark[],
  settings: HealthSettings['marks'],
  now: Date,
): MarkVerdict {
  const openMarks = openMarkCount(records);
  const base = { openMarks, newMarks: [...newMarks] };
  if (OUT_OF_SERVICE.has(number.state)) return { action: 'none', reason: 'ALREADY_OUT_OF_SERVICE', ...base };
  // A new number is not in service yet: its marks keep it from warming up (L2) instead.
  if (number.state === 'new') return { action: 'none', reason: 'NOT_IN_SERVICE', ...base };

  const disabling = records.filter((r) => isOpen(r) && settings.disablingTypes.includes(r.type));
  if (disabling.length > 0) {
    const platforms = [...new Set(disabling.map((r) => r.platform))].sort();
    const types = [...new Set(disabling.map((r) => r.type))].join(', ');
    const since = new Date(now.getTime() - settings.auditLookbackDays * 86_400_000);
    return {
      action: 'disable',
      to: 'suspended',
      reason: `${types} mark on ${platforms.join(', ')}: disabled, urgent appeal opened, calls listed for audit`,
      ...base,
      urgentAppealPlatforms: platforms,
      audit: { numberId: number.id, since, until: now },
    };
  }
  if (openMarks > settings.suspendAbove) {
    const reason = `${openMarks} open marks (more than ${settings.suspendAbove}): suspended`;
    return { action: 'suspend', to: 'suspended', reason, ...base };
  }
  return { action: 'none', reason: 'BELOW_THRESHOLD', ...base };
}
