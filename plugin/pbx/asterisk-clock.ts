// How far Asterisk's clock is from numpool's, learned from ARI pings, so that an event's own
// timestamp (when the channel entered Stasis) can be read on numpool's clock. AriConnection feeds
// it one sample per ping; the estimation functions are pure.

/** One ARI ping: numpool's clock when it was sent and answered, and the time Asterisk stamped. */
export interface PingSample {
  sentMs: number;
  receivedMs: number;
  asteriskMs: number;
}

/**
 * Asterisk's clock minus numpool's, from the sample with the smallest round trip among `samples`:
 * Asterisk read its clock somewhere in the round trip, taken as its middle, so that sample's error
 * is at most half its round trip. Null without samples.
 */
export function estimateOffset(samples: readonly PingSample[]): number | null {
  let best: PingSample | null = null;
  for (const s of samples) {
    if (best === null || s.receivedMs - s.sentMs < best.receivedMs - best.sentMs) best = s;
  }
  return best === null ? null : best.asteriskMs - (best.sentMs + best.receivedMs) / 2;
}

const ARI_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms of an ARI timestamp, `2026-12-05T14:10:46.123+0000` as Asterisk writes them (also
 * `Z` and `+00:00`); null when it is not one.
 */
export function parseAriTimestamp(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = ARI_TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Number(`0.${m[7] ?? '0'}`) * 1000;
  const zone = m[8] ?? 'Z';
  const zoneMinutes =
    zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  if (Math.abs(zoneMinutes) > 18 * 60) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second) + ms - zoneMinutes * 60_000;
}

/** The recent ping samples of one server and what they say about its clock. */
export class AsteriskClock {
  private readonly samples: PingSample[] = [];

  /** `keep`: how many recent samples count (12 pings of 5 s: the last minute). */
  constructor(private readonly keep = 12) {}

  record(sample: PingSample): void {
    if (sample.receivedMs < sample.sentMs) return; // numpool's clock stepped back mid-ping
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** Asterisk's clock minus numpool's, or null before the first sample. */
  offsetMs(): number | null {
    return estimateOffset(this.samples);
  }

  /** An ARI timestamp on numpool's clock; null before the first sample or when unparsable. */
  toLocal(timestamp: unknown): Date | null {
    const offset = this.offsetMs();
    const asteriskMs = parseAriTimestamp(timestamp);
    if (offset === null || asteriskMs === null) return null;
    return new Date(Math.round(asteriskMs - offset));
  }
}
