// Reads a lookup service's parsed JSON answer into mark observations (pure), following the
// administrator's mapping. Anything unexpected makes the whole answer unusable, never half-used.
import {
  markPlatformFromLabel,
  markTypeFromLabel,
  type MarkObservation,
  type MarkType,
} from '../domain/marks/mark.ts';
import type { ResponseMapping } from './http-provider-settings.ts';

export interface AnswerRules {
  mapping: ResponseMapping;
  platforms: readonly string[];
  strict: boolean;
}

export type AnswerReading = { ok: true; observations: MarkObservation[] } | { ok: false; message: string };

const MAX_ITEMS = 1000;
const MAX_COUNT = 1_000_000_000;

export function readLookupAnswer(answer: unknown, rules: AnswerRules, seenAt: Date): AnswerReading {
  const { mapping } = rules;
  if (mapping.okWhen) {
    const status = valueAt(answer, mapping.okWhen.path);
    if (status !== mapping.okWhen.equals) {
      return { ok: false, message: `service reported an error: ${mapping.okWhen.path} = ${show(status)}` };
    }
  }
  const items = valueAt(answer, mapping.items);
  if (!Array.isArray(items)) {
    return {
      ok: false,
      message: `'${mapping.items || '(answer)'}' is ${show(items)}, not an array of marks`,
    };
  }
  if (items.length > MAX_ITEMS) return { ok: false, message: `more than ${MAX_ITEMS} marks in one answer` };
  const observations: MarkObservation[] = [];
  for (const [index, item] of items.entries()) {
    const read = readItem(item, rules);
    if (typeof read === 'string') return { ok: false, message: `mark ${index}: ${read}` };
    observations.push({ ...read, seenAt, source: 'provider' });
  }
  return { ok: true, observations: combineObservations(observations) };
}

/** Sums readings of one platform × type in one answer (two labels mapping to the same type). */
function combineObservations(observations: readonly MarkObservation[]): MarkObservation[] {
  const byKey = new Map<string, MarkObservation>();
  for (const o of observations) {
    const key = `${o.platform}|${o.type}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, count: seen.count + o.count } : o);
  }
  return [...byKey.values()];
}

/** The observation's fields, or what is wrong with the item. */
function readItem(
  item: unknown,
  rules: AnswerRules,
): { platform: string; type: MarkType; count: number } | string {
  const { mapping } = rules;
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return `is ${show(item)}, not an object`;
  let platform = mapping.fixedPlatform;
  if (platform === undefined) {
    const label = valueAt(item, mapping.platform ?? '');
    if (typeof label !== 'string' && typeof label !== 'number') return `platform is ${show(label)}`;
    const id = markPlatformFromLabel(String(label), rules.platforms, mapping.platformLabels);
    if (id === null) return `platform '${String(label).slice(0, 40)}' is not configured`;
    platform = id;
  } else if (!rules.platforms.includes(platform)) {
    return `platform '${platform}' is not configured`;
  }
  const typeLabel = valueAt(item, mapping.type);
  if (typeof typeLabel !== 'string') return `type is ${show(typeLabel)}`;
  const type = markTypeFromLabel(typeLabel, mapping.typeLabels) ?? (rules.strict ? null : 'other');
  if (type === null) return `type '${typeLabel.slice(0, 40)}' is not a known mark label`;
  const raw = valueAt(item, mapping.count);
  const count = typeof raw === 'string' && /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
    return `count is ${show(raw)}, not a whole number ≥ 0`;
  }
  return { platform, type, count };
}

/** Dot path ('data.marks', 'list.0.tag'); '' is the value itself. Own properties only. */
export function valueAt(root: unknown, path: string): unknown {
  if (path === '') return root;
  let value: unknown = root;
  for (const segment of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
