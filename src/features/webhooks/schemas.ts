// Webhook endpoints and deliveries (API.md "Webhooks"): each request and view declared once; types inferred.
import { z } from '@hono/zod-openapi';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_ENDPOINT_STATUSES, WEBHOOK_EVENT_TYPES } from '../../domain/webhooks';

const UrlSchema = z
  .string()
  .max(2000)
  .url()
  .regex(/^https?:\/\//i, 'must be an http(s) URL')
  .openapi({ description: 'Where events are POSTed; with NODE_ENV=production `https` only, never a private, loopback or link-local address', example: 'https://portal.example.lu/hooks/spaces' });
const EventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, 'each event type once')
  .openapi({ uniqueItems: true });

export const EndpointCreateSchema = z.object({ url: UrlSchema, events: EventsSchema }).strict().openapi('WebhookEndpointCreate');
export type EndpointCreate = z.infer<typeof EndpointCreateSchema>;

export const EndpointChangeSchema = z
  .object({ url: UrlSchema.optional(), events: EventsSchema.optional(), status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional() })
  .strict()
  .refine((body) => body.url !== undefined || body.events !== undefined || body.status !== undefined, 'name a url, events or a status')
  .openapi('WebhookEndpointChange', { minProperties: 1 });
export type EndpointChange = z.infer<typeof EndpointChangeSchema>;

export const EndpointSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
    disabledReason: z.string().nullable().openapi({ description: '`gone` (the receiver answered 410), `failing` (5 days of failures) or `administrator`' }),
    createdAt: z.string().datetime(),
  })
  .openapi('WebhookEndpoint');
export type EndpointView = z.infer<typeof EndpointSchema>;

export const EndpointWithSecretSchema = EndpointSchema.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/).openapi({ description: 'Signs every delivery (Standard Webhooks); shown only here' }),
}).openapi('WebhookEndpointWithSecret');
export type EndpointWithSecret = z.infer<typeof EndpointWithSecretSchema>;

export const DeliverySchema = z
  .object({
    eventId: z.string().uuid().openapi({ description: 'The `webhook-id` of every attempt' }),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int().min(0),
    lastStatusCode: z.number().int().nullable(),
    nextAttemptAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi('WebhookDelivery');
export type DeliveryView = z.infer<typeof DeliverySchema>;

/** The body of every event (API.md): ids and statuses, never a certificate number, e-mail or code. */
export const WebhookEventBodySchema = z
  .object({
    id: z.string().uuid(),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    timestamp: z.string().datetime(),
    spaceId: z.string().uuid(),
    data: z.record(z.string(), z.string()).openapi({ description: 'The subject’s id (`invitationId`, `memberId`, `requestId`, `mandateId`, `procedureId`), its `status`, and catalog codes (`role`, `activityField`, `section`, `type`)' }),
  })
  .openapi('WebhookEvent');
