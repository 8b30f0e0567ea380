// The webhook attempt activity in the SDK's MockActivityEnvironment, on Postgres, a real HTTP receiver and a real SMTP
// server, without Temporal: a retried attempt sends nothing twice; five days of failures disable the endpoint and
// mail the space's administrators once; in production a loopback target is refused at the attempt too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { webhookDeliveries, webhookEndpoints } from '../../src/platform/db/schema';
import { appendSpaceEvent } from '../../src/platform/db/timeline';
import { webhookEventId } from '../../src/platform/db/webhook-outbox';
import { createMailer } from '../../src/platform/mail/mailer';
import { activityDependencies } from '../../src/platform/temporal/activity-dependencies';
import { createWebhookActivities } from '../../src/features/webhooks/activities';
import { createEndpoint } from '../../src/features/webhooks/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { companyAddress, startSmtpServer, startWebhookReceiver, useUseCases, type TestSmtpServer, type WebhookReceiver } from '../support';

const harness = useUseCases();
let smtp: TestSmtpServer;
let receiver: WebhookReceiver;
let mailer: ReturnType<typeof createMailer>;
const activitiesWith = (webhooks: { publicTargetsOnly: boolean; disableAfterMs: number }) => createWebhookActivities({ ...activityDependencies(harness.deps.config, harness.database.db, mailer), webhooks });

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'no-reply@spaces.example.lu', outboxDir: harness.deps.config.mail.outboxDir });
});
afterAll(async () => {
  mailer?.close();
  await receiver?.close();
  await smtp?.close();
});

/** A space whose administrator has an e-mail, an endpoint at the receiver's `path`, and one event recorded for it. */
async function oneDelivery(path: string, statuses: number[] = []) {
  const email = `admin.${randomUUID().slice(0, 8)}@example.lu`;
  const admin = harness.as({ email });
  const space = await createSpace(admin, { name: 'Hooks', company: { name: 'Hooks SA', registrationNumber: 'B123456', address: companyAddress } });
  const endpoint = await createEndpoint(admin, space.id, { url: receiver.url(path), events: ['invitation.created'] });
  receiver.expect(path, endpoint.secret, statuses);
  const invitationId = randomUUID();
  await appendSpaceEvent(harness.database.db, { key: invitationId, spaceId: space.id, type: 'invitation.created', actor: null, subjectId: invitationId, data: { invitee: 'Secret Name', role: 'manager' } });
  return { email, spaceId: space.id, endpointId: endpoint.id, eventId: webhookEventId(`invitation.created/${invitationId}`) };
}

const deliveryRow = async (eventId: string) => (await harness.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)))[0]!;

describe('the attempt activity', () => {
  it('a retried attempt (the same attempt number) sends nothing again and writes nothing more', async () => {
    const { endpointId, eventId } = await oneDelivery('/once');
    const activities = activitiesWith({ publicTargetsOnly: false, disableAfterMs: 5 * 86_400_000 });
    const env = new MockActivityEnvironment();
    const request = { eventId, endpointId, attempt: 1, retryInMs: 1_000 };
    expect(await env.run(activities.attemptWebhookDelivery, request)).toEqual({ outcome: 'delivered', statusCode: 200 });
    expect(await env.run(activities.attemptWebhookDelivery, request)).toEqual({ outcome: 'delivered', statusCode: 200 });
    expect(receiver.at('/once')).toHaveLength(1);
    expect(receiver.at('/once')[0]!.verificationError).toBeUndefined();
    expect(await deliveryRow(eventId)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('an endpoint failing for 5 days is disabled at its next failure, and its administrators get one mail', async () => {
    const { email, endpointId, eventId } = await oneDelivery('/failing', [500, 500, 500]);
    const activities = activitiesWith({ publicTargetsOnly: false, disableAfterMs: 5 * 86_400_000 });
    const env = new MockActivityEnvironment();
    expect(await env.run(activities.attemptWebhookDelivery, { eventId, endpointId, attempt: 1, retryInMs: 1_000 })).toEqual({ outcome: 'retry', statusCode: 500 });
    expect((await deliveryRow(eventId)).status).toBe('pending');
    // The endpoint has failed since five days and a minute.
    await harness.database.db.update(webhookEndpoints).set({ failingSince: sql`now() - interval '5 days 1 minute'` }).where(eq(webhookEndpoints.id, endpointId));
    expect(await env.run(activities.attemptWebhookDelivery, { eventId, endpointId, attempt: 2, retryInMs: 1_000 })).toEqual({ outcome: 'stopped', statusCode: 500 });
    const [endpoint] = await harness.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    expect(endpoint).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    expect(await deliveryRow(eventId)).toMatchObject({ status: 'failed', attempts: 2 });
    const mails = await smtp.waitFor((mail) => mail.to.includes(email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(receiver.url('/failing'));
    // A retry of that attempt neither sends the webhook nor the mail again.
    await env.run(activities.attemptWebhookDelivery, { eventId, endpointId, attempt: 2, retryInMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at('/failing')).toHaveLength(2);
    expect(smtp.matching((mail) => mail.to.includes(email))).toHaveLength(1);
  });

  it('with production’s target rule an attempt never reaches a loopback address, whatever the endpoint was saved with', async () => {
    const { endpointId, eventId } = await oneDelivery('/loopback');
    const activities = activitiesWith({ publicTargetsOnly: true, disableAfterMs: 5 * 86_400_000 });
    const env = new MockActivityEnvironment();
    expect(await env.run(activities.attemptWebhookDelivery, { eventId, endpointId, attempt: 1, retryInMs: 1_000 })).toEqual({ outcome: 'retry', statusCode: null });
    expect(receiver.at('/loopback')).toHaveLength(0);
    // https to a loopback address written in the URL (no lookup happens for it): not even a connection is opened.
    let connections = 0;
    const listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const port = (listener.address() as AddressInfo).port;
        await harness.database.db.update(webhookEndpoints).set({ url: `https://${host}:${port}/loopback` }).where(eq(webhookEndpoints.id, endpointId));
        const attempt = host === 'localhost' ? 3 : 2;
        expect(await env.run(activities.attemptWebhookDelivery, { eventId, endpointId, attempt, retryInMs: 1_000 })).toEqual({ outcome: 'retry', statusCode: null });
      }
      expect(connections).toBe(0);
    } finally {
      listener.close();
    }
  });
});
