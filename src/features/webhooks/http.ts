// Webhooks over HTTP (API.md "Webhooks"): thin routes over use-cases.ts, and each event type in the OpenAPI
// document's `webhooks` section.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { DeliverySchema, EndpointChangeSchema, EndpointCreateSchema, EndpointSchema, EndpointWithSecretSchema, WebhookEventBodySchema } from './schemas';
import { changeEndpoint, createEndpoint, deleteEndpoint, getEndpoint, listDeliveries, listEndpoints, redeliver, rotateSecret } from './use-cases';

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const endpointParams = z.object({ spaceId: UuidParam('spaceId'), webhookId: UuidParam('webhookId') });
const deliveryParams = endpointParams.extend({ eventId: UuidParam('eventId') });
const tags = ['Webhooks'];
const body = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const base = '/spaces/{spaceId}/webhooks';

const routes = {
  create: createRoute({ method: 'post', path: base, tags, summary: 'Subscribe an endpoint to event types; the secret is shown only in this answer (administrators)', security: bearer, request: { params: spaceParams, ...body(EndpointCreateSchema) }, responses: { 201: jsonContent(EndpointWithSecretSchema, 'The endpoint and its secret'), ...problems(401, 403, 404, 422) } }),
  list: createRoute({ method: 'get', path: base, tags, summary: "The space's webhook endpoints (administrators)", security: bearer, request: { params: spaceParams }, responses: { 200: jsonContent(pageOf(EndpointSchema, 'WebhookEndpointPage'), 'The endpoints'), ...problems(401, 403, 404, 422) } }),
  get: createRoute({ method: 'get', path: `${base}/{webhookId}`, tags, summary: 'One webhook endpoint (administrators)', security: bearer, request: { params: endpointParams }, responses: { 200: jsonContent(EndpointSchema, 'The endpoint'), ...problems(401, 403, 404, 422) } }),
  patch: createRoute({ method: 'patch', path: `${base}/{webhookId}`, tags, summary: "Change an endpoint's URL, event types or status (administrators)", security: bearer, request: { params: endpointParams, ...body(EndpointChangeSchema) }, responses: { 200: jsonContent(EndpointSchema, 'The endpoint'), ...problems(401, 403, 404, 422) } }),
  remove: createRoute({ method: 'delete', path: `${base}/{webhookId}`, tags, summary: 'Delete an endpoint and its pending deliveries (administrators)', security: bearer, request: { params: endpointParams }, responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404, 422) } }),
  rotate: createRoute({ method: 'post', path: `${base}/{webhookId}/rotate-secret`, tags, summary: 'A new signing secret, shown only in this answer (administrators)', security: bearer, request: { params: endpointParams }, responses: { 200: jsonContent(EndpointWithSecretSchema, 'The endpoint and its new secret'), ...problems(401, 403, 404, 422) } }),
  deliveries: createRoute({ method: 'get', path: `${base}/{webhookId}/deliveries`, tags, summary: "The endpoint's delivery log, newest first (administrators)", security: bearer, request: { params: endpointParams, query: PageQuery }, responses: { 200: jsonContent(pageOf(DeliverySchema, 'WebhookDeliveryPage'), 'Page of deliveries'), ...problems(401, 403, 404, 422) } }),
  redeliver: createRoute({ method: 'post', path: `${base}/{webhookId}/deliveries/{eventId}/redeliver`, tags, summary: 'Deliver an event again, with the same webhook-id (administrators)', security: bearer, request: { params: deliveryParams }, responses: { 202: jsonContent(DeliverySchema, 'The delivery, pending again'), ...problems(401, 403, 404, 409, 422) } }),
};

export const webhookRoutes = createRouter()
  .openapi(routes.create, async (c) => c.json(await createEndpoint(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json')), 201))
  .openapi(routes.list, async (c) => c.json(await listEndpoints(requesterOf(c), c.req.valid('param').spaceId), 200))
  .openapi(routes.get, async (c) => {
    const { spaceId, webhookId } = c.req.valid('param');
    return c.json(await getEndpoint(requesterOf(c), spaceId, webhookId), 200);
  })
  .openapi(routes.patch, async (c) => {
    const { spaceId, webhookId } = c.req.valid('param');
    return c.json(await changeEndpoint(requesterOf(c), spaceId, webhookId, c.req.valid('json')), 200);
  })
  .openapi(routes.remove, async (c) => {
    const { spaceId, webhookId } = c.req.valid('param');
    await deleteEndpoint(requesterOf(c), spaceId, webhookId);
    return c.body(null, 204);
  })
  .openapi(routes.rotate, async (c) => {
    const { spaceId, webhookId } = c.req.valid('param');
    return c.json(await rotateSecret(requesterOf(c), spaceId, webhookId), 200);
  })
  .openapi(routes.deliveries, async (c) => {
    const { spaceId, webhookId } = c.req.valid('param');
    return c.json(await listDeliveries(requesterOf(c), spaceId, webhookId, c.req.valid('query')), 200);
  })
  .openapi(routes.redeliver, async (c) => {
    const { spaceId, webhookId, eventId } = c.req.valid('param');
    return c.json(await redeliver(requesterOf(c), spaceId, webhookId, eventId), 202);
  });

/** The `webhooks` section: what each event type's POST to an endpoint carries, signed as Standard Webhooks says. */
export function documentWebhooks(app: { openAPIRegistry: OpenAPIHono['openAPIRegistry'] }): void {
  const headers = z.object({
    'webhook-id': z.string().uuid().openapi({ description: 'The event id: the same on every attempt and redelivery' }),
    'webhook-timestamp': z.string().regex(/^\d+$/).openapi({ description: 'Unix seconds of this attempt' }),
    'webhook-signature': z.string().regex(/^v1,/).openapi({ description: '`v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`, keyed by the base64-decoded secret after `whsec_`' }),
  });
  for (const type of WEBHOOK_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      tags,
      summary: `The event ${type}`,
      description: 'Answer 2xx within 10 s; anything else is retried after WEBHOOK_RETRY_SCHEDULE with the same webhook-id; 410 disables the endpoint.',
      request: { headers, body: { required: true, content: { 'application/json': { schema: WebhookEventBodySchema } } } },
      responses: { 200: { description: 'Delivered (any 2xx)' }, 410: { description: 'Gone: the endpoint is disabled' } },
    });
  }
}
