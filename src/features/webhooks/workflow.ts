// One webhook delivery (API.md "Webhooks"): attempts with the retry schedule's waits as timers, so a delivery
// outlives any restart of worker, API or Temporal; the `webhook-id` is the event's on every attempt. Deterministic:
// the attempt activity does the I/O (reads the body and the secret, signs, POSTs, records the outcome).
import { condition, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { PROCESS_STATUS } from '../../platform/temporal/search-attributes';
import type { WebhookActivities } from './activities';
import { redeliverSignal, type WebhookDeliveryInput } from './contract';

// A local activity: an attempt runs inside the workflow task that decides it (no activity task to schedule, start and
// complete on the server), so a delivery costs its start and one task when the receiver answers at once — what
// keeps the lag short while invitations load the same server. A worker lost mid-attempt: the task is retried
// elsewhere and the attempt with it, under the same webhook-id.
const { attemptWebhookDelivery } = proxyLocalActivities<WebhookActivities>({
  // An attempt waits at most 10 s for an answer; the database work around it is short.
  startToCloseTimeout: '30 seconds',
  // A failed HTTP answer is a value, not an error: only the activity's own failures (database away) retry here.
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<'delivered' | 'stopped'> {
  let redeliver = false;
  setHandler(redeliverSignal, () => {
    redeliver = true;
  });
  for (let index = 0; ; index += 1) {
    redeliver = false;
    const retryInMs = input.retryScheduleMs[index] ?? null;
    let outcome: 'delivered' | 'retry' | 'stopped';
    try {
      ({ outcome } = await attemptWebhookDelivery({ eventId: input.eventId, endpointId: input.endpointId, attempt: input.firstAttempt + index, retryInMs }));
    } catch {
      // The attempt itself failed (database away, worker lost): it counts as a failed attempt.
      outcome = retryInMs === null ? 'stopped' : 'retry';
    }
    if (outcome !== 'retry' || retryInMs === null) {
      upsertSearchAttributes([{ key: PROCESS_STATUS, value: outcome === 'delivered' ? 'delivered' : 'failed' }]);
      return outcome === 'delivered' ? 'delivered' : 'stopped';
    }
    await condition(() => redeliver, retryInMs);
  }
}
