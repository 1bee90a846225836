// The shape of an entry in numpool's error catalogue: what an error means to the person who sees it,
// and how each surface reports it (CLI exit code, HTTP status, log level). Area files define entries.

export type ErrorLevel = 'warn' | 'error' | 'fatal';

export interface ErrorEntry {
  /** What the error means, for the README's list and the API's documentation. */
  summary: string;
  /** The CLI's exit code: 2 for input the user can correct, 1 for anything else. */
  exit: 1 | 2;
  /** The HTTP status the API answers with. */
  http: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 502 | 503;
  /** How a process logs it; `fatal` means the process cannot go on. */
  level: ErrorLevel;
}

/** Keeps each area's literal codes as keys while checking every entry's shape. */
export function defineErrors<const T extends Record<`NUMPOOL_${string}`, ErrorEntry>>(entries: T): T {
  return entries;
}
