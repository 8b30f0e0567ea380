// Starts one real Temporal dev server (the resolved `temporal` binary) and bundles the workflows once for the
// whole run; test files read both through vitest's inject().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../src/platform/temporal/dev-server';
import { WORKFLOWS_PATH } from '../../src/platform/temporal/worker';
import { FAILURE_CONVERTER_PATH } from '../../src/platform/temporal/codec';
import { adminDatabaseUrl, assertPostgresReachable } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

let server: DevServer | undefined;
let bundleDir: string | undefined;

/** The workflows bundled once for the run, at a path the test files get through inject('workflowBundlePath'). */
export async function provideWorkflowBundle(project: TestProject) {
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  bundleDir = mkdtempSync(path.join(tmpdir(), 'spaces-workflows-'));
  const bundlePath = path.join(bundleDir, 'workflows.js');
  writeFileSync(bundlePath, bundle.code);
  project.provide('workflowBundlePath', bundlePath);
}

export async function setup(project: TestProject) {
  await assertPostgresReachable(adminDatabaseUrl());
  const [devServer] = await Promise.all([startDevServer({ namespace: 'default', log: (message) => process.stderr.write(`${message}\n`) }), provideWorkflowBundle(project)]);
  server = devServer;
  project.provide('temporalAddress', devServer.address);
}

export async function teardown() {
  await server?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (message: string) => process.stderr.write(`${message}\n`) };
