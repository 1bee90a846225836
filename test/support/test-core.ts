// A decision core on a test database, as one numpool process would build it.
import { createCore, type Core } from '../../plugin/core.ts';
import { createLogger } from '../../plugin/logger.ts';
import type { Database } from '../../plugin/store/connection/database.ts';

export function testCore(db: Database): Core {
  return createCore(
    { NUMPOOL_DB_URL: 'unused://', NUMPOOL_DB_POOL_MAX: 10, NUMPOOL_TIMEZONE: 'Asia/Shanghai' },
    createLogger('silent'),
    db,
  );
}
