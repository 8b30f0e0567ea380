// `npm run api`: the API alone, against an existing Temporal (TEMPORAL_ADDRESS) and Postgres (DATABASE_URL).
// Any number may run side by side.
import { ConfigError } from './platform/config';
import { createLogger } from './platform/logger';
import { closeServer, watchProcess, onShutdown, openDatabaseFor, readConfig, runMain, startApi } from './runtime';
import { connectClient, ensureSearchAttributes, installTemporalRuntime } from './platform/temporal/connect';
import { startTracing } from './platform/telemetry';

await runMain('api', async () => {
  const config = readConfig();
  if (!config.temporal.address || !config.databaseUrl) throw new ConfigError('npm run api needs TEMPORAL_ADDRESS and DATABASE_URL (use npm start for the embedded setup)');
  const logger = createLogger(config.logLevel, 'api');
  watchProcess(logger);
  installTemporalRuntime(logger, { metricsBind: config.metrics.temporalBind });
  const tracing = await startTracing(config.traces, { serviceName: 'professional-spaces-api', logger });
  const database = await openDatabaseFor(config);
  const { client, connection } = await connectClient(config.temporal.address, config.temporal.namespace, config.payloadKeys, tracing?.clientInterceptors);
  const created = await ensureSearchAttributes(connection, config.temporal.namespace);
  if (created.length > 0) logger.info({ created }, 'search attributes created');
  const server = await startApi({ config, database, client, logger, tracing });
  logger.info(`ready: API http://localhost:${config.port} · docs http://localhost:${config.port}/docs`);
  onShutdown(logger, async () => {
    await closeServer(server);
    await connection.close();
    await tracing?.shutdown();
    await database.close();
    logger.info('stopped');
  });
});
