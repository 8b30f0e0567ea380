// API.md "Idempotency-Key on every POST that starts a process": the same key and the same body answer the first
// answer and start nothing new; the same key with another body is 422 idempotency_key_reused. One helper
// (src/platform/temporal/process-start.ts) serves every route; each route is checked here. Also: a GET right after a 201
// shows what was created (read-your-writes), and an answer sent right after the 201 is not refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { certificationRequests, invitations, mandates, procedures } from '../../src/platform/db/schema';
import { createSpace, invitationBody, person, requiredDocuments, readLetters, startStack, type Identity, type TestStack, eventually } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});



/** Sends the first request, its retry and the key with another body; returns the first answer. */
async function keyedThrice(as: Identity, url: string, body: unknown, otherBody: unknown, key: string, status = 201) {
  const headers = { 'idempotency-key': key };
  const first = await stack.call('POST', url, { as, body, headers });
  expect(first.status, JSON.stringify(first.body)).toBe(status);
  const retry = await stack.call('POST', url, { as, body, headers });
  expect(retry.status, JSON.stringify(retry.body)).toBe(status);
  expect(retry.body).toEqual(first.body);
  const reused = await stack.call('POST', url, { as, body: otherBody, headers });
  expect([reused.status, reused.body.code], JSON.stringify(reused.body)).toEqual([422, 'idempotency_key_reused']);
  expect(reused.headers.get('content-type')).toContain('application/problem+json');
  return first.body;
}

describe('Idempotency-Key on every process-starting POST', () => {
  it('administrator claims: one claim, one workflow, one letter; another body is refused', async () => {
    const admin = person('Ines Idem');
    await createSpace(stack, admin);
    const claimant = person('Kim Keyed');
    const registrationNumber = `B${admin.ssn.slice(-6)}`;
    const first = await keyedThrice(claimant, '/administrator-claims', { registrationNumber }, { registrationNumber: 'B123456' }, 'claim-1');
    const letters = await eventually(() => readLetters(stack.config.postOutboxDir, first.id), (list) => list.length >= 1, 3_000);
    expect(letters).toHaveLength(1);
    expect((await stack.call('GET', '/me/administrator-claims', { as: claimant })).body.items).toHaveLength(1);
  });

  it('invitations: one invitation, one workflow, one mail; another body is refused', async () => {
    const admin = person('Ida Inviter');
    const invitee = person('Jon Retry');
    const space = await createSpace(stack, admin);
    // Another body for the same certificate (another role) is not a retry either.
    const first = await keyedThrice(admin, `/spaces/${space.id}/invitations`, invitationBody(invitee), invitationBody(invitee, { role: 'without-signature' }), 'inv-1');
    expect(await stack.database.db.select().from(invitations).where(eq(invitations.spaceId, space.id))).toHaveLength(1);
    await stack.smtp.waitFor((m) => m.to.includes(invitee.email!));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.smtp.matching((m) => m.to.includes(invitee.email!))).toHaveLength(1);
    // A 409 is a first answer too: the same key and body answer it again.
    const duplicate = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee), headers: { 'idempotency-key': 'inv-2' } });
    expect(duplicate.body.code).toBe('already_invited');
    expect(first.status).toBe('pending');
  });

  it('certification requests: one request; another body (another note) is refused', async () => {
    const admin = person('Cora Certify');
    const space = await createSpace(stack, admin);
    const body = { activityField: 'waste-collection', documents: requiredDocuments('waste-collection') };
    const first = await keyedThrice(admin, `/spaces/${space.id}/certification-requests`, body, { ...body, note: 'another request' }, 'cert-1');
    expect(first.status).toBe('submitted');
    expect(await stack.database.db.select().from(certificationRequests).where(eq(certificationRequests.spaceId, space.id))).toHaveLength(1);
  });

  it('access requests and delegate codes: one mandate, one set of letters; another body is refused', async () => {
    const admin = person('Manda Tor');
    const space = await createSpace(stack, admin);
    const body = { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 1 };
    const first = await keyedThrice(admin, `/spaces/${space.id}/access-requests`, body, { ...body, delegateCodes: 2 }, 'access-1');
    expect(await stack.database.db.select().from(mandates).where(eq(mandates.mandatorSpaceId, space.id))).toHaveLength(1);
    const letters = await eventually(() => readLetters(stack.config.postOutboxDir, first.mandateId), (list) => list.length >= 2);
    expect(letters).toHaveLength(2);
    await eventually(
      () => stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin }),
      (response) => response.body.given?.[0]?.status === 'dispatched',
    );

    const url = `/spaces/${space.id}/mandates/${first.mandateId}/delegate-codes`;
    await keyedThrice(admin, url, { delegateCodes: 1 }, { delegateCodes: 2 }, 'codes-1', 200);
    // One change: one new letter, not two.
    const after = await eventually(() => readLetters(stack.config.postOutboxDir, first.mandateId), (list) => list.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await readLetters(stack.config.postOutboxDir, first.mandateId)).length).toBe(after.length);
    expect(after).toHaveLength(3);
  });

  it('procedures: one draft; another body is refused', async () => {
    const admin = person('Proc Edure');
    const space = await createSpace(stack, admin);
    await keyedThrice(admin, `/spaces/${space.id}/procedures`, { type: 'vat-return', data: { period: '2025-Q3' } }, { type: 'vat-return', data: { period: '2025-Q4' } }, 'vat-1');
    expect(await stack.database.db.select().from(procedures).where(eq(procedures.spaceId, space.id))).toHaveLength(1);
  });
});

describe('the 201 does not wait for a worker, and the caller reads its write', () => {
  it('a GET and an accept right after the 201 see the invitation', async () => {
    const admin = person('Rita Read');
    const invitee = person('Walt Write');
    const space = await createSpace(stack, admin);
    const created = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee) });
    expect(created.status).toBe(201);
    const read = await stack.call('GET', `/spaces/${space.id}/invitations/${created.body.id}`, { as: admin });
    expect([read.status, read.body.status]).toEqual([200, 'pending']);
    const accepted = await stack.call('POST', `/invitations/${created.body.id}/accept`, { as: invitee });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });
});
