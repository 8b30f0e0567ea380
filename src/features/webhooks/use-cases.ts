// Webhook endpoints of a space and their delivery log (API.md "Webhooks"): administrators only; a target is checked
// when it is saved (and again by every attempt); the secret is shown at creation and at rotation only; a redelivery
// hands the delivery to the dispatcher again, which starts or wakes its workflow.
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { DomainError, notFound } from '../../domain/errors';
import { webhookEndpoints } from '../../platform/db/schema';
import { decodeCursor, type Page, type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { requireAdministrator, requireMembership } from '../spaces/access';
import type { DeliveryView, EndpointChange, EndpointCreate, EndpointView, EndpointWithSecret } from './schemas';
import { newWebhookSecret } from './signing';
import { endpointDeliveries, findEndpoint, requeueDelivery, spaceEndpoints, toDeliveryView, toEndpointView, type EndpointRow } from './store';
import { targetRefusal } from './target';

async function requireSpaceAdministrator(requester: Requester, spaceId: string): Promise<void> {
  requireAdministrator(await requireMembership(requester, spaceId), "manage the space's webhooks");
}

async function endpointOf(requester: Requester, spaceId: string, endpointId: string): Promise<EndpointRow> {
  await requireSpaceAdministrator(requester, spaceId);
  const endpoint = await findEndpoint(requester.deps.db, spaceId, endpointId);
  if (!endpoint) throw notFound('The webhook endpoint');
  return endpoint;
}

/** 422 webhook_url_refused when a webhook may not go there (production: https, public addresses only). */
async function requireTarget(requester: Requester, url: string): Promise<void> {
  const refusal = await targetRefusal(url, { publicTargetsOnly: requester.deps.config.webhooks.publicTargetsOnly });
  if (refusal) throw new DomainError('webhook_url_refused', `Webhook target refused: ${refusal}`, { errors: [{ path: 'url', message: refusal }] });
}

export async function createEndpoint(requester: Requester, spaceId: string, body: EndpointCreate): Promise<EndpointWithSecret> {
  await requireSpaceAdministrator(requester, spaceId);
  await requireTarget(requester, body.url);
  const [row] = await requester.deps.db
    .insert(webhookEndpoints)
    .values({ id: randomUUID(), spaceId, url: body.url, events: body.events, secret: newWebhookSecret() })
    .returning();
  return { ...toEndpointView(row!), secret: row!.secret };
}

export async function listEndpoints(requester: Requester, spaceId: string): Promise<{ items: EndpointView[]; nextCursor: null }> {
  await requireSpaceAdministrator(requester, spaceId);
  return { items: (await spaceEndpoints(requester.deps.db, spaceId)).map(toEndpointView), nextCursor: null };
}

export async function getEndpoint(requester: Requester, spaceId: string, endpointId: string): Promise<EndpointView> {
  return toEndpointView(await endpointOf(requester, spaceId, endpointId));
}

/** A change of URL is checked like a new one; enabling again clears the failing period. */
export async function changeEndpoint(requester: Requester, spaceId: string, endpointId: string, change: EndpointChange): Promise<EndpointView> {
  const endpoint = await endpointOf(requester, spaceId, endpointId);
  if (change.url !== undefined) await requireTarget(requester, change.url);
  const status = change.status ?? endpoint.status;
  const [row] = await requester.deps.db
    .update(webhookEndpoints)
    .set({
      url: change.url ?? endpoint.url,
      events: change.events ?? endpoint.events,
      status,
      ...(change.status === 'enabled' ? { disabledReason: null, failingSince: null } : change.status === 'disabled' && endpoint.status === 'enabled' ? { disabledReason: 'administrator' } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.spaceId, spaceId)))
    .returning();
  return toEndpointView(row!);
}

/** Deleting ends its deliveries too: their workflows find nothing to deliver and stop. */
export async function deleteEndpoint(requester: Requester, spaceId: string, endpointId: string): Promise<void> {
  await endpointOf(requester, spaceId, endpointId);
  await requester.deps.db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.spaceId, spaceId)));
}

/** A new secret, shown once; the next attempt of every delivery signs with it. */
export async function rotateSecret(requester: Requester, spaceId: string, endpointId: string): Promise<EndpointWithSecret> {
  await endpointOf(requester, spaceId, endpointId);
  const [row] = await requester.deps.db.update(webhookEndpoints).set({ secret: newWebhookSecret(), updatedAt: new Date() }).where(eq(webhookEndpoints.id, endpointId)).returning();
  return { ...toEndpointView(row!), secret: row!.secret };
}

export async function listDeliveries(requester: Requester, spaceId: string, endpointId: string, query: PageRequest): Promise<Page<DeliveryView>> {
  await endpointOf(requester, spaceId, endpointId);
  const page = await endpointDeliveries(requester.deps.db, endpointId, query.limit, decodeCursor(query.cursor));
  return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
}

/** "Redeliver": a new attempt with the same `webhook-id` (409 webhook_disabled while the endpoint is disabled). */
export async function redeliver(requester: Requester, spaceId: string, endpointId: string, eventId: string): Promise<DeliveryView> {
  const endpoint = await endpointOf(requester, spaceId, endpointId);
  if (endpoint.status !== 'enabled') throw new DomainError('webhook_disabled', 'The endpoint is disabled; enable it before redelivering.');
  const row = await requeueDelivery(requester.deps.db, endpointId, eventId);
  if (!row) throw notFound('The delivery');
  return toDeliveryView(row);
}
