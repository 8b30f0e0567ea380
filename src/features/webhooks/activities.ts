// A webhook attempt (API.md "Webhooks"): reads the event's body and the endpoint's secret from the database (neither
// enters workflow history), signs, POSTs once, records the outcome. Idempotent: an attempt already recorded is not
// sent again, and a retried record changes nothing more.
import { attemptOutcome } from '../../domain/webhooks';
import { deliverMail } from '../../platform/mail/outbox';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { findSpace, spaceAdministrators } from '../spaces/store';
import type { AttemptRequest, AttemptResult } from './contract';
import { webhookHeaders } from './signing';
import { deliveryToAttempt, recordAttempt, stopDelivery } from './store';
import { postWebhook } from './target';

/** API.md: no answer within 10 s is a failed attempt. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

export function createWebhookActivities({ db, mailer, webhooks, links }: ActivityDependencies) {
  return {
    async attemptWebhookDelivery(request: AttemptRequest): Promise<AttemptResult> {
      const found = await deliveryToAttempt(db, request.eventId, request.endpointId);
      if (!found) return { outcome: 'stopped', statusCode: null };
      const { delivery, endpoint, body } = found;
      // Recorded already (this activity is a retry of one that got that far): its outcome stands, nothing is sent.
      if (delivery.attempts >= request.attempt) {
        return { outcome: delivery.status === 'delivered' ? 'delivered' : delivery.status === 'pending' ? 'retry' : 'stopped', statusCode: delivery.lastStatusCode };
      }
      if (endpoint.status !== 'enabled') {
        await stopDelivery(db, request.eventId, request.endpointId);
        return { outcome: 'stopped', statusCode: null };
      }
      const answer = await postWebhook(endpoint.url, webhookHeaders(endpoint.secret, delivery.eventId, body), body, { publicTargetsOnly: webhooks.publicTargetsOnly, timeoutMs: ATTEMPT_TIMEOUT_MS });
      const outcome = attemptOutcome(answer.statusCode);
      const now = new Date();
      const nextAttemptAt = outcome === 'retry' && request.retryInMs !== null ? new Date(now.getTime() + request.retryInMs) : null;
      const { disabledForFailing } = await recordAttempt(db, { eventId: request.eventId, endpointId: request.endpointId, attempt: request.attempt, statusCode: answer.statusCode, outcome, nextAttemptAt, now, disableAfterMs: webhooks.disableAfterMs });
      if (disabledForFailing) {
        // Its space's administrators hear of it, once per failing period.
        const space = await findSpace(db, endpoint.spaceId);
        for (const admin of space ? await spaceAdministrators(db, space.id) : []) {
          if (!admin.email) continue;
          await deliverMail(db, mailer, {
            idempotencyKey: `webhook-disabled/${endpoint.id}/${disabledForFailing.getTime()}/${admin.id}`,
            to: admin.email,
            kind: 'webhook-disabled',
            language: admin.language,
            params: { spaceName: space!.name, url: endpoint.url, since: disabledForFailing, appUrl: `${links.appUrl}/spaces/${endpoint.spaceId}/webhooks` },
          });
        }
      }
      if (outcome === 'delivered') return { outcome, statusCode: answer.statusCode };
      return { outcome: outcome === 'retry' && nextAttemptAt && !disabledForFailing ? 'retry' : 'stopped', statusCode: answer.statusCode };
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
