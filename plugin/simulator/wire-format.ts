// How Asterisk 22 writes times, ids and JSON on the wire; used by every part of the simulator so
// that values have exactly the recorded formats (README §4.2, §4.3).

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ARI timestamps: `2026-11-28T22:09:13.902+0000` (the server runs in UTC). */
export function ariTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.` +
    `${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/** CDR start/answer/end times: `2026-11-28 22:09:17`. */
export function cdrTime(epochMs: number): string {
  return ariTimestamp(epochMs).slice(0, 19).replace('T', ' ');
}

/** HTTP `Date:` header: `Sat, 28 Nov 2026 22:10:25 GMT`. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** AMI Ping timestamp: seconds with six decimals, `1795903821.306835`. */
export function epochMicros(epochMs: number): string {
  return (epochMs / 1000).toFixed(6);
}

/** `ari.conf pretty = yes`: two-space indent, no trailing newline. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
