// The webhook rows: endpoints, the delivery log, what the dispatcher hands to workflows and what an attempt records.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/client';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../../platform/db/schema';
import { iso } from '../../platform/db/sql';
import { keysetBefore, toPage, type Page, type Position } from '../../platform/pagination';
import type { DeliveryView, EndpointView } from './schemas';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function toEndpointView(row: EndpointRow): EndpointView {
  return { id: row.id, spaceId: row.spaceId, url: row.url, events: row.events, status: row.status, disabledReason: row.disabledReason, createdAt: row.createdAt.toISOString() };
}

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  return { eventId: row.eventId, type: row.type, status: row.status, attempts: row.attempts, lastStatusCode: row.lastStatusCode, nextAttemptAt: iso(row.nextAttemptAt), createdAt: row.createdAt.toISOString() };
}

export async function findEndpoint(db: Executor, spaceId: string, endpointId: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.spaceId, spaceId))).limit(1);
  return row;
}

export async function spaceEndpoints(db: Executor, spaceId: string): Promise<EndpointRow[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.spaceId, spaceId)).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
}

/** An endpoint's deliveries, newest first. */
export async function endpointDeliveries(db: Executor, endpointId: string, limit: number, after: Position | undefined): Promise<Page<DeliveryRow>> {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), keysetBefore(webhookDeliveries.createdAt, webhookDeliveries.eventId, after)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.eventId }));
}

/** Redeliver: pending again and handed to the dispatcher anew (which starts or wakes its workflow). */
export async function requeueDelivery(db: Executor, endpointId: string, eventId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: new Date(), dispatchedAt: null, redeliveryRequested: true })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId)))
    .returning();
  return row;
}

/** What the attempt activity needs: the delivery, its event's body and its endpoint (with the secret). */
export async function deliveryToAttempt(db: Executor, eventId: string, endpointId: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, body: webhookEvents.body, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.eventId, eventId), eq(webhookDeliveries.endpointId, endpointId)))
    .limit(1);
  return row;
}

export interface AttemptRecord {
  eventId: string;
  endpointId: string;
  attempt: number;
  statusCode: number | null;
  outcome: 'delivered' | 'gone' | 'retry';
  /** When the next attempt comes, or null when this was the last. */
  nextAttemptAt: Date | null;
  now: Date;
  disableAfterMs: number;
}

/**
 * Records an attempt and what it means for the endpoint, in one transaction: a success clears its failing period,
 * 410 disables it, a failure starts (or continues) the failing period and disables it once that lasted
 * `disableAfterMs`. Answers whether this attempt disabled it for failing, and since when it failed.
 */
export async function recordAttempt(db: Database, record: AttemptRecord): Promise<{ disabledForFailing: Date | null }> {
  const { now } = record;
  const failed = record.outcome !== 'delivered';
  const status = record.outcome === 'delivered' ? 'delivered' : record.outcome === 'retry' && record.nextAttemptAt ? 'pending' : 'failed';
  return db.transaction(async (tx): Promise<{ disabledForFailing: Date | null }> => {
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`greatest(${webhookDeliveries.attempts}, ${record.attempt})`,
        lastStatusCode: record.statusCode,
        status,
        nextAttemptAt: status === 'pending' ? record.nextAttemptAt : null,
        ...(status === 'delivered' ? { deliveredAt: now } : {}),
      })
      .where(and(eq(webhookDeliveries.eventId, record.eventId), eq(webhookDeliveries.endpointId, record.endpointId)));
    if (!failed) {
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, record.endpointId));
      return { disabledForFailing: null };
    }
    if (record.outcome === 'gone') {
      await tx.update(webhookEndpoints).set({ status: 'disabled', disabledReason: 'gone', updatedAt: now }).where(and(eq(webhookEndpoints.id, record.endpointId), eq(webhookEndpoints.status, 'enabled')));
      return { disabledForFailing: null };
    }
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, record.endpointId))
      .returning({ failingSince: webhookEndpoints.failingSince, status: webhookEndpoints.status });
    const since = endpoint?.failingSince;
    if (!since || endpoint.status !== 'enabled' || now.getTime() - since.getTime() < record.disableAfterMs) return { disabledForFailing: null };
    await tx.update(webhookEndpoints).set({ status: 'disabled', disabledReason: 'failing', updatedAt: now }).where(eq(webhookEndpoints.id, record.endpointId));
    await tx.update(webhookDeliveries).set({ status: 'failed', nextAttemptAt: null }).where(and(eq(webhookDeliveries.endpointId, record.endpointId), eq(webhookDeliveries.status, 'pending')));
    return { disabledForFailing: since };
  });
}

/** A delivery that will not be attempted again (its endpoint disabled): failed, unless it was delivered. */
export async function stopDelivery(db: Executor, eventId: string, endpointId: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', nextAttemptAt: null })
    .where(and(eq(webhookDeliveries.eventId, eventId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
}
