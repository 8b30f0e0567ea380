// Events for API callers (API.md "Webhooks"): a space's endpoints, the outbox of events written in the same
// transaction as the change they tell of, and one delivery per event and endpoint (the delivery log).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { WebhookDeliveryStatus, WebhookEndpointStatus, WebhookEventType } from '../../../domain/webhooks';
import { createdAt, timestampColumn } from './columns';
import { spaces } from './spaces';

/** An endpoint of a space. The secret signs every delivery; only activities read it (never workflow history). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().$type<WebhookEventType[]>().notNull(),
    secret: text('secret').notNull(),
    status: text('status').$type<WebhookEndpointStatus>().notNull().default('enabled'),
    /** Why it was disabled: `gone` (410), `failing` (5 days of failures) or `administrator`. */
    disabledReason: text('disabled_reason'),
    /** Since when every attempt failed (null after a success). */
    failingSince: timestampColumn('failing_since'),
    createdAt: createdAt(),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (table) => [index('webhook_endpoints_space_idx').on(table.spaceId)],
);

/** The outbox: one row per event, its body exactly as signed and sent. */
export const webhookEvents = pgTable('webhook_events', {
  id: uuid('id').primaryKey(),
  spaceId: uuid('space_id').notNull(),
  type: text('type').$type<WebhookEventType>().notNull(),
  body: text('body').notNull(),
  occurredAt: timestampColumn('occurred_at').notNull(),
});

/** One event to one endpoint: dispatched to its workflow once (`dispatchedAt`), then kept in step by it. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    spaceId: uuid('space_id').notNull(),
    type: text('type').$type<WebhookEventType>().notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    nextAttemptAt: timestampColumn('next_attempt_at'),
    deliveredAt: timestampColumn('delivered_at'),
    dispatchedAt: timestampColumn('dispatched_at'),
    /** Put back by "Redeliver": its workflow is woken (running) or run again (finished), never for a first dispatch. */
    redeliveryRequested: boolean('redelivery_requested').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.endpointId] }),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt, table.eventId),
    index('webhook_deliveries_undispatched_idx').on(table.createdAt).where(sql`${table.dispatchedAt} is null`),
  ],
);
