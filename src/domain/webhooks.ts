// Events for API callers (API.md "Webhooks"): the event types, which change of a space's timeline each stands for,
// and what its body may say — ids, statuses and catalog codes, never a certificate number, an e-mail, a name or a
// code. Pure: the delivery workflow and the outbox writer import it.
import type { SpaceEventType } from './timeline';

export const WEBHOOK_EVENT_TYPES = [
  'invitation.created',
  'invitation.accepted',
  'invitation.declined',
  'invitation.cancelled',
  'invitation.expired',
  'member.updated',
  'member.removed',
  'certification.submitted',
  'certification.decided',
  'mandate.dispatched',
  'mandate.activated',
  'mandate.revoked',
  'mandate.expired',
  'mandate.ended',
  'procedure.signed',
  'procedure.submitted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** The timeline event as written (src/platform/db/timeline.ts), as far as an event for API callers needs it. */
export interface TimelineFact {
  type: SpaceEventType;
  subjectId: string | null;
  data: Record<string, unknown>;
}

export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, string>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** Only the named fields, and only when they are strings: nothing else of the timeline's data leaves. */
function pick(data: Record<string, unknown>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = text(data[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * The event for API callers a timeline event stands for, or undefined when callers are not told of it. A mandate's
 * events reach the mandator's space (mandate.*) and each delegate's (delegation.started / delegation.ended).
 */
export function webhookEventOf(fact: TimelineFact): WebhookEvent | undefined {
  const id = fact.subjectId ?? '';
  const { data } = fact;
  switch (fact.type) {
    case 'invitation.created':
      return { type: 'invitation.created', data: { invitationId: id, status: 'pending', ...pick(data, ['role']) } };
    case 'invitation.accepted':
    case 'invitation.declined':
    case 'invitation.cancelled':
    case 'invitation.expired': {
      const status = fact.type.slice('invitation.'.length);
      return { type: fact.type, data: { invitationId: id, status } };
    }
    case 'member.changed': {
      const to = (data.to ?? {}) as Record<string, unknown>;
      return { type: 'member.updated', data: { memberId: id, status: 'active', ...pick(to, ['role', 'certificateMode']) } };
    }
    case 'member.removed':
      return { type: 'member.removed', data: { memberId: id, status: 'removed' } };
    case 'certification.submitted':
      return { type: 'certification.submitted', data: { requestId: id, status: 'submitted', ...pick(data, ['activityField']) } };
    case 'certification.approved':
    case 'certification.rejected':
    case 'certification.information_requested':
      return { type: 'certification.decided', data: { requestId: id, status: fact.type.slice('certification.'.length), ...pick(data, ['activityField']) } };
    case 'mandate.letters_dispatched':
      return { type: 'mandate.dispatched', data: { mandateId: id, status: 'dispatched' } };
    case 'mandate.holder_activated':
      return { type: 'mandate.activated', data: { mandateId: id, status: 'active', role: 'mandator', ...pick(data, ['section']) } };
    case 'delegation.started':
      return { type: 'mandate.activated', data: { mandateId: id, status: 'active', role: 'delegate', ...pick(data, ['section', 'mandatorSpaceId']) } };
    case 'mandate.revoked':
    case 'mandate.expired':
    case 'mandate.ended': {
      const status = fact.type.slice('mandate.'.length);
      return { type: fact.type, data: { mandateId: id, status, role: 'mandator', ...pick(data, ['section']) } };
    }
    case 'delegation.ended': {
      const ended = text(data.reason) === 'ended';
      return { type: ended ? 'mandate.ended' : 'mandate.revoked', data: { mandateId: id, status: ended ? 'ended' : 'revoked', role: 'delegate', ...pick(data, ['section']) } };
    }
    case 'procedure.signed':
    case 'procedure.submitted':
      return { type: fact.type, data: { procedureId: id, status: fact.type.slice('procedure.'.length), ...pick(data, ['type']) } };
    default:
      return undefined;
  }
}

/** The body API callers receive (API.md): `{id, type, timestamp, spaceId, data}`. */
export function webhookBody(event: WebhookEvent & { id: string; spaceId: string; timestamp: string }): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.timestamp, spaceId: event.spaceId, data: event.data });
}

/** What an attempt's answer means (API.md): 2xx delivered, 410 disables the endpoint, anything else is retried. */
export function attemptOutcome(statusCode: number | null): 'delivered' | 'gone' | 'retry' {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'gone';
  return 'retry';
}
