// The real-Asterisk tier (`npm run test:asterisk`): test/asterisk against Asterisk 22 started by
// ../shared/asterisk/real/start.sh (or NUMPOOL_TEST_ASTERISK_DIR). Files run one after another:
// each starts its own Asterisk and numpool processes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/asterisk/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts', 'test/asterisk/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
