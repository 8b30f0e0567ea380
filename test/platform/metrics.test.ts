// Metrics for operators (issue 13): GET /metrics in Prometheus format — HTTP requests by route template and
// status, the process, and the Temporal SDK's runtime metrics of this process's worker (Core's Prometheus
// exporter at TEMPORAL_METRICS_BIND) — for operator tokens only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createSpace, person, startStack, type TestStack } from '../support';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

let stack: TestStack;
let sdkBind: string;
beforeAll(async () => {
  sdkBind = `127.0.0.1:${await freePort()}`;
  // Before startStack, whose quiet runtime then finds this one in place (one runtime per process).
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { metrics: { prometheus: { bindAddress: sdkBind } } } });
  stack = await startStack({ env: { TEMPORAL_METRICS_BIND: sdkBind } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('GET /metrics', () => {
  it('is refused to anonymous callers (401) and to anyone but an operator (403)', async () => {
    expect((await stack.call('GET', '/metrics')).status).toBe(401);
    const member = await stack.call('GET', '/metrics', { as: person('Mia Member') });
    expect([member.status, member.body.code]).toEqual([403, 'operator_required']);
  });

  it('counts and times requests by route template and status, and carries the Temporal SDK’s runtime metrics', async () => {
    const admin = person('Otto Observed');
    const space = await createSpace(stack, admin);
    for (let i = 0; i < 3; i += 1) expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).status).toBe(200);
    expect((await stack.call('GET', `/spaces/${crypto.randomUUID()}`, { as: admin })).status).toBe(404);
    expect((await stack.call('GET', '/no/such/route')).status).toBe(404);

    const scrape = await stack.app.request('/metrics', { headers: { authorization: `Bearer ${await stack.token(person('Olga Operator', { operator: true }))}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    const sample = (name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(sample('http_requests_total', 'method="GET",route="/spaces/\\{spaceId\\}",status="200"')).toBe(3);
    expect(sample('http_requests_total', 'method="GET",route="/spaces/\\{spaceId\\}",status="404"')).toBe(1);
    expect(sample('http_requests_total', 'method="POST",route="/spaces",status="201"')).toBe(1);
    expect(sample('http_requests_total', 'method="GET",route="unmatched",status="404"')).toBe(1);
    expect(sample('http_request_duration_seconds_count', 'method="GET",route="/spaces/\\{spaceId\\}",status="200"')).toBe(3);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/spaces\/\{spaceId\}",status="200"\} \d+$/m);
    // No raw path (ids) as a label.
    expect(text).not.toContain(space.id);
    // Node's process metrics and the worker's SDK metrics (pollers of this stack's task queue).
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^temporal_\w+/m);
    expect(text).toContain(`task_queue="${stack.taskQueue}"`);
  });
});
