import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/asterisk is its own tier (vitest.asterisk.config.ts, npm run test:asterisk).
    exclude: ['test/bench/**', 'test/asterisk/**', 'node_modules/**'],
    // Spawned CLI tests run the compiled code, as bin/numpool.js does: built fresh for each run.
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites each create their own database, so files may run in parallel.
    pool: 'forks',
  },
});
