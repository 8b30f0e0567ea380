// The embedded Temporal dev server of `npm start` and of the tests: a child process started through the SDK's
// ephemeral-server support, with the resolved `temporal` binary, its state in a file and the UI on.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataConverter } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_KEYS } from '../shared/temporal';
import { describeBinaryOptions, resolveTemporalExecutable, TemporalBinaryError } from './cli';

export interface DevServerOptions {
  /** State file; omit for an in-memory server (tests). */
  dbFilename?: string;
  port?: number;
  uiPort?: number;
  namespace: string;
  /** The codec server the UI asks to open sealed payloads (the API's /codec). */
  uiCodecEndpoint?: string;
  log?: (message: string) => void;
}

export interface DevServer {
  address: string;
  environment: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const resolved = await resolveTemporalExecutable('dev-server', { log: options.log });
  if (options.dbFilename) mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  let environment: TestWorkflowEnvironment;
  try {
    environment = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: resolved.executable,
        ip: '127.0.0.1',
        port: options.port,
        ui: options.uiPort !== undefined,
        uiPort: options.uiPort,
        dbFilename: options.dbFilename,
        namespace: options.namespace,
        searchAttributes: SEARCH_ATTRIBUTE_KEYS,
        log: { format: 'pretty', level: 'warn' },
        // WAL keeps the state file fast under concurrent workflow starts.
        extraArgs: [...(options.dbFilename ? ['--sqlite-pragma', 'journal_mode=wal'] : []), ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : [])],
      },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (resolved.source === 'sdk-download') throw new TemporalBinaryError(`Could not start the Temporal dev server (${why}). ${describeBinaryOptions('dev-server')}`);
    throw new TemporalBinaryError(`Could not start the Temporal dev server from ${resolved.path ?? resolved.source} (${why})`);
  }
  return {
    address: environment.address,
    environment,
    stop: () => environment.teardown(),
  };
}

export async function startTimeSkippingServer(log?: (message: string) => void, dataConverter?: DataConverter): Promise<TestWorkflowEnvironment> {
  const resolved = await resolveTemporalExecutable('test-server', { log });
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: resolved.executable }, ...(dataConverter ? { client: { dataConverter } } : {}) });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new TemporalBinaryError(`Could not start the Temporal time-skipping test server (${why}). ${describeBinaryOptions('test-server')}`);
  }
}
