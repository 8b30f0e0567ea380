// The timeline's one writer: every feature records what happened in a space through appendSpaceEvent, keyed so
// that a retried writer inserts one row (src/domain/timeline.ts).
import type { Executor } from './client';
import { spaceEvents } from './schema';
import { timelineEventId, type SpaceEventType } from '../../domain/timeline';


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
export function spaceEventRow(event: NewSpaceEvent): typeof spaceEvents.$inferInsert & { id: string; data: Record<string, unknown>; occurredAt: Date } {
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
  await db.insert(spaceEvents).values(spaceEventRow(event)).onConflictDoNothing();
}
