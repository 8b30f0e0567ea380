import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: the seeded chaos run (test/chaos) — load against two API processes while faults strike the
// fault cluster's real processes (test/faults/support/cluster.ts), then the invariants. One file, one fork.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
