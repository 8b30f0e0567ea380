// What API callers are told (API.md "Webhooks"): every event type of a space's life reaches its endpoint — a mandate's
// the mandator's and the delegate's — and no delivered body carries a certificate number, an e-mail, a person's name
// or an activation code.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhooks';
import { addMember, completeData, createSpace, enterCode, eventually, mandateWithCodes, person, requiredDocuments, startStack, startWebhookReceiver, type Identity, type TestStack, type WebhookReceiver } from '../support';

let stack: TestStack;
let receiver: WebhookReceiver;
beforeAll(async () => {
  stack = await startStack({ env: { WEBHOOK_RETRY_SCHEDULE: '500ms' } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

async function subscribe(admin: Identity, spaceId: string, path: string) {
  const response = await stack.call('POST', `/spaces/${spaceId}/webhooks`, { as: admin, body: { url: receiver.url(path), events: [...WEBHOOK_EVENT_TYPES] } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  receiver.expect(path, response.body.secret);
}

it('a space’s life arrives as events naming ids and statuses, never a certificate number, e-mail, name or code', async () => {
  const admin = person('Petra Privacy');
  const mandator = await createSpace(stack, admin);
  const fiduciary = person('Fritz Fiduciary');
  const delegate = await createSpace(stack, fiduciary);
  await subscribe(admin, mandator.id, '/mandator');
  await subscribe(fiduciary, delegate.id, '/delegate');

  // Members: invited and accepted, changed, removed.
  const member = person('Mia Member');
  const membership = await addMember(stack, mandator.id, admin, member, { role: 'without-signature' });
  expect((await stack.call('PATCH', `/spaces/${mandator.id}/members/${membership.id}`, { as: admin, body: { role: 'manager' } })).status).toBe(200);
  // Certification: submitted, then decided by staff of the field's authority.
  const request = await stack.call('POST', `/spaces/${mandator.id}/certification-requests`, { as: admin, body: { activityField: 'sports-federation', documents: requiredDocuments('sports-federation') } });
  expect(request.status, JSON.stringify(request.body)).toBe(201);
  const staff = person('Sven Staff', { staff: 'MSPORTS' });
  await eventually(() => stack.call('POST', `/staff/certification-requests/${request.body.id}/decision`, { as: staff, body: { decision: 'approve', reason: 'Complete' } }), (answer) => answer.status === 200);
  // A procedure signed and submitted.
  const draft = await stack.call('POST', `/spaces/${mandator.id}/procedures`, { as: admin, body: { type: 'vat-return', data: completeData('vat-return', { period: '2025-Q1', turnover: 1000 }) } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await stack.call('POST', `/spaces/${mandator.id}/procedures/${draft.body.id}/sign`, { as: admin })).status).toBe(200);
  expect((await stack.call('POST', `/spaces/${mandator.id}/procedures/${draft.body.id}/submit`, { as: admin })).status).toBe(200);
  // A mandate: letters dispatched, activated by the holder and the delegate, then revoked.
  const codes = await mandateWithCodes(stack, admin, mandator.id, { section: 'tax', delegateCodes: 1 });
  await enterCode(stack, admin, mandator.id, codes.holder);
  await enterCode(stack, fiduciary, delegate.id, codes.delegates[0]!);
  expect((await stack.call('POST', `/spaces/${mandator.id}/mandates/${codes.mandateId}/revoke`, { as: admin })).status).toBe(200);
  expect((await stack.call('DELETE', `/spaces/${mandator.id}/members/${membership.id}`, { as: admin })).status).toBe(204);

  const expected = ['invitation.created', 'invitation.accepted', 'member.updated', 'member.removed', 'certification.submitted', 'certification.decided', 'procedure.signed', 'procedure.submitted', 'mandate.dispatched', 'mandate.activated', 'mandate.revoked'];
  const mandatorTypes = () => new Set(receiver.at('/mandator').map((each) => each.event?.type));
  await eventually(async () => mandatorTypes(), (types) => expected.every((type) => types.has(type)), 30_000);
  expect([...mandatorTypes()].sort()).toEqual([...expected].sort());
  const delegateEvents = await eventually(async () => receiver.at('/delegate'), (list) => list.length >= 2, 20_000);
  expect(delegateEvents.map((each) => `${each.event?.type} ${each.event?.data.mandateId} ${each.event?.data.role}`).sort()).toEqual([`mandate.activated ${codes.mandateId} delegate`, `mandate.revoked ${codes.mandateId} delegate`]);

  const decided = receiver.at('/mandator').find((each) => each.event?.type === 'certification.decided')!;
  expect(decided.event!.data).toEqual({ requestId: request.body.id, status: 'approved', activityField: 'sports-federation' });
  const bodies = receiver.received.map((each) => each.body);
  for (const each of receiver.received) expect(each.verificationError).toBeUndefined();
  const secrets = [admin, fiduciary, member, staff].flatMap((who) => [who.ssn, who.email!, who.name!]).concat(codes.holder, ...codes.delegates, 'Complete');
  const leaks = secrets.filter((secret) => bodies.some((body) => body.includes(secret)));
  expect(leaks).toEqual([]);
  for (const body of bodies) expect(body).not.toMatch(/\d{20}|@/);
});
