// numpool's one catalogue of errors: every code it reports, with the CLI exit code, the HTTP
// status and the log level each surface uses (README "Error codes"). Unexpected failures and refused
// requests are AppErrors with one of these codes; expected outcomes (a blocked call, an invalid row
// inside a report) are values, never AppErrors.
import type { ErrorEntry, ErrorLevel } from './catalogue.ts';
import { INPUT_ERRORS } from './input-errors.ts';
import { JOB_ERRORS } from './job-errors.ts';
import { PLATFORM_ERRORS } from './platform-errors.ts';
import { POOL_ERRORS } from './pool-errors.ts';

export type { ErrorEntry, ErrorLevel } from './catalogue.ts';

export const ERRORS = { ...INPUT_ERRORS, ...POOL_ERRORS, ...JOB_ERRORS, ...PLATFORM_ERRORS } as const;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

export interface AppErrorOptions {
  cause?: unknown;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  get entry(): ErrorEntry {
    return ERRORS[this.code];
  }

  /** The HTTP status the API answers with. */
  get status(): number {
    return this.entry.http;
  }

  /** The CLI's exit code. */
  get exitCode(): number {
    return this.entry.exit;
  }

  /** Whether the process cannot go on. */
  get fatal(): boolean {
    return this.entry.level === 'fatal';
  }
}

/** The level a process logs this error at: the catalogue's for an AppError, `error` for anything else. */
export function logLevelOf(err: unknown): ErrorLevel {
  return err instanceof AppError ? err.entry.level : 'error';
}
