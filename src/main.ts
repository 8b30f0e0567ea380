// `npm start`: everything in one process on the embedded defaults — API + worker + a Temporal dev server child
// (state in DATA_DIR/temporal.db, UI on) + the embedded database, unless DATABASE_URL / TEMPORAL_ADDRESS say otherwise.
import path from 'node:path';
import { createLogger } from './platform/logger';
import { buildWorker, startDispatcher, watchProcess, closeServer, mailerFor, onShutdown, openDatabaseFor, readConfig, runMain, startApi } from './runtime';
import { startDevServer, type DevServer } from './platform/temporal/dev-server';
import { connectClient, connectWorker, ensureSearchAttributes, installTemporalRuntime } from './platform/temporal/connect';
import { startTracing } from './platform/telemetry';

await runMain('start', async () => {
  const config = readConfig();
  const logger = createLogger(config.logLevel, 'professional-spaces');
  watchProcess(logger);
  installTemporalRuntime(logger, { metricsBind: config.metrics.temporalBind });
  const tracing = await startTracing(config.traces, { serviceName: 'professional-spaces', logger });
  const database = await openDatabaseFor(config);
  logger.info({ database: database.location }, 'database ready');

  let devServer: DevServer | undefined;
  let address = config.temporal.address;
  if (!address) {
    devServer = await startDevServer({
      dbFilename: path.join(config.dataDir, 'temporal.db'),
      port: config.temporal.port,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      // The UI opens sealed payloads through the API (an operator token, or in development the local UI origin).
      uiCodecEndpoint: `http://localhost:${config.port}/codec`,
      log: (message) => logger.info(message),
      logFile: path.join(config.dataDir, 'temporal.log'),
    });
    address = devServer.address;
  }
  const { client, connection } = await connectClient(address, config.temporal.namespace, config.payloadKeys, tracing?.clientInterceptors);
  if (!devServer) await ensureSearchAttributes(connection, config.temporal.namespace);

  const workerConnection = await connectWorker(address);
  const mailer = mailerFor(config);
  const worker = await buildWorker({ config, database, connection: workerConnection, mailer, tracing });
  const workerRun = worker.run();
  const dispatcher = startDispatcher({ config, database, client, logger });
  const server = await startApi({ config, database, client, logger, tracing });

  logger.info(
    {
      api: `http://localhost:${config.port}`,
      docs: `http://localhost:${config.port}/docs`,
      temporal: address,
      temporalUi: devServer ? `http://localhost:${config.temporal.uiPort}` : undefined,
      mail: mailer.describe(),
      traces: config.traces?.url,
    },
    `ready: API http://localhost:${config.port} · docs http://localhost:${config.port}/docs${devServer ? ` · Temporal UI http://localhost:${config.temporal.uiPort}` : ''}`,
  );

  onShutdown(logger, async () => {
    await closeServer(server);
    await dispatcher.stop();
    worker.shutdown();
    await workerRun;
    await workerConnection.close();
    await connection.close();
    mailer.close();
    // After the worker drained: its last spans are in the batch, sent now.
    await tracing?.shutdown();
    await devServer?.stop();
    await database.close();
    logger.info('stopped');
  });
});
