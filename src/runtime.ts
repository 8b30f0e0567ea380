// Process wiring shared by `npm start` (everything embedded), `npm run api` and `npm run worker`.
import type { Logger } from 'pino';
import type { ServerType } from '@hono/node-server';
import type { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { DatabaseUnavailableError, openDatabase, type DatabaseHandle } from './platform/db/client';
import { createApp } from './app';
import { createHttpServer } from './platform/http/server';
import { importCompanyRegister } from './features/register/store';
import { createMailer, type Mailer } from './platform/mail/mailer';
import { TemporalBinaryError } from './platform/temporal/cli';
import { TemporalUnavailableError } from './platform/temporal/connect';
import { createWorker } from './platform/temporal/worker';
import { activityDependencies, createActivities } from './activities';
import type { NativeConnection } from '@temporalio/worker';
import { startWebhookDispatcher } from './features/webhooks/dispatcher';
import type { Tracing } from './platform/telemetry';

/** Known start-up failures print one clear line and exit 1; anything else keeps its stack trace. */
export async function runMain(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof TemporalBinaryError || error instanceof TemporalUnavailableError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function readConfig(): Config {
  return loadConfig(process.env);
}

/** The database, migrated, with COMPANY_REGISTER_FILE upserted into the company register. */
export async function openDatabaseFor(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeouts: config.database });
  try {
    await importCompanyRegister(database.db, config.companyRegisterFile);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export function startApi(options: { config: Config; database: DatabaseHandle; client: Client; logger: Logger; tracing?: Tracing }): Promise<ServerType> {
  const app = createApp({
    config: options.config,
    db: options.database.db,
    temporal: { client: options.client, taskQueue: options.config.temporal.taskQueue },
    logger: options.logger,
    ...(options.tracing ? { httpTracing: options.tracing.httpMiddleware } : {}),
  });
  return new Promise((resolve, reject) => {
    const server = createHttpServer(app.fetch);
    server.listen(options.config.port, '0.0.0.0', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => reject(new ConfigError(error.code === 'EADDRINUSE' ? `PORT=${options.config.port}: the port is already in use` : error.message)));
  });
}

export function buildWorker(options: { config: Config; database: DatabaseHandle; connection: NativeConnection; mailer: Mailer; tracing?: Tracing }): Promise<Worker> {
  return createWorker({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: options.config.temporal.taskQueue,
    activities: createActivities(activityDependencies(options.config, options.database.db, options.mailer)),
    maxCachedWorkflows: options.config.temporal.maxCachedWorkflows,
    payloadKeys: options.config.payloadKeys,
    ...(options.tracing ? { tracing: options.tracing.worker } : {}),
  });
}

/** Hands webhook deliveries from the outbox to their workflows (every worker process runs one). */
export function startDispatcher(options: { config: Config; database: DatabaseHandle; client: Client; logger: Logger }): { stop(): Promise<void> } {
  return startWebhookDispatcher({ db: options.database.db, client: options.client, taskQueue: options.config.temporal.taskQueue, retryScheduleMs: options.config.webhooks.retryScheduleMs, log: options.logger });
}

export function mailerFor(config: Config): Mailer {
  return createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: config.mail.outboxDir, sendLimitMs: config.mail.sendTimeoutMs });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/** Runs `stop` once on SIGINT/SIGTERM. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Kept installed while stopping: a terminal's Ctrl-C reaches the process directly and again through npm (and
  // tsx) forwarding it; a second signal must not cut the drain short.
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

/**
 * A stray rejection is logged with its cause instead of silently killing a server that is otherwise answering;
 * an uncaught exception is logged, then the process exits (its state is unknown).
 */
export function watchProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.once('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
}
