// Webhook deliveries against the real processes (API.md "Webhooks": a worker or server restart loses no delivery):
// a delivery waiting for its retry survives a SIGKILL of the worker and then a restart of everything — API, worker,
// Temporal dev server (on its state file) and Postgres — and arrives with the same webhook-id; an event recorded while
// no worker runs is delivered once one is back. The receiver verifies each request with `standardwebhooks`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { companyAddress, invitationBody, person, registerStaff, startWebhookReceiver, type Identity, type WebhookReceiver } from '../support';
import { startFaultCluster, until, type FaultCluster } from './support/cluster';

let c: FaultCluster;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  c = await startFaultCluster({ env: { WEBHOOK_RETRY_SCHEDULE: '3s,3s,3s,3s,3s,3s,3s,3s' } });
}, 150_000);

afterAll(async () => {
  await receiver?.close();
  if (!c) return;
  await c.stop();
  const leftovers = c.leftovers();
  if (leftovers.length > 0) throw new Error(`processes left behind:\n${leftovers.join('\n')}`);
}, 60_000);

async function spaceWithEndpoint(admin: Identity, path: string, statuses: number[]) {
  const company = { name: `Hooks ${admin.ssn.slice(-5)} SA`, registrationNumber: `B${admin.ssn.slice(-6)}`, address: companyAddress };
  expect((await c.call('PUT', `/staff/companies/${company.registrationNumber}`, { as: registerStaff(), body: { name: company.name, address: company.address } })).status).toBe(200);
  const space = await c.call('POST', '/spaces', { as: admin, body: { name: 'Finance', company } });
  expect(space.status, JSON.stringify(space.body)).toBe(201);
  const endpoint = await c.call('POST', `/spaces/${space.body.id}/webhooks`, { as: admin, body: { url: receiver.url(path), events: ['invitation.created'] } });
  expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
  receiver.expect(path, endpoint.body.secret, statuses);
  return { spaceId: space.body.id as string, secret: endpoint.body.secret as string };
}

it('a pending delivery survives a SIGKILL of the worker and a restart of everything, and arrives with the same webhook-id', async () => {
  const admin = person('Sigrid Kill');
  // The receiver fails the first attempts: the delivery waits on its retry timer when the worker dies.
  const { spaceId, secret } = await spaceWithEndpoint(admin, '/survivor', [500, 500, 500, 500, 500, 500]);
  const invited = await c.call('POST', `/spaces/${spaceId}/invitations`, { as: admin, body: invitationBody(person('Ines Invitee')) });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  await until('a first failed attempt', () => (receiver.at('/survivor').length >= 1 ? true : undefined), 30_000);

  await c.worker.stop('SIGKILL');
  expect(c.worker.alive()).toBe(false);
  // While no worker runs, another event is recorded (the API answers 201 alone): its delivery waits in the outbox.
  const { spaceId: lateSpace } = await spaceWithEndpoint(admin, '/late', []);
  const late = await c.call('POST', `/spaces/${lateSpace}/invitations`, { as: admin, body: invitationBody(person('Lars Late')) });
  expect(late.status).toBe(201);
  const undispatched = await c.sql<{ pending: number }[]>`select count(*)::int as pending from webhook_deliveries where dispatched_at is null`;
  expect(undispatched[0]?.pending).toBe(1);

  // Everything goes down, then comes back: API, dev server (same state file), Postgres.
  await c.api.stop('SIGKILL');
  await c.temporal.stop('SIGTERM', 10_000);
  await c.pg.stop();
  const attemptsBefore = receiver.at('/survivor').length;
  receiver.expect('/survivor', secret, []); // from now on the receiver answers 200
  await c.pg.start();
  await c.startTemporal();
  await c.startWorker();
  await c.startApi();

  const survivor = await until('the delivery after the restart', () => (receiver.at('/survivor').some((each) => each.answeredWith === 200) ? receiver.at('/survivor') : undefined), 60_000, 200);
  expect(survivor.length).toBeGreaterThan(attemptsBefore);
  expect(new Set(survivor.map((each) => each.id)).size).toBe(1);
  for (const each of survivor) expect(each.verificationError).toBeUndefined();
  expect(survivor.at(-1)!.event).toMatchObject({ type: 'invitation.created', data: { invitationId: invited.body.id } });

  const lateArrived = await until('the event recorded without a worker', () => (receiver.at('/late').length >= 1 ? receiver.at('/late') : undefined), 30_000, 200);
  expect(lateArrived).toHaveLength(1);
  expect(lateArrived[0]!.event).toMatchObject({ type: 'invitation.created', data: { invitationId: late.body.id } });
  const rows = await c.sql<{ status: string }[]>`select status from webhook_deliveries order by created_at`;
  expect(rows.map((row) => row.status)).toEqual(['delivered', 'delivered']);
});

