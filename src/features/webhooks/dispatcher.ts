// The dispatcher: hands each delivery of the outbox to its workflow. A delivery row is written in the transaction of
// the change (src/platform/db/webhook-outbox.ts) without a workflow; every worker process polls for such rows and
// starts their workflows (`webhook-<endpoint>-<event>`), marking them dispatched in the same transaction that
// locked them (SKIP LOCKED: workers share the work). A process that dies before the mark leaves the row to the
// next poll, whose start finds the workflow (running or finished: the id is never reused for a first dispatch) and
// lets it be — none lost, none sent twice. A redelivery puts the row back marked as such: its workflow is woken
// (still running) or runs again (finished). A start that fails leaves its row for the next poll; the others of the
// batch are marked.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { WebhookEventType } from '../../domain/webhooks';
import { executeRows, type Database } from '../../platform/db/client';
import { PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { redeliverSignal, webhookDeliveryWorkflowId, type WebhookDeliveryInput } from './contract';

export interface DispatcherOptions {
  db: Database;
  client: Client;
  taskQueue: string;
  retryScheduleMs: number[];
  log: Logger;
  /** Pause between polls that found nothing. */
  idleMs?: number;
}

interface Pending {
  event_id: string;
  endpoint_id: string;
  space_id: string;
  type: WebhookEventType;
  attempts: number;
  redelivery_requested: boolean;
}

const BATCH = 100;

/** Starts (or wakes) the workflows of one batch of undispatched deliveries; answers how many it handed over. */
export async function dispatchWebhookDeliveries(options: Omit<DispatcherOptions, 'log' | 'idleMs'>): Promise<number> {
  const { db, client, taskQueue, retryScheduleMs } = options;
  return db.transaction(async (tx) => {
    const rows = await executeRows<Pending>(tx, sql`
      select event_id, endpoint_id, space_id, type, attempts, redelivery_requested from webhook_deliveries
       where dispatched_at is null order by created_at limit ${BATCH} for update skip locked`);
    if (rows.length === 0) return 0;
    const outcomes = await Promise.allSettled(
      rows.map(async (row) => {
        const workflowId = webhookDeliveryWorkflowId(row.endpoint_id, row.event_id);
        const input: WebhookDeliveryInput = { eventId: row.event_id, endpointId: row.endpoint_id, spaceId: row.space_id, type: row.type, firstAttempt: row.attempts + 1, retryScheduleMs };
        try {
          await client.workflow.start('webhookDeliveryWorkflow', {
            workflowId,
            taskQueue,
            args: [input],
            typedSearchAttributes: [
              { key: SPACE_ID, value: row.space_id },
              { key: PROCESS_STATUS, value: 'pending' },
            ],
            staticSummary: `Webhook event ${row.type} ${row.event_id} to the endpoint ${row.endpoint_id} of the space ${row.space_id}`,
            // A first dispatch never runs a finished delivery again; a redelivery may.
            workflowIdReusePolicy: row.redelivery_requested ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          if (row.redelivery_requested) await client.workflow.getHandle(workflowId).signal(redeliverSignal);
        }
      }),
    );
    const handed = rows.filter((_, index) => outcomes[index]!.status === 'fulfilled');
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (handed.length === 0) throw failed!.reason;
    await tx.execute(sql`
      update webhook_deliveries set dispatched_at = now(), redelivery_requested = false
       where (event_id, endpoint_id) in (select event_id, endpoint_id from json_to_recordset(${JSON.stringify(handed.map(({ event_id, endpoint_id }) => ({ event_id, endpoint_id })))}::json) as x(event_id uuid, endpoint_id uuid))`);
    return handed.length;
  });
}

/** Polls until stopped: at once again after a full batch, else after `idleMs`. Failures (Temporal or the database away) wait and retry. */
export function startWebhookDispatcher(options: DispatcherOptions): { stop(): Promise<void> } {
  const idleMs = options.idleMs ?? 200;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const loop = (async () => {
    while (!stopped) {
      let handed = 0;
      try {
        handed = await dispatchWebhookDeliveries(options);
      } catch (error) {
        if (!stopped) options.log.warn({ err: error }, 'webhook dispatch failed; retrying');
        await pause(1_000);
        continue;
      }
      if (handed < BATCH) await pause(idleMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
