// The OpenTelemetry SDK behind ./index.ts: one tracer provider per process (registered globally, so the request's
// context flows through async calls and into Temporal headers), spans batched to the OTLP/HTTP collector, and
// everything that leaves the process first passes `redacted` — an allow-list of attributes, error events and
// statuses reduced to their type, so no personal data (certificate number, name, e-mail), code, token or cookie
// reaches a span whatever a library or an error message would put there.
import { context, diag, DiagLogLevel, propagation, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor, type TimedEvent } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { httpInstrumentationMiddleware } from '@hono/otel';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryWorkflowClientInterceptor, type OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import type { Context as OtelContext } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { TracesSettings } from '../config';
import { WORKFLOW_TRACING_MODULE, type Tracing } from './index';

/**
 * The span attributes that may leave the process: methods, route templates, status codes, and Temporal's
 * identifiers (workflow ids read `invitation-<uuid>`, never a person). Anything else — url.full with its query,
 * header values, a terminate reason, the workflow info the SDK's sink would add (search attributes, memo) — is
 * dropped.
 */
const ALLOWED_ATTRIBUTES = new Set([
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  'workflowType',
  'workflowId',
  'runId',
  'taskQueue',
  'namespace',
]);

const allowed = (attributes: Attributes): Attributes => Object.fromEntries(Object.entries(attributes).filter(([key]) => ALLOWED_ATTRIBUTES.has(key)));

/** An event keeps its name; an exception keeps its type only (its message and stack may quote personal data). */
const event = (timed: TimedEvent): TimedEvent => ({
  name: timed.name,
  time: timed.time,
  attributes: timed.name === 'exception' ? Object.fromEntries(Object.entries(timed.attributes ?? {}).filter(([key]) => key === 'exception.type')) : {},
  droppedAttributesCount: 0,
});

export function redacted(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    // An error stays an error; its message goes to the logs, not to the trace.
    status: { code: span.status.code },
    attributes: allowed(span.attributes),
    links: span.links.map((link) => ({ context: link.context })),
    events: span.events.map(event),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationLibrary: span.instrumentationLibrary,
    droppedAttributesCount: 0,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Hands spans on to `next` once redacted. */
class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parent: OtelContext): void {
    this.next.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    this.next.onEnd(redacted(span));
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

/** Probes and scrapes (every few seconds, from machines) would bury the requests of people: not traced. */
const UNTRACED_PATHS = new Set(['/health', '/metrics']);

export function createTracing(settings: TracesSettings, options: { serviceName: string; logger: Logger }): Tracing {
  // Export failures (collector down) are worth a warning; nothing else of the SDK's own chatter.
  const log = options.logger.child({ component: 'traces' });
  diag.setLogger({ error: (message) => log.warn(message), warn: (message) => log.warn(message), info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);

  const exporter = settings.protocol === 'http/json' ? new JsonExporter({ url: settings.url }) : new ProtobufExporter({ url: settings.url });
  const processor = new RedactingSpanProcessor(new BatchSpanProcessor(exporter));
  const resource = new Resource({ [ATTR_SERVICE_NAME]: settings.serviceName ?? options.serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  // Global: the AsyncLocalStorage context manager and the W3C trace-context propagator that the interceptors use.
  provider.register();

  // The SDK's sink adds the whole workflow info to each workflow span (search attributes, memo): it gets only the ids.
  const workflowSink = makeWorkflowExporter(processor, provider.resource);
  const sinks: InjectedSinks<OpenTelemetrySinks> = {
    exporter: {
      export: {
        fn: (info, spans) => workflowSink.export.fn({ workflowId: info.workflowId, runId: info.runId, workflowType: info.workflowType, taskQueue: info.taskQueue, namespace: info.namespace } as typeof info, spans),
      },
    },
  };
  const tracer = (name: string) => provider.getTracer(name);
  // No header is captured (the middleware's default, kept explicit): Authorization and Cookie never reach a span.
  const httpSpan = httpInstrumentationMiddleware({ tracerProvider: provider, captureRequestHeaders: [], captureResponseHeaders: [], captureActiveRequests: false });

  return {
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracer('@temporalio/interceptor-client') })],
    worker: {
      activityInterceptors: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer: tracer('@temporalio/interceptor-activity') }) })],
      workflowModules: [WORKFLOW_TRACING_MODULE],
      sinks,
    },
    httpMiddleware: (c, next) => (UNTRACED_PATHS.has(c.req.path) ? next() : httpSpan(c, next)),
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      // Unregistered, so that a later start in the same process (tests) begins from nothing.
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
