import { configDefaults, defineConfig } from 'vitest/config';

// The fast layer (npm run test:unit): pure rules, use-cases on Postgres without Temporal or HTTP, activities in the
// SDK's mock environment, and the invitation workflow on the time-skipping server. No dev server, no browser.
export default defineConfig({
  test: {
    include: ['test/**/*.unit.test.ts'],
    exclude: [...configDefaults.exclude],
    globalSetup: ['test/support/global-setup-unit.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
