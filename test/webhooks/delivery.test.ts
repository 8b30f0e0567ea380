// Events for API callers on the real stack (API.md "Webhooks"): a real HTTP receiver verifies every request with the
// `standardwebhooks` library; deliveries are workflows with a short WEBHOOK_RETRY_SCHEDULE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SignJWT } from 'jose';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/platform/config';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhooks';
import { addMember, createSpace, eventually, expectProblem, invite, person, startStack, startWebhookReceiver, type Identity, type TestStack, type WebhookReceiver } from '../support';

let stack: TestStack;
let receiver: WebhookReceiver;
beforeAll(async () => {
  stack = await startStack({ env: { WEBHOOK_RETRY_SCHEDULE: '500ms,500ms,500ms', INVITATION_TTL: '8s' } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

const ALL_EVENTS = ['invitation.created', 'invitation.accepted', 'invitation.declined', 'invitation.cancelled', 'invitation.expired', 'member.updated', 'member.removed'];

async function subscribe(admin: Identity, spaceId: string, path: string, options: { statuses?: number[]; events?: string[] } = {}) {
  const response = await stack.call('POST', `/spaces/${spaceId}/webhooks`, { as: admin, body: { url: receiver.url(path), events: options.events ?? ALL_EVENTS } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body).toMatchObject({ url: receiver.url(path), status: 'enabled' });
  expect(response.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
  receiver.expect(path, response.body.secret, options.statuses);
  return response.body as { id: string; secret: string };
}

const arrived = (path: string, count: number, timeoutMs = 20_000) => eventually(async () => receiver.at(path), (list) => list.length >= count, timeoutMs);

describe('an invitation’s life reaches the space’s endpoint, signed as Standard Webhooks says', () => {
  it('created, accepted, declined, cancelled and expired arrive, each verified by standardwebhooks', async () => {
    const admin = person('Wanda Webhook');
    const space = await createSpace(stack, admin);
    await subscribe(admin, space.id, '/life');
    const accepter = person('Anton Accept');
    const decliner = person('Dora Decline');
    const cancelled = person('Carla Cancel');
    const expiring = person('Emil Expire');
    const accepted = await invite(stack, space.id, admin, accepter);
    expect((await stack.call('POST', `/invitations/${accepted.id}/accept`, { as: accepter })).status).toBe(200);
    const declined = await invite(stack, space.id, admin, decliner);
    expect((await stack.call('POST', `/invitations/${declined.id}/decline`, { as: decliner })).status).toBe(200);
    const toCancel = await invite(stack, space.id, admin, cancelled);
    expect((await stack.call('DELETE', `/spaces/${space.id}/invitations/${toCancel.id}`, { as: admin })).status).toBe(204);
    const expired = await invite(stack, space.id, admin, expiring);

    const events = await arrived('/life', 8, 30_000);
    for (const each of events) expect(each.verificationError, each.body).toBeUndefined();
    const seen = events.map((each) => `${each.event!.type} ${each.event!.data.invitationId} ${each.event!.data.status}`).sort();
    expect(seen).toEqual(
      [
        `invitation.created ${accepted.id} pending`,
        `invitation.accepted ${accepted.id} accepted`,
        `invitation.created ${declined.id} pending`,
        `invitation.declined ${declined.id} declined`,
        `invitation.created ${toCancel.id} pending`,
        `invitation.cancelled ${toCancel.id} cancelled`,
        `invitation.created ${expired.id} pending`,
        `invitation.expired ${expired.id} expired`,
      ].sort(),
    );
    for (const each of events) {
      expect(each.event).toMatchObject({ spaceId: space.id, id: each.id });
      expect(Object.keys(JSON.parse(each.body))).toEqual(['id', 'type', 'timestamp', 'spaceId', 'data']);
    }
    // The delivery log says so.
    const endpoint = (await stack.call('GET', `/spaces/${space.id}/webhooks`, { as: admin })).body.items[0];
    const log = await stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries`, { as: admin });
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(8);
    expect(log.body.items.every((item: { status: string; attempts: number; lastStatusCode: number }) => item.status === 'delivered' && item.attempts === 1 && item.lastStatusCode === 200)).toBe(true);
  });
});

describe('retries, 410 and redelivery', () => {
  it('a receiver that answers 500 twice gets the same webhook-id three times, then the delivery is delivered', async () => {
    const admin = person('Rita Retry');
    const space = await createSpace(stack, admin);
    const endpoint = await subscribe(admin, space.id, '/flaky', { statuses: [500, 500], events: ['invitation.created'] });
    const invitation = await invite(stack, space.id, admin, person('Ivan Invitee'));
    const attempts = await arrived('/flaky', 3);
    expect(attempts.map((each) => each.answeredWith)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((each) => each.id)).size).toBe(1);
    for (const each of attempts) expect(each.verificationError).toBeUndefined();
    expect(attempts[0]!.event).toMatchObject({ type: 'invitation.created', data: { invitationId: invitation.id, status: 'pending' } });
    const log = await eventually(
      () => stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries`, { as: admin }),
      (answer) => answer.body.items[0]?.status === 'delivered',
    );
    expect(log.body.items).toEqual([expect.objectContaining({ eventId: attempts[0]!.id, type: 'invitation.created', status: 'delivered', attempts: 3, lastStatusCode: 200, nextAttemptAt: null })]);
  });

  it('410 disables the endpoint at once: no retry, and later events are not sent', async () => {
    const admin = person('Gina Gone');
    const space = await createSpace(stack, admin);
    const endpoint = await subscribe(admin, space.id, '/gone', { statuses: [410, 410, 410], events: ['invitation.created'] });
    await invite(stack, space.id, admin, person('Ulf Unseen'));
    await arrived('/gone', 1);
    const disabled = await eventually(() => stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}`, { as: admin }), (answer) => answer.body.status === 'disabled');
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    await invite(stack, space.id, admin, person('Vera Later'));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.at('/gone')).toHaveLength(1);
    const log = await stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries`, { as: admin });
    expect(log.body.items.map((item: { status: string; lastStatusCode: number | null }) => `${item.status} ${item.lastStatusCode}`)).toEqual(['failed 410']);
    // Redelivering to a disabled endpoint is refused until it is enabled again.
    expectProblem(await stack.call('POST', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries/${log.body.items[0].eventId}/redeliver`, { as: admin }), 409, 'webhook_disabled');
  });

  it('a redelivery arrives with the same webhook-id, signed anew', async () => {
    const admin = person('Ralf Redeliver');
    const space = await createSpace(stack, admin);
    const endpoint = await subscribe(admin, space.id, '/again', { events: ['invitation.created'] });
    await invite(stack, space.id, admin, person('Olga Once'));
    const [first] = await arrived('/again', 1);
    const answer = await stack.call('POST', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries/${first!.id}/redeliver`, { as: admin });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ eventId: first!.id, status: 'pending' });
    const both = await arrived('/again', 2);
    expect(both.map((each) => each.id)).toEqual([first!.id, first!.id]);
    expect(both[1]!.verificationError).toBeUndefined();
    expect(both[1]!.body).toBe(first!.body);
    const log = await eventually(() => stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}/deliveries`, { as: admin }), (reply) => reply.body.items[0]?.attempts === 2 && reply.body.items[0]?.status === 'delivered');
    expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('a rotated secret signs the next deliveries; the old one no longer verifies', async () => {
    const admin = person('Rosa Rotate');
    const space = await createSpace(stack, admin);
    const endpoint = await subscribe(admin, space.id, '/rotated', { events: ['invitation.created'] });
    const rotated = await stack.call('POST', `/spaces/${space.id}/webhooks/${endpoint.id}/rotate-secret`, { as: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    receiver.expect('/rotated', rotated.body.secret);
    await invite(stack, space.id, admin, person('Nils New'));
    const [received] = await arrived('/rotated', 1);
    expect(received!.verificationError).toBeUndefined();
    // Reading an endpoint never shows its secret.
    const read = await stack.call('GET', `/spaces/${space.id}/webhooks/${endpoint.id}`, { as: admin });
    expect(JSON.stringify(read.body)).not.toContain('whsec_');
  });
});

describe('the OpenAPI document', () => {
  it('documents every event type in its webhooks section: the body and the three Standard Webhooks headers', async () => {
    const document = (await stack.call('GET', '/openapi.json')).body;
    expect(Object.keys(document.webhooks ?? {}).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const accepted = document.webhooks['invitation.accepted'].post;
    expect(accepted.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/WebhookEvent');
    expect(accepted.parameters.map((parameter: { name: string; in: string }) => `${parameter.in} ${parameter.name}`).sort()).toEqual(['header webhook-id', 'header webhook-signature', 'header webhook-timestamp']);
    expect(document.components.schemas.WebhookEvent.required).toEqual(['id', 'type', 'timestamp', 'spaceId', 'data']);
  });
});

describe('who may manage webhooks, and where they may go', () => {
  it('only administrators; outsiders get 404', async () => {
    const admin = person('Alma Admin');
    const space = await createSpace(stack, admin);
    const manager = person('Max Manager');
    await addMember(stack, space.id, admin, manager, { role: 'manager' });
    const body = { url: receiver.url('/x'), events: ['invitation.created'] };
    expectProblem(await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: manager, body }), 403, 'forbidden');
    expectProblem(await stack.call('GET', `/spaces/${space.id}/webhooks`, { as: manager }), 403, 'forbidden');
    expectProblem(await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: person('Otto Outsider'), body }), 404, 'not_found');
    expectProblem(await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: admin, body: { url: 'ftp://example.lu/x', events: ['invitation.created'] } }), 422, 'validation_failed');
    expectProblem(await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: admin, body: { url: receiver.url('/x'), events: ['space.created'] } }), 422, 'validation_failed');
  });

  it('with NODE_ENV=production: 422 webhook_url_refused for http, private and loopback targets, a host name resolving to 127.0.0.1 included', async () => {
    const admin = person('Paula Production');
    const space = await createSpace(stack, admin);
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: stack.config.dataDir,
      // Production refuses the documented development secrets: its own secret and key.
      AUTH_SECRET: 'a-production-secret-for-the-webhook-test',
      ACTIVATION_CODE_SECRET: 'production-code-key-0123456789',
      PAYLOAD_KEYS: `prod-1:${Buffer.alloc(32, 5).toString('base64')}`,
    });
    const production = createApp({ config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    const token = await new SignJWT({ name: admin.name, email: admin.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(admin.ssn)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-production-secret-for-the-webhook-test'));
    const post = async (url: string) => {
      const response = await production.request(`/spaces/${space.id}/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url, events: ['invitation.created'] }) });
      return { status: response.status, body: (await response.json()) as { code: string; errors?: { path: string }[] }, headers: response.headers };
    };
    for (const url of ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://localhost/x', 'https://10.1.2.3/x', 'https://192.168.1.10/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://[fd00::1]/x', 'https://[::ffff:127.0.0.1]/x']) {
      const answer = await post(url);
      expect([url, answer.status, answer.body.code], JSON.stringify(answer.body)).toEqual([url, 422, 'webhook_url_refused']);
      expect(answer.body.errors?.[0]?.path).toBe('url');
    }
    // Outside production the same loopback target is allowed (the receiver of these tests).
    expect((await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: admin, body: { url: 'https://localhost/x', events: ['invitation.created'] } })).status).toBe(201);
  });
});
