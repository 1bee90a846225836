// Compares the simulator's traffic with a real recording (same JSONL shape) so the simulator
// cannot drift from Asterisk: per stream the sequence of message kinds, the key order of every
// message (recursively) and each value's format — never raw ids, times or ports.
//
// Streams: ARI WebSocket messages per connection (in connection order), ARI HTTP exchanges in
// order, AMI responses per connection, and AMI events per channel *role* (e.g.
// `numpool-outbound;2`), because Asterisk does not order events of different channels (README
// §4.3). Cdr events are compared per role as a multiset; DeviceStateChange is not simulated.

import { readFileSync } from 'node:fs';
import type { TrafficEntry } from './traffic-recorder.ts';

export function loadRecording(path: string): TrafficEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TrafficEntry);
}

const WHOLE_VALUE_FORMATS: Array<[RegExp, string]> = [
  [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '<uuid>'],
  [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/, '<ari-time>'],
  [/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, '<cdr-time>'],
  [/^\d{9,10}\.\d+$/, '<epoch.n>'],
  [/^-?\d+$/, '<int>'],
  [/^0x[0-9a-f]+$/, '<hex>'],
];

/** A string's format: ids, times, counters and ports replaced by their kind. */
export function formatOf(value: string): string {
  for (const [re, kind] of WHOLE_VALUE_FORMATS) if (re.test(value)) return kind;
  return value
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\b\d{9,10}\.\d+\b/g, '<epoch.n>')
    .replace(/-[0-9a-f]{8}(;\d)?\b/g, '-<seq>$1')
    .replace(/(IPV4\/TCP\/[\d.]+\/)\d+/g, '$1<port>');
}

/** The comparable shape of a JSON value: key order kept, strings reduced to their format. */
export function shapeOf(value: unknown): unknown {
  if (typeof value === 'string') return formatOf(value);
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]);
  }
  return value;
}

type Headers = Record<string, string | string[]>;

const amiHeaders = (e: TrafficEntry): Headers | null =>
  (e.data.headers as Headers | null | undefined) ?? null;
const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('|') : (v ?? ''));

export function roleOf(channel: string): string {
  const m = /^Local\/[^@]*@(.+)-[0-9a-f]{8};(\d)$/.exec(channel);
  if (m) return `${m[1]};${m[2]}`;
  const t = /^([A-Za-z]+\/.+)-[0-9a-f]{8}$/.exec(channel);
  return t ? (t[1] ?? channel) : channel;
}

function eventRole(h: Headers): string {
  // Recorded both before and after the `;1` half's Newstate Up: its own stream.
  if (h.Event === 'OriginateResponse') return 'originate';
  if (h.Channel !== undefined && h.Channel !== 'none') return roleOf(str(h.Channel));
  if (h.DestChannel !== undefined) return `dest ${roleOf(str(h.DestChannel))}`;
  if (h.LocalOneChannel !== undefined) return `localbridge ${roleOf(str(h.LocalOneChannel))}`;
  return 'system';
}

/** What identifies an event in a role's sequence. */
export function eventKey(h: Headers): string {
  const ev = str(h.Event);
  const detail: Record<string, string | undefined> = {
    VarSet: str(h.Variable),
    // Numbers inside AppData (DialedTime: 1, a dial timeout) depend on timing, not on the logic.
    Newexten: `${str(h.Application)}(${formatOf(str(h.AppData)).replace(/\b\d+\b/g, 'N')})`,
    Newstate: str(h.ChannelStateDesc),
    Hangup: str(h.Cause),
    HangupRequest: str(h.Cause),
    SoftHangupRequest: str(h.Cause),
    DialEnd: str(h.DialStatus),
    DialState: str(h.DialStatus),
    UserEvent: str(h.UserEvent),
    OriginateResponse: str(h.Response),
  };
  const d = detail[ev];
  return d === undefined ? ev : `${ev} ${d}`;
}

export interface CompareOptions {
  /** AMI event names left out of the comparison (beyond DeviceStateChange). */
  ignoreEvents?: string[];
  /** Roles whose event sequence is not compared (documented simulator differences). */
  ignoreRoles?: string[];
}

interface Stream {
  name: string;
  items: Array<{ key: string; shape: unknown }>;
}

function streams(entries: TrafficEntry[], options: CompareOptions): Stream[] {
  const out = new Map<string, Stream>();
  const push = (name: string, key: string, shape: unknown): void => {
    const s = out.get(name) ?? { name, items: [] };
    s.items.push({ key, shape });
    out.set(name, s);
  };
  const wsOrder: string[] = [];
  const amiOrder: string[] = [];
  const ignored = new Set(['DeviceStateChange', ...(options.ignoreEvents ?? [])]);
  const cdrs = new Map<string, string[]>();
  for (const e of entries) {
    const conn = e.conn ?? '';
    if (e.dir === 'ari-ws-ctl' && e.data.event === 'connect') wsOrder.push(conn);
    if (e.dir === 'ami-ctl' && e.data.event === 'connect') amiOrder.push(conn);
    if (e.dir === 'ari-ws-in') {
      push(`ws#${wsOrder.indexOf(conn) + 1}`, String(e.data.type), shapeOf(e.data));
    } else if (e.dir === 'ari-ws-ctl' && e.data.event === 'unexpected-response') {
      push(`ws#${wsOrder.indexOf(conn) + 1}`, `refused ${String(e.data.status)}`, formatOf(e.raw ?? ''));
    } else if (e.dir === 'ari-http-res') {
      const path = formatOf(String(e.data.path)).replace(/\/channels\/[^/]+/, '/channels/{id}');
      push(
        'http',
        `${String(e.data.method)} ${path} ${String(e.data.status)} ${String(e.data.statusText)}`,
        shapeOf(e.data.body),
      );
    } else if (e.dir === 'ami-in') {
      const h = amiHeaders(e);
      if (h === null) {
        push(`ami#${amiOrder.indexOf(conn) + 1}`, 'banner', e.raw ?? e.data.raw);
      } else if (h.Event === undefined) {
        push(`ami#${amiOrder.indexOf(conn) + 1}`, `Response ${str(h.Response)}`, shapeOf(h));
      } else if (amiOrder.indexOf(conn) === 0 && !ignored.has(str(h.Event))) {
        const role = eventRole(h);
        if (options.ignoreRoles?.includes(role) === true) continue;
        if (h.Event === 'Cdr') {
          const list = cdrs.get(role) ?? [];
          list.push(`${str(h.Disposition)} ${str(h.LastApplication)}`);
          cdrs.set(role, list);
          push('cdr fields', 'Cdr', shapeOf(Object.keys(h)));
        } else push(`events ${role}`, eventKey(h), shapeOf(Object.keys(h)));
      }
    }
  }
  for (const [role, list] of cdrs) push(`cdrs ${role}`, list.sort().join(', '), null);
  return [...out.values()];
}

/** Differences between a recording and the simulator's traffic; empty when they match. */
export function compareTraffic(
  recorded: TrafficEntry[],
  simulated: TrafficEntry[],
  options: CompareOptions = {},
): string[] {
  const diffs: string[] = [];
  const rec = streams(recorded, options);
  const sim = new Map(streams(simulated, options).map((s) => [s.name, s]));
  for (const r of rec) {
    const s = sim.get(r.name);
    sim.delete(r.name);
    if (!s) {
      diffs.push(`${r.name}: missing in the simulator (recorded: ${r.items.map((i) => i.key).join(' | ')})`);
      continue;
    }
    const rKeys = r.items.map((i) => i.key);
    const sKeys = s.items.map((i) => i.key);
    if (JSON.stringify(rKeys) !== JSON.stringify(sKeys)) {
      diffs.push(
        `${r.name}: sequence differs\n  recorded:  ${rKeys.join(' | ')}\n  simulated: ${sKeys.join(' | ')}`,
      );
      continue;
    }
    r.items.forEach((item, i) => {
      const other = s.items[i];
      if (JSON.stringify(item.shape) !== JSON.stringify(other?.shape)) {
        diffs.push(
          `${r.name}[${i}] ${item.key}: shape differs\n  recorded:  ${JSON.stringify(item.shape)}\n  simulated: ${JSON.stringify(other?.shape)}`,
        );
      }
    });
  }
  for (const s of sim.values())
    diffs.push(`${s.name}: only in the simulator (${s.items.map((i) => i.key).join(' | ')})`);
  return diffs;
}
