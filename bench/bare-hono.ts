// Baseline for the benchmark: a bare Hono route returning a fixed JSON body, served the same way as the API.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const body = { items: [{ id: '00000000-0000-0000-0000-000000000000', name: 'fixed' }], nextCursor: null };
const app = new Hono().get('/bare', (c) => c.json(body));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3999), hostname: '127.0.0.1' });
