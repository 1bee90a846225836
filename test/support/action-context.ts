// An action context on a test database: the decision core one process would build, a fixed
// (or moving) clock, and a silent logger. For tests of actions and command modules.
import type { ActionContext, Actor } from '../../plugin/actions/action-context.ts';
import { createLogger } from '../../plugin/logger.ts';
import type { Database } from '../../plugin/store/connection/database.ts';
import { testCore } from './test-core.ts';

export interface TestActionContextOptions {
  /** The clock; a Date is a clock that stands still. */
  now: Date | (() => Date);
  actor?: Actor;
  timeZone?: string;
}

export function testActionContext(db: Database, options: TestActionContextOptions): ActionContext {
  const core = testCore(db);
  const { now } = options;
  return {
    db: core.db,
    cache: core.cache,
    areas: core.areas,
    engine: core.engine,
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    now: typeof now === 'function' ? now : () => now,
    actor: options.actor ?? { kind: 'cli', name: 'tester' },
    logger: createLogger('silent'),
  };
}
