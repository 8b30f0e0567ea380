// Traces in tests: a local OTLP/HTTP receiver (JSON encoding, OTEL_EXPORTER_OTLP_PROTOCOL=http/json) that keeps
// every request it is sent, and the workflows bundled with the tracing interceptors, as a worker bundles them
// when traces are configured.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/platform/temporal/worker';
import { FAILURE_CONVERTER_PATH } from '../../src/platform/temporal/codec';
import { WORKFLOW_TRACING_MODULE } from '../../src/platform/telemetry';

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
const plain = (attributes: KeyValue[] = []) => Object.fromEntries(attributes.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue]));

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
  events: { name: string; attributes: Record<string, unknown> }[];
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (requests arrive at /v1/traces). */
  endpoint: string;
  /** Every request body as sent (for searching what must never be there). */
  bodies: string[];
  /** Requests by path. */
  paths: string[];
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      paths.push(request.url ?? '/');
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies,
    paths,
    spans: () =>
      bodies.flatMap((body) =>
        (JSON.parse(body).resourceSpans ?? []).flatMap((resourceSpans: any) =>
          (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans: any) =>
            (scopeSpans.spans ?? []).map((span: any) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              status: span.status?.code ?? 0,
              events: (span.events ?? []).map((event: any) => ({ name: event.name, attributes: plain(event.attributes) })),
              attributes: plain(span.attributes),
              resource: plain(resourceSpans.resource?.attributes),
            })),
          ),
        ),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The workflows bundled with the tracing interceptor module; returns the bundle's path and its clean-up. */
export async function bundleTracedWorkflows(): Promise<{ codePath: string; remove(): void }> {
  const noop = () => undefined;
  const logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (message: string) => process.stderr.write(`${message}\n`) };
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, workflowInterceptorModules: [WORKFLOW_TRACING_MODULE], logger });
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-traced-workflows-'));
  const codePath = path.join(dir, 'workflows.js');
  writeFileSync(codePath, bundle.code);
  return { codePath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
