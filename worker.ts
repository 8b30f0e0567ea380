// `npm run worker`: a worker alone, against an existing Temporal (TEMPORAL_ADDRESS) and Postgres (DATABASE_URL).
// More workers, more throughput.
import { ConfigError } from './src/platform/config';
import { createLogger } from './src/platform/logger';
import { buildWorker, startDispatcher, watchProcess, mailerFor, onShutdown, openDatabaseFor, readConfig, runMain } from './src/runtime';
import { connectClient, connectWorker, ensureSearchAttributes, installTemporalRuntime } from './src/platform/temporal/connect';
import { startTracing } from './src/platform/telemetry';

await runMain('worker', async () => {
  const config = readConfig();
  if (!config.temporal.address || !config.databaseUrl) throw new ConfigError('npm run worker needs TEMPORAL_ADDRESS and DATABASE_URL (use npm start for the embedded setup)');
  const logger = createLogger(config.logLevel, 'worker');
  watchProcess(logger);
  installTemporalRuntime(logger, { metricsBind: config.metrics.temporalBind });
  const tracing = await startTracing(config.traces, { serviceName: 'professional-spaces-worker', logger });
  const database = await openDatabaseFor(config);
  const { client, connection } = await connectClient(config.temporal.address, config.temporal.namespace, config.payloadKeys, tracing?.clientInterceptors);
  const created = await ensureSearchAttributes(connection, config.temporal.namespace);
  if (created.length > 0) logger.info({ created }, 'search attributes created');
  const workerConnection = await connectWorker(config.temporal.address);
  const mailer = mailerFor(config);
  const worker = await buildWorker({ config, database, connection: workerConnection, mailer, tracing });
  logger.info({ taskQueue: config.temporal.taskQueue, mail: mailer.describe() }, 'worker ready');
  const run = worker.run();
  // The client stays open for the webhook dispatcher, which starts the delivery workflows.
  const dispatcher = startDispatcher({ config, database, client, logger });
  onShutdown(logger, async () => {
    await dispatcher.stop();
    worker.shutdown();
    await run;
    await workerConnection.close();
    await connection.close();
    mailer.close();
    // After the worker drained: its last spans are in the batch, sent now.
    await tracing?.shutdown();
    await database.close();
    logger.info('stopped');
  });
  await run;
});
