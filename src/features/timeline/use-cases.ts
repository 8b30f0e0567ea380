// The space's timeline (R11): who did what, when, newest first; every member reads it.
import { and, desc, eq, sql } from 'drizzle-orm';
import { spaceEvents } from '../../platform/db/schema';
import { decodeCursor, keysetBefore, toPage, type Page, type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { readTablePageAsMember } from '../spaces/access';
import type { SpaceEventView } from './schemas';

export async function listEvents(requester: Requester, spaceId: string, query: PageRequest): Promise<Page<SpaceEventView>> {
  const before = decodeCursor(query.cursor, 'text');
  const page = requester.deps.db
    .select()
    .from(spaceEvents)
    .where(and(eq(spaceEvents.spaceId, spaceId), keysetBefore(spaceEvents.occurredAt, spaceEvents.id, before)))
    .orderBy(desc(spaceEvents.occurredAt), desc(spaceEvents.id))
    .limit(query.limit + 1);
  // The caller's rights and the page in one round trip.
  const { rows } = await readTablePageAsMember(requester, spaceId, spaceEvents, page, sql`occurred_at desc, id desc`);
  const { items, nextCursor } = toPage(rows, query.limit, (row) => ({ at: row.occurredAt.toISOString(), id: row.id }));
  return {
    items: items.map((row) => ({
      id: row.id,
      type: row.type,
      actor: row.actorName ? { personId: row.actorPersonId, name: row.actorName } : null,
      subjectId: row.subjectId,
      data: row.data,
      occurredAt: row.occurredAt.toISOString(),
    })),
    nextCursor,
  };
}
