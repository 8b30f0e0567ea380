// The space timeline over HTTP: a thin route over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, pageOf, problems, TextPageQuery, UuidParam } from '../../platform/http/router';
import { SpaceEventSchema } from './schemas';
import { listEvents } from './use-cases';

const listEventsRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/events',
  tags: ['Spaces'],
  summary: "The space's timeline, newest first",
  security: bearer,
  request: { params: z.object({ spaceId: UuidParam('spaceId') }), query: TextPageQuery },
  responses: { 200: jsonContent(pageOf(SpaceEventSchema, 'SpaceEventPage'), 'Page of events'), ...problems(401, 404, 422) },
});

export const eventRoutes = createRouter().openapi(listEventsRoute, async (c) => c.json(await listEvents(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200));
