// The whole product on real parts for one test file: a fresh Postgres database (or embedded PGlite), the shared
// Temporal dev server, a worker on a task queue of its own, a real SMTP server, and the Hono app driven
// through app.request().
import { afterAll, beforeAll, inject } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp } from '../../src/app';
import { activityDependencies, createActivities, type Activities } from '../../src/activities';
import { loadConfig, type Config } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/client';
import { createMailer } from '../../src/platform/mail/mailer';
import { importCompanyRegister } from '../../src/features/register/store';
import { createWorker } from '../../src/platform/temporal/worker';
import { startWebhookDispatcher } from '../../src/features/webhooks/dispatcher';
import { isExpectedSdkMessage } from '../../src/platform/temporal/connect';
import { startTimeSkippingServer } from '../../src/platform/temporal/dev-server';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys, sealedDataConverter } from '../../src/platform/temporal/codec';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTracing, type Tracing } from '../../src/platform/telemetry';
import { createTestDatabase } from './postgres';
import { startSmtpServer, type TestSmtpServer } from './smtp';

let runtimeInstalled = false;
/** Quiet SDK logs in tests (errors only: injected activity failures would flood the output). */
export function installQuietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    // The SDK core's lines go through this logger too; what they say when expected is left out (isExpectedSdkMessage).
    const logger = new DefaultLogger('ERROR', (entry) => {
      if (!isExpectedSdkMessage(entry.message)) process.stderr.write(`[temporal ${entry.level}] ${entry.message}${entry.meta ? ` ${JSON.stringify(entry.meta)}` : ''}\n`);
    });
    Runtime.install({ logger, telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // already installed by an earlier import in this process
  }
}

export interface Identity {
  ssn: string;
  name?: string;
  email?: string;
  pid?: string;
  staff?: string;
  /** A Temporal operator (codec endpoints, /metrics). */
  operator?: boolean;
}

export interface StackOptions {
  /** 'embedded' runs on PGlite in a temporary DATA_DIR instead of a Postgres database. */
  database?: 'postgres' | 'embedded';
  env?: Record<string, string>;
  /** Wraps the real activities (fault injection); the real ones stay underneath. */
  wrapActivities?: (real: Activities) => Activities;
  /** Connect to this Temporal instead of the run's dev server (e.g. a time-skipping environment). */
  temporal?: { client: Client; nativeConnection: NativeConnection };
  /** A workflow bundle other than the run's (e.g. one with the tracing interceptors, test/support/traces.ts). */
  workflowBundlePath?: string;
}

export interface TestStack {
  config: Config;
  database: DatabaseHandle;
  smtp: TestSmtpServer;
  client: Client;
  taskQueue: string;
  app: ReturnType<typeof createApp>;
  /** Set when the env configures traces (OTEL_EXPORTER_OTLP_ENDPOINT): wired as every process wires it. */
  tracing?: Tracing;
  token(identity: Identity): Promise<string>;
  /** JSON request through app.request(); returns status, headers and parsed body. */
  call<T = any>(method: string, url: string, options?: { as?: Identity | string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  stop(): Promise<void>;
}

let ssnCounter = 0;
/** A fresh 20-digit certificate SSN, unique within the run. */
export function newSsn(): string {
  ssnCounter += 1;
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`) % 10n ** 14n;
  return `${String(process.pid % 1000).padStart(3, '0')}${String(ssnCounter).padStart(3, '0')}${random.toString().padStart(14, '0')}`;
}

export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  installQuietRuntime();
  const smtp = await startSmtpServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'spaces-test-'));
  const testDatabase = options.database === 'embedded' ? undefined : await createTestDatabase();
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(testDatabase ? { DATABASE_URL: testDatabase.url } : {}),
    ...options.env,
  });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 20, timeouts: config.database });
  // As every process does at start: the demo register (or COMPANY_REGISTER_FILE) is in the register.
  await importCompanyRegister(database.db, config.companyRegisterFile);

  const logger = pino({ level: config.logLevel });
  // As every process does: traces when an endpoint is configured (a workflow bundle with the interceptors then).
  const tracing = await startTracing(config.traces, { serviceName: 'professional-spaces-test', logger });
  let client: Client;
  let nativeConnection: NativeConnection;
  let ownConnections: { connection: Connection; native: NativeConnection } | undefined;
  if (options.temporal) {
    // Its client seals with the same keys (startTimeSkippingStack).
    ({ client, nativeConnection } = options.temporal);
  } else {
    const address = inject('temporalAddress');
    const connection = await Connection.connect({ address });
    const native = await NativeConnection.connect({ address });
    ownConnections = { connection, native };
    client = new Client({ connection, namespace: 'default', dataConverter: sealedDataConverter(config.payloadKeys), interceptors: { workflow: tracing?.clientInterceptors ?? [] } });
    nativeConnection = native;
  }

  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: config.mail.outboxDir, sendLimitMs: config.mail.sendTimeoutMs });
  const dependencies = activityDependencies(config, database.db, mailer);
  const real = createActivities(dependencies);
  const worker: Worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    payloadKeys: config.payloadKeys,
    activities: options.wrapActivities ? options.wrapActivities(real) : real,
    workflowBundle: { codePath: options.workflowBundlePath ?? inject('workflowBundlePath') },
    ...(tracing ? { tracing: tracing.worker } : {}),
  });
  const workerRun = worker.run();

  // As every worker process does: webhook deliveries of the outbox go to their workflows.
  const dispatcher = startWebhookDispatcher({ db: database.db, client, taskQueue, retryScheduleMs: config.webhooks.retryScheduleMs, log: logger, idleMs: 100 });
  const app = createApp({ config, db: database.db, temporal: { client, taskQueue }, logger, ...(tracing ? { httpTracing: tracing.httpMiddleware } : {}) });
  const secret = new TextEncoder().encode(config.auth.secret);

  const token = async (identity: Identity) => {
    const claims: Record<string, string | boolean> = { name: identity.name ?? `Person ${identity.ssn.slice(-4)}` };
    if (identity.email) claims.email = identity.email;
    if (identity.pid) claims.pid = identity.pid;
    if (identity.staff) claims.staff = identity.staff;
    if (identity.operator) claims.operator = true;
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(identity.ssn).setIssuedAt().setExpirationTime('1h').sign(secret);
  };

  const call: TestStack['call'] = async (method, url, { as, body, headers = {} } = {}) => {
    const auth: Record<string, string> = as === undefined ? {} : { authorization: `Bearer ${typeof as === 'string' ? as : await token(as)}` };
    const contentType: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {};
    const response = await app.request(url, {
      method,
      headers: { ...contentType, ...auth, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. the docs page)
    }
    return { status: response.status, body: parsed as never, headers: response.headers };
  };

  return {
    config,
    database,
    smtp,
    client,
    taskQueue,
    app,
    tracing,
    token,
    call,
    async stop() {
      await dispatcher.stop();
      worker.shutdown();
      await workerRun;
      await tracing?.shutdown();
      mailer.close();
      await ownConnections?.native.close();
      await ownConnections?.connection.close();
      await database.close();
      await testDatabase?.drop();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The stack on the time-skipping test server, for long timers. That server has no custom search attributes and
 * no update-with-start: tests start workflows directly and send plain updates through the API.
 */
export async function startTimeSkippingStack(options: Omit<StackOptions, 'temporal'> = {}): Promise<{ env: TestWorkflowEnvironment; stack: TestStack; stop(): Promise<void> }> {
  installQuietRuntime();
  const env = await startTimeSkippingServer(undefined, sealedDataConverter(parsePayloadKeys(options.env?.PAYLOAD_KEYS ?? DEV_PAYLOAD_KEYS)));
  const stack = await startStack({ ...options, temporal: { client: env.client, nativeConnection: env.nativeConnection } });
  return {
    env,
    stack,
    async stop() {
      await stack.stop();
      await env.teardown();
    },
  };
}

/**
 * The time-skipping stack for a test file: started before its tests, stopped after them. The returned object's
 * fields are set once the stack runs.
 */
export function useTimeSkippingStack(options: Omit<StackOptions, 'temporal'> = {}): { env: TestWorkflowEnvironment; stack: TestStack } {
  const current = {} as { env: TestWorkflowEnvironment; stack: TestStack };
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startTimeSkippingStack(options);
    current.env = started.env;
    current.stack = started.stack;
    stop = started.stop;
  });
  afterAll(async () => {
    await stop?.();
  });
  return current;
}
