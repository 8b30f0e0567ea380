// The embedded Temporal dev server of `npm start` and of the tests: a child process started through the SDK's
// ephemeral-server support, with the resolved `temporal` binary, its state in a file and the UI on.
import { freePort } from '../net';
import path from 'node:path';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataConverter } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes';
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
  /** Where the server's own log goes (append); omitted = discarded. Its level is `warn`. */
  logFile?: string;
}

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * The binary is started by us, detached in its own process group: Ctrl-C in a terminal (SIGINT to the foreground
 * group) reaches the API and worker, which drain, and the dev server is stopped last by `stop()`. The SDK's
 * download path (no binary of ours) falls back to the SDK's own child process.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const resolved = await resolveTemporalExecutable('dev-server', { log: options.log });
  if (options.dbFilename) mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  if (!resolved.path) return startThroughSdk(options, resolved);
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', options.namespace, '--log-format', 'pretty', '--log-level', 'warn'];
  if (options.uiPort !== undefined) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  // WAL keeps the state file fast under concurrent workflow starts.
  if (options.dbFilename) args.push('--db-filename', options.dbFilename, '--sqlite-pragma', 'journal_mode=wal');
  // The UI decodes sealed payloads through the API's codec endpoint.
  if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  for (const key of SEARCH_ATTRIBUTE_KEYS) args.push('--search-attribute', `${key.name}=${CLI_TYPES[key.type]}`);
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(resolved.path, args, { detached: true, stdio: ['ignore', out, out] });
  if (typeof out === 'number') closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Detached, it would outlive a process that exits without stopping it (a crash): not so.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    process.off('exit', killOnExit);
  };
  try {
    await waitUntilServing(address, exited);
  } catch (error) {
    await stop();
    const why = error instanceof Error ? error.message : String(error);
    throw new TemporalBinaryError(`Could not start the Temporal dev server from ${resolved.path} (${why})`);
  }
  return { address, stop };
}

const CLI_TYPES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

async function waitUntilServing(address: string, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  for (;;) {
    if (gone !== undefined) throw new Error(`exited with code ${gone}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function startThroughSdk(options: DevServerOptions, resolved: Awaited<ReturnType<typeof resolveTemporalExecutable>>): Promise<DevServer> {
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
    throw new TemporalBinaryError(`Could not start the Temporal dev server (${why}). ${describeBinaryOptions('dev-server')}`);
  }
  return { address: environment.address, stop: () => environment.teardown() };
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
