// The delivery workflow as the dispatcher and the workflow share it. Pure: the workflow bundle imports it.
import { defineSignal } from '@temporalio/workflow';
import type { WebhookEventType } from '../../domain/webhooks';

/** One workflow per event and endpoint; a redelivery of a finished one is a new run of the same id. */
export const webhookDeliveryWorkflowId = (endpointId: string, eventId: string) => `webhook-${endpointId}-${eventId}`;

/** Ids and the schedule only: the body is read, and the secret used, by the attempt activity alone. */
export interface WebhookDeliveryInput {
  eventId: string;
  endpointId: string;
  spaceId: string;
  type: WebhookEventType;
  /** The number of this run's first attempt (a redelivery continues the count). */
  firstAttempt: number;
  /** Waits between attempts (WEBHOOK_RETRY_SCHEDULE), fixed when the delivery started. */
  retryScheduleMs: number[];
}

export interface AttemptRequest {
  eventId: string;
  endpointId: string;
  attempt: number;
  /** The wait before the next attempt should this one fail; null: it is the last. */
  retryInMs: number | null;
}

/** `delivered`; `retry` later; `stopped` (410, endpoint disabled or deleted, or the last attempt failed). */
export type AttemptResult = { outcome: 'delivered' | 'retry' | 'stopped'; statusCode: number | null };

/** "Redeliver": attempt now instead of waiting for the next timer. */
export const redeliverSignal = defineSignal('redeliver');
