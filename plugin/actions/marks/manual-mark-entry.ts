// Manual entry of a mark (M2), the add-mark action's first step, for a supervisor who looked the number
// up in a phone-security app: validated like an import line, written with source 'manual' and audited.
import { z } from 'zod';
import type { NewMark } from '../../domain/health/mark.ts';
import {
  DEFAULT_MARK_PLATFORMS,
  markPlatformFromLabel,
  markTypeFromLabel,
  type MarkObservation,
} from '../../domain/marks/mark.ts';
import { parsePhoneNumber } from '../../domain/numbers/phone-number.ts';
import { AppError } from '../../errors/index.ts';
import { appendAudit, type Actor } from '../../store/audit/audit-log.ts';
import { inTransaction, type Database } from '../../store/connection/database.ts';
import { numberIdsByE164 } from '../../store/health/mark-repository.ts';
import { foldMarkObservations } from './mark-fold.ts';

export const manualMarkSchema = z.object({
  number: z.string().min(1).max(64).describe('The pool number, as dialled or E.164'),
  platform: z.string().min(1).max(64).describe("Platform id or name: '360', 'tencent', '腾讯手机管家'"),
  type: z.string().min(1).max(32).describe('harassment/骚扰, sales/推销, fraud/诈骗, other'),
  count: z.number().int().min(0).max(1_000_000_000).describe('The count the platform shows now'),
  observedAt: z.iso.datetime({ offset: true }).optional().describe('When it was seen; default now'),
});

export type ManualMarkOutcome =
  { ok: true; numberId: number; newMarks: NewMark[] } | { ok: false; problems: string[] };

export async function enterMarkManually(
  deps: { db: Database; platforms?: readonly string[] },
  input: unknown,
  actor: Actor,
  now: Date,
): Promise<ManualMarkOutcome> {
  const platforms = deps.platforms ?? DEFAULT_MARK_PLATFORMS;
  const entry = readEntry(input, platforms, now);
  if (!entry.ok) return entry;
  const { e164, observation } = entry;
  const numberId = (await numberIdsByE164(deps.db.knex, [e164])).get(e164);
  if (numberId === undefined) return { ok: false, problems: [`number: ${e164} is not in the pool`] };
  const newMarks = await inTransaction(deps.db, async (trx) => {
    const observations = [observation];
    const merge = await foldMarkObservations(deps.db, trx, { numberId, observations, platforms, at: now });
    if (merge.rejected.length)
      throw new AppError('NUMPOOL_MARK_REJECTED', 'the mark merge refused the entry');
    await appendAudit(trx, {
      actor,
      action: 'enter-mark',
      entity: 'number',
      entityId: String(numberId),
      after: { ...observation, seenAt: observation.seenAt.toISOString() },
      at: now,
    });
    return merge.newMarks;
  });
  return { ok: true, numberId, newMarks };
}

function readEntry(
  input: unknown,
  platforms: readonly string[],
  now: Date,
): { ok: true; e164: string; observation: MarkObservation } | { ok: false; problems: string[] } {
  const parsed = manualMarkSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const entry = parsed.data;
  const problems: string[] = [];
  const number = parsePhoneNumber(entry.number);
  if (!number.ok) problems.push(`number: ${number.error.message}`);
  const platform = markPlatformFromLabel(entry.platform, platforms);
  if (platform === null)
    problems.push(`platform: '${entry.platform}' is not one of ${platforms.join(' | ')}`);
  const type = markTypeFromLabel(entry.type);
  if (type === null) problems.push(`type: '${entry.type}' is not harassment, sales, fraud or other`);
  const observedAt = entry.observedAt === undefined ? now : new Date(entry.observedAt);
  if (observedAt > now) problems.push('observedAt: is in the future');
  if (!number.ok || platform === null || type === null || problems.length) return { ok: false, problems };
  return {
    ok: true,
    e164: number.number.e164,
    observation: { platform, type, count: entry.count, seenAt: observedAt, source: 'manual' },
  };
}
