// Unexpected failures carry a stable code, an HTTP status and whether the process must stop.
// Expected outcomes (a blocked call, an invalid row) are values, never AppErrors.

export interface AppErrorOptions {
  status?: number;
  fatal?: boolean;
  cause?: unknown;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fatal: boolean;
  readonly details: unknown;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.fatal = options.fatal ?? false;
    this.details = options.details;
  }
}
