// The timeline's one writer: every feature records what happened in a space through appendSpaceEvent, keyed so
// that a retried writer inserts one row (src/domain/timeline.ts). The event for API callers it stands for, if any,
// is recorded in the same statement (src/platform/db/webhook-outbox.ts).
import { sql } from 'drizzle-orm';
import type { Executor } from './client';
import { spaceEvents } from './schema';
import { timelineEventId, type SpaceEventType } from '../../domain/timeline';
import { webhookOutboxCtes } from './webhook-outbox';


export interface NewSpaceEvent {
  /** What makes the event unique (src/domain/timeline.ts): its id is `<type>/<key>`, so a retried writer inserts one row. */
  key: string;
  spaceId: string;
  type: SpaceEventType;
  actor: { personId: string; name: string } | null;
  subjectId?: string;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}


/** The row of a timeline event as written. */
export function spaceEventRow(event: NewSpaceEvent): typeof spaceEvents.$inferInsert & { id: string; data: Record<string, unknown>; occurredAt: Date; subjectId: string | null } {
  return {
    id: timelineEventId(event.type, event.key),
    spaceId: event.spaceId,
    type: event.type,
    actorPersonId: event.actor?.personId ?? null,
    actorName: event.actor?.name ?? null,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
    occurredAt: event.occurredAt ?? new Date(),
  };
}


export async function appendSpaceEvent(db: Executor, event: NewSpaceEvent): Promise<void> {
  const row = spaceEventRow(event);
  const outbox = webhookOutboxCtes(row, 'timeline');
  if (!outbox) {
    await db.insert(spaceEvents).values(row).onConflictDoNothing();
    return;
  }
  await db.execute(sql`
    with timeline as (
      insert into space_events (id, space_id, type, actor_person_id, actor_name, subject_id, data, occurred_at)
      values (${row.id}, ${row.spaceId}::uuid, ${row.type}, ${row.actorPersonId}::uuid, ${row.actorName}, ${row.subjectId},
              ${JSON.stringify(row.data)}::jsonb, ${row.occurredAt.toISOString()}::timestamptz)
      on conflict do nothing
      returning id
    ), ${outbox}
    select 1`);
}
