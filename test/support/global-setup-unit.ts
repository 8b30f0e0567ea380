// The fast layer's setup: Postgres reachable and the workflows bundled once; no dev server.
import type { TestProject } from 'vitest/node';
import { adminDatabaseUrl, assertPostgresReachable } from './postgres';
import { provideWorkflowBundle, teardown } from './global-setup';

export async function setup(project: TestProject) {
  await assertPostgresReachable(adminDatabaseUrl());
  await provideWorkflowBundle(project);
}

export { teardown };
