// Traces (API.md "Traces"): switched on by an OTLP endpoint in the configuration. Off, nothing of OpenTelemetry is
// loaded — no SDK, no interceptors, no middleware — so this module only holds what the composition roots need to
// ask for it; the SDK wiring lives in ./otel.ts, imported on demand.
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { TracesSettings } from '../config';

/** The workflow interceptor module, given to the bundler (a worker bundling at start, or a pre-built bundle). */
export const WORKFLOW_TRACING_MODULE = fileURLToPath(new URL('./workflow-interceptors.ts', import.meta.url));

export interface Tracing {
  /** Temporal client: a span per start, update, signal…, its context passed on in the Temporal headers. */
  clientInterceptors: WorkflowClientInterceptor[];
  /** Worker: activity spans, the workflow interceptor module and the sink its spans leave the workflow through. */
  worker: {
    activityInterceptors: ActivityInterceptorsFactory[];
    workflowModules: string[];
    sinks: InjectedSinks<OpenTelemetrySinks>;
  };
  /** HTTP: the request's span (named by the route template), parent of whatever the request does. */
  httpMiddleware: MiddlewareHandler;
  /** Sends what is buffered now. */
  flush(): Promise<void>;
  /** Sends what is buffered and stops (the process's clean stop, after the worker has drained). */
  shutdown(): Promise<void>;
}

/** Tracing as configured, or undefined when no endpoint is set (then nothing is loaded or installed). */
export async function startTracing(settings: TracesSettings | undefined, options: { serviceName: string; logger: Logger }): Promise<Tracing | undefined> {
  if (!settings) return undefined;
  const { createTracing } = await import('./otel');
  return createTracing(settings, options);
}
