// The outbox of events for API callers (API.md "Webhooks"): the SQL that records the event a timeline event stands
// for, with one delivery per enabled endpoint of the space subscribed to its type, inside the statement (and so the
// transaction) that writes the timeline event — none is missed, none is sent for a change that was rolled back.
// Nothing is written for a space without such an endpoint. Every feature records through the timeline's writer;
// the webhooks feature only reads this outbox (its dispatcher and delivery workflow).
import { sql, type SQL } from 'drizzle-orm';
import { webhookBody, webhookEventOf } from '../../domain/webhooks';
import type { SpaceEventType } from '../../domain/timeline';
import { derivedUuid } from '../temporal/ids';

export interface OutboxFact {
  /** The timeline event's id: the webhook event's id derives from it, so a retried writer records it once. */
  id: string;
  spaceId: string;
  type: SpaceEventType;
  subjectId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** The webhook event id of a timeline event (a UUID, the `webhook-id` of every attempt). */
export const webhookEventId = (timelineEventId: string) => derivedUuid('webhook-event', timelineEventId);

/**
 * CTEs (to follow a `with … ,`) that record the event, once `written` (a CTE name of the enclosing statement) holds
 * a row: the timeline event was inserted by this statement. Undefined when callers are not told of this type.
 */
export function webhookOutboxCtes(fact: OutboxFact, written: string): SQL | undefined {
  const event = webhookEventOf(fact);
  if (!event) return undefined;
  const id = webhookEventId(fact.id);
  const body = webhookBody({ ...event, id, spaceId: fact.spaceId, timestamp: fact.occurredAt.toISOString() });
  const when = sql.raw(written);
  return sql`webhook_subscribers as (
      select e.id from webhook_endpoints e
       where e.space_id = ${fact.spaceId}::uuid and e.status = 'enabled' and ${event.type} = any(e.events)
         and exists (select 1 from ${when})
    ), webhook_event as (
      insert into webhook_events (id, space_id, type, body, occurred_at)
      select ${id}::uuid, ${fact.spaceId}::uuid, ${event.type}, ${body}, ${fact.occurredAt.toISOString()}::timestamptz
       where exists (select 1 from webhook_subscribers)
      on conflict do nothing
      returning id
    ), webhook_delivery as (
      insert into webhook_deliveries (event_id, endpoint_id, space_id, type, next_attempt_at)
      select webhook_event.id, webhook_subscribers.id, ${fact.spaceId}::uuid, ${event.type}, now()
        from webhook_event, webhook_subscribers
      on conflict do nothing
    )`;
}
