// Metrics an operator scrapes (Prometheus text format) on GET /metrics, operators only: HTTP requests counted
// and timed by route template and status, the Node process's own metrics and, where this process runs a worker
// with TEMPORAL_METRICS_BIND set, the Temporal SDK's runtime metrics (Core's exporter, bound to that address).
import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config';
import type { AppEnv } from './env';
import { bearer, createRouter, problems } from './router';

let processRegistry: Registry | undefined;
/** Node's process metrics, collected once per process however many apps it builds (tests build many). */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface HttpMetrics {
  registry: Registry;
  middleware: ReturnType<typeof createMiddleware<AppEnv>>;
}

/** The route template that answered (`/spaces/{spaceId}`), never the path itself: ids would explode the series. */
function routeTemplate(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0]): string {
  const handler = matchedRoutes(c)
    .filter((route) => route.method !== 'ALL')
    .at(-1);
  return handler ? handler.path.replace(/:([A-Za-z]+)/g, '{$1}') : 'unmatched';
}

export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const labels = { method: c.req.method, route: routeTemplate(c), status: String(c.res.status) };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  });
  return { registry, middleware };
}

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operators'],
  summary: 'Prometheus metrics: HTTP requests, the process and the Temporal SDK runtime; operators only',
  security: bearer,
  responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } }, ...problems(401, 403) },
});

/** Core's own exporter of this process (TEMPORAL_METRICS_BIND), appended so one scrape sees everything. */
async function temporalSdkMetrics(bind: string | undefined): Promise<string> {
  if (!bind) return '';
  try {
    const response = await fetch(`http://${bind}/metrics`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.text() : `# Temporal SDK metrics at ${bind}: HTTP ${response.status}\n`;
  } catch (error) {
    return `# Temporal SDK metrics at ${bind} unavailable: ${(error as Error).message}\n`;
  }
}

export function metricsRoutes(config: Config, http: HttpMetrics) {
  return createRouter().openapi(metricsRoute, async (c) => {
    const merged = Registry.merge([http.registry, processMetrics()]);
    const text = `${await merged.metrics()}\n${await temporalSdkMetrics(config.metrics.temporalBind)}`;
    return c.text(text, 200, { 'content-type': merged.contentType });
  });
}
