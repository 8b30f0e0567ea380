import { configDefaults, defineConfig } from 'vitest/config';

// One real Temporal dev server for the whole run (global setup); each test file gets its own Postgres
// database, SMTP server, task queue and worker. Files run in two forks at most: this machine has two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'test/chaos/**', ...configDefaults.exclude],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
