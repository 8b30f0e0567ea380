import { defineConfig } from 'vitest/config';

// `npm run test:faults`: fault injection against real processes — a Postgres cluster of its own (initdb in a temp
// dir), a Temporal dev server with a state file, a worker and an API process (test/faults/support/cluster.ts).
// One file, one fork: the scenarios stop and restart shared parts in turn.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
