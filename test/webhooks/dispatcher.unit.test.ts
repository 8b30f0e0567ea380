// The dispatcher on Postgres with a stand-in Temporal client: a start that fails leaves its delivery for the next
// poll while the rest of the batch is handed over; a delivery handed over again (its mark was lost) is never sent
// a second time — its first dispatch refuses to reuse the workflow id and sends no signal; only "Redeliver" wakes or
// reruns the workflow.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { webhookDeliveries } from '../../src/platform/db/schema';
import { appendSpaceEvent } from '../../src/platform/db/timeline';
import { dispatchWebhookDeliveries } from '../../src/features/webhooks/dispatcher';
import { createEndpoint, redeliver } from '../../src/features/webhooks/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { companyAddress, useUseCases } from '../support';

const harness = useUseCases();

interface Call {
  kind: 'start' | 'signal';
  workflowId: string;
  policy?: string;
}

/** A client whose starts answer as `answer` says (undefined = started), recording every start and signal. */
function standIn(answer: (workflowId: string) => Error | undefined) {
  const calls: Call[] = [];
  const client = {
    workflow: {
      start: async (_type: string, options: { workflowId: string; workflowIdReusePolicy?: string }) => {
        calls.push({ kind: 'start', workflowId: options.workflowId, policy: options.workflowIdReusePolicy });
        const error = answer(options.workflowId);
        if (error) throw error;
      },
      getHandle: (workflowId: string) => ({ signal: async () => void calls.push({ kind: 'signal', workflowId }) }),
    },
  } as unknown as Client;
  return { client, calls };
}

describe('the dispatcher', () => {
  it('hands over what started, keeps what failed, and never delivers a first dispatch twice', async () => {
    const admin = harness.as();
    const space = await createSpace(admin, { name: 'Dispatch', company: { name: 'Dispatch SA', registrationNumber: 'B123456', address: companyAddress } });
    const endpoint = await createEndpoint(admin, space.id, { url: 'http://127.0.0.1:9/x', events: ['invitation.created'] });
    for (const id of [randomUUID(), randomUUID()]) {
      await appendSpaceEvent(harness.database.db, { key: id, spaceId: space.id, type: 'invitation.created', actor: null, subjectId: id, data: {} });
    }
    const rows = await harness.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)).orderBy(webhookDeliveries.createdAt);
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map((row) => `webhook-${endpoint.id}-${row.eventId}`);
    const options = { db: harness.database.db, taskQueue: 'none', retryScheduleMs: [1_000] };

    // Temporal refuses the first start: the second is handed over, the first stays for the next poll.
    const failing = standIn((workflowId) => (workflowId === first ? new Error('unavailable') : undefined));
    expect(await dispatchWebhookDeliveries({ ...options, client: failing.client })).toBe(1);
    const undispatched = async () => (await harness.database.db.execute(sql`select count(*)::int as n from webhook_deliveries where dispatched_at is null and endpoint_id = ${endpoint.id}`)) as unknown as { n: number }[];
    expect((await undispatched())[0]!.n).toBe(1);
    const retry = standIn(() => undefined);
    expect(await dispatchWebhookDeliveries({ ...options, client: retry.client })).toBe(1);
    expect(retry.calls).toEqual([{ kind: 'start', workflowId: first, policy: 'REJECT_DUPLICATE' }]);

    // A mark lost after the start: the next poll finds the workflow (running or finished) and leaves it alone.
    await harness.database.db.update(webhookDeliveries).set({ dispatchedAt: null }).where(eq(webhookDeliveries.endpointId, endpoint.id));
    const again = standIn((workflowId) => new WorkflowExecutionAlreadyStartedError('started', workflowId, 'webhookDeliveryWorkflow'));
    expect(await dispatchWebhookDeliveries({ ...options, client: again.client })).toBe(2);
    expect(again.calls.map((call) => `${call.kind} ${call.policy}`)).toEqual(['start REJECT_DUPLICATE', 'start REJECT_DUPLICATE']);

    // "Redeliver": a finished delivery runs again, a running one is woken by the signal.
    await redeliver(admin, space.id, endpoint.id, rows[1]!.eventId);
    const woken = standIn((workflowId) => new WorkflowExecutionAlreadyStartedError('started', workflowId, 'webhookDeliveryWorkflow'));
    expect(await dispatchWebhookDeliveries({ ...options, client: woken.client })).toBe(1);
    expect(woken.calls).toEqual([{ kind: 'start', workflowId: second, policy: 'ALLOW_DUPLICATE' }, { kind: 'signal', workflowId: second }]);
  });
});
