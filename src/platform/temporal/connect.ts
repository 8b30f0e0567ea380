// Connections to a Temporal frontend (embedded dev server or an existing cluster) for the API and the worker.
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes';
import { sealedDataConverter, type PayloadKey } from './codec';

export class TemporalUnavailableError extends Error {}

/**
 * A client that seals every payload it sends and opens what it receives (src/temporal/codec.ts); with tracing on,
 * its interceptors open a span for each start and update and pass the trace on (src/platform/telemetry).
 */
export async function connectClient(
  address: string,
  namespace: string,
  payloadKeys: PayloadKey[],
  interceptors: WorkflowClientInterceptor[] = [],
): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s' });
  } catch (error) {
    throw new TemporalUnavailableError(`Temporal at ${address} is unreachable: ${(error as Error).message}`);
  }
  return { client: new Client({ connection, namespace, dataConverter: sealedDataConverter(payloadKeys), interceptors: { workflow: interceptors } }), connection };
}

export async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (error) {
    throw new TemporalUnavailableError(`Temporal at ${address} is unreachable: ${(error as Error).message}`);
  }
}

// @temporalio/proto is CommonJS: take the namespace from its default export.
const { temporal } = proto;
const INDEXED_TYPES: Partial<Record<string, proto.temporal.api.enums.v1.IndexedValueType>> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Creates the project's search attributes on that server where missing (scale-out starts do this). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of missing) {
    const type = INDEXED_TYPES[key.type];
    if (type === undefined) throw new Error(`search attribute ${key.name}: only keywords and keyword lists are registered here`);
    searchAttributes[key.name] = type;
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((key) => key.name);
}

/**
 * SDK core messages that describe expected situations, not failures: a completion for a task the server already
 * gave to another worker (timeout, a killed worker's task), or several updates racing into one workflow task
 * (e.g. 20 parallel accepts). They are logged at debug.
 */
const EXPECTED_SDK_MESSAGES = [
  /Activity not found on completion/,
  /Task not found when completing/,
  /Trying to send a new WFT for a run which already has one/,
  /unprocessed protocol messages while receiving new work/,
];
export const isExpectedSdkMessage = (message: string) => EXPECTED_SDK_MESSAGES.some((pattern) => pattern.test(message));

/**
 * Routes the SDK's logs into our JSON logger and leaves signal handling to the process (so shutdown runs in
 * order: API closed, worker drained, dev server stopped). Call once, before any connection is made.
 */
export function installTemporalRuntime(logger: PinoLogger, options: { metricsBind?: string } = {}): void {
  const sdk = logger.child({ component: 'temporal-sdk' }, { level: logger.levelVal <= 20 ? logger.level : 'warn' });
  // Known harmless races of several workers (see EXPECTED_SDK_MESSAGES) are kept, at debug, whatever their level.
  const forward =
    (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, meta?: Record<string, unknown>) =>
      sdk[isExpectedSdkMessage(message) ? 'debug' : level](meta ?? {}, message);
  Runtime.install({
    shutdownSignals: [],
    // The SDK core's own (Rust) log lines too, as JSON lines of this logger instead of coloured text on stderr;
    // the SDK's runtime metrics (workers, pollers, task latencies) for Prometheus, where configured (the API's
    // /metrics appends them when it runs in the same process).
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} },
      ...(options.metricsBind ? { metrics: { prometheus: { bindAddress: options.metricsBind } } } : {}),
    },
    logger: {
      log: (level, message, meta) => forward(level.toLowerCase() as 'info')(message, meta),
      trace: forward('trace'),
      debug: forward('debug'),
      info: forward('info'),
      warn: forward('warn'),
      error: forward('error'),
    },
  });
}
