// The process logger (pino, JSON lines). Built once in the composition root and passed down;
// per-call code uses logger.child({ callId, agent, callee }).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { app: 'numpool' } }, destination ?? process.stderr);
}
