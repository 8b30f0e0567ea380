// The space timeline: who did what, when, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, sql } from 'drizzle-orm';
import { spaceEvents } from '../../platform/db/schema';
import { SPACE_EVENT_TYPES } from '../../domain/timeline';
import { readTablePageAsMember } from '../../platform/http/auth';
import { decodeCursor, keysetBefore, toPage } from '../../platform/http/pagination';
import { bearer, createRouter, pageOf, problems, TextPageQuery, UuidParam } from '../../platform/http/router';

const SpaceEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(SPACE_EVENT_TYPES),
    actor: z.object({ personId: z.string().uuid().nullable(), name: z.string() }).nullable().openapi({ description: 'null when the system acted (reminders, expiry)' }),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.string().datetime(),
  })
  .openapi('SpaceEvent');

const listEvents = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/events',
  tags: ['Spaces'],
  summary: "The space's timeline, newest first",
  security: bearer,
  request: { params: z.object({ spaceId: UuidParam('spaceId') }), query: TextPageQuery },
  responses: { 200: { description: 'Page of events', content: { 'application/json': { schema: pageOf(SpaceEventSchema, 'SpaceEventPage') } } }, ...problems(401, 404, 422) },
});

export const eventRoutes = createRouter().openapi(listEvents, async (c) => {
  const { spaceId } = c.req.valid('param');
  const { limit, cursor } = c.req.valid('query');
  const before = decodeCursor(cursor, 'text');
  // The caller's rights and the page in one round trip.
  const query = c
    .get('deps')
    .db.select()
    .from(spaceEvents)
    .where(
      and(
        eq(spaceEvents.spaceId, spaceId),
        keysetBefore(spaceEvents.occurredAt, spaceEvents.id, before),
      ),
    )
    .orderBy(desc(spaceEvents.occurredAt), desc(spaceEvents.id))
    .limit(limit + 1);
  const { rows } = await readTablePageAsMember(c, spaceId, spaceEvents, query, sql`occurred_at desc, id desc`);
  const page = toPage(rows, limit, (row) => ({ at: row.occurredAt.toISOString(), id: row.id }));
  return c.json(
    {
      items: page.items.map((row) => ({
        id: row.id,
        type: row.type,
        actor: row.actorName ? { personId: row.actorPersonId, name: row.actorName } : null,
        subjectId: row.subjectId,
        data: row.data,
        occurredAt: row.occurredAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    },
    200,
  );
});
