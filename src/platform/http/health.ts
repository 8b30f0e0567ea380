import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from './router';

const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), database: z.enum(['up', 'down']), temporal: z.enum(['up', 'down']) })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Liveness of the API and its dependencies',
  responses: {
    200: { description: 'Everything answers', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'A dependency is down', content: { 'application/json': { schema: HealthSchema } } },
  },
});

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export const healthRoutes = createRouter().openapi(route, async (c) => {
  const { checks } = c.get('deps');
  const [database, temporal] = await Promise.all(
    [checks!.database, checks!.temporal].map((check) =>
      within(check(), 3000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ),
  );
  const body = { status: database === 'up' && temporal === 'up' ? ('ok' as const) : ('degraded' as const), database: database!, temporal: temporal! };
  return body.status === 'ok' ? c.json(body, 200) : c.json(body, 503);
});
