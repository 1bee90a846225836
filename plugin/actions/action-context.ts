// What every action (plugin/actions/) is given: the store, the reference data, the clock, who acts
// and the logger. The CLI, the jobs, the HTTP API and the demo each build one and call the same actions.
import type { DecisionEngine } from '../call-flow/decide-call.ts';
import type { CalleeAreaResolver } from '../geo/callee-area-resolver.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../store/audit/audit-log.ts';
import type { Database } from '../store/connection/database.ts';
import type { ReferenceCache } from '../store/reference/reference-cache.ts';

export type { Actor } from '../store/audit/audit-log.ts';

export interface ActionContext {
  db: Database;
  /** The hot-path reference data (rules, regions, prefixes, agents, numbers). */
  cache: ReferenceCache;
  areas: CalleeAreaResolver;
  /** The decision engine, for the decide preview. */
  engine: DecisionEngine;
  /** The pool's time zone (NUMPOOL_TIMEZONE): civil dates, report days, appeal deadlines. */
  timeZone: string;
  /** The clock: actions never read Date.now themselves. */
  now(): Date;
  /** Who acts: written to the audit log with every change. */
  actor: Actor;
  logger: Logger;
}
