// Security checks (issue 7, part 5) through the HTTP API on real Temporal, Postgres and SMTP:
//  - a matrix of EVERY operation of GET /openapi.json (read at run time: a new route without a row fails) × the
//    callers that must be turned away — no token and a forged token (401), an outsider in no space (404 for
//    anything inside a space, 403 for /staff), a member lacking the permission (403), staff of another authority
//    (404 for a request of a different authority) — giving the statuses of API.md;
//  - expired, cancelled or answered invitations can never be accepted;
//  - activation codes never in clear in the API's logs (pino at trace) nor in the SDK's logs of the worker
//    (the database, histories and mails are scanned by test/mandates.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { extractText, getDocumentProxy } from 'unpdf';
import { createApp } from '../../src/app';
import { invitationWorkflowId, type InvitationWorkflowInput } from '../../src/features/invitations/contract';
import { addMember, createSpace, invitationBody, invite, person, registerCompany, registerStaff, requiredDocuments, startStack, type Identity, type TestStack } from '../support';

// The SDK's logs of this process's worker, captured before startStack installs its quiet runtime (which then
// finds a runtime in place and leaves it). TRACE: whatever the SDK would print at its most verbose.
const sdkLines: string[] = [];
let sdkCaptured = false;
try {
  Runtime.install({ logger: new DefaultLogger('TRACE', (entry: LogEntry) => sdkLines.push(`${entry.level} ${entry.message} ${safeJson(entry.meta)}`)) });
  sdkCaptured = true;
} catch {
  // a runtime was already installed in this process; the SDK part of the log scan then sees nothing
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner instanceof Uint8Array ? Buffer.from(inner).toString('utf8') : inner)) ?? '';
  } catch {
    return String(value);
  }
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const pdfBase64 = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

// ——— The matrix ———

/**
 * Who calls:
 *  none        no Authorization header
 *  forged      a well-formed token signed with another secret
 *  expired     a token signed with the right secret whose `exp` has passed
 *  outsider    a valid token of a person in no space (a fresh person for every request)
 *  member      an active member of the space, role `without-signature` (edit procedures, nothing else)
 *  otherStaff  a staff token of ITM (a fresh person, in no space); the certification request belongs to MSPORTS
 */
const CALLERS = ['none', 'forged', 'expired', 'outsider', 'member', 'otherStaff'] as const;
type CallerClass = (typeof CALLERS)[number];

interface Row {
  expect: Record<CallerClass, number>;
  /** A valid body, so that what answers is the access check and not the validation. */
  body?: () => unknown;
}

/** 401 for the three unauthenticated callers, then outsider, member, other authority's staff. */
const auth = (outsider: number, member: number, otherStaff: number): Row['expect'] => ({ none: 401, forged: 401, expired: 401, outsider, member, otherStaff });
/** Not a space's business: any authenticated caller. */
const open = (status: number) => auth(status, status, status);
/** Inside a space: strangers get 404 (never reveal that the space exists); the member gets `member`. */
const inSpace = (member: number) => auth(404, member, 404);

/**
 * Expected status per operation and caller. `member` is 403 where the operation needs a permission a
 * `without-signature` member lacks (inviteUsers, deleteUsers, signProcedures, administrator); where the member may
 * act, the status is what the fixtures then give (the access check passed).
 */
const MATRIX: Record<string, Row> = {
  'GET /health': { expect: { none: 200, forged: 200, expired: 200, outsider: 200, member: 200, otherStaff: 200 } },
  'GET /me': { expect: open(200) },
  'PATCH /me': { expect: open(200), body: () => ({ language: 'en' }) },
  'GET /me/invitations': { expect: open(200) },
  'POST /spaces': { expect: open(201), body: () => ({ name: 'Elsewhere', company: { name: 'Other SA', registrationNumber: 'B1', address: { line1: '1, rue X', postalCode: 'L-1111', city: 'Luxembourg', country: 'LU' } } }) },
  'GET /spaces': { expect: open(200) },
  'GET /spaces/{spaceId}': { expect: inSpace(200) },
  'PATCH /spaces/{spaceId}': { expect: inSpace(403), body: () => ({ procedureLanguage: 'de' }) },
  'GET /spaces/{spaceId}/events': { expect: inSpace(200) },
  'POST /spaces/{spaceId}/invitations': { expect: inSpace(403), body: () => invitationBody(person('Nina New'), { role: 'manager' }) },
  'GET /spaces/{spaceId}/invitations': { expect: inSpace(200) },
  'GET /spaces/{spaceId}/invitations/{invitationId}': { expect: inSpace(200) },
  'PATCH /spaces/{spaceId}/invitations/{invitationId}': { expect: inSpace(403), body: () => ({ firstName: 'Changed' }) },
  'DELETE /spaces/{spaceId}/invitations/{invitationId}': { expect: inSpace(403) },
  'POST /spaces/{spaceId}/invitations/{invitationId}/resend': { expect: inSpace(403) },
  // API.md (R15): answering an invitation addressed to another certificate is 403 certificate_mismatch.
  'POST /invitations/{invitationId}/accept': { expect: auth(403, 403, 403) },
  'POST /invitations/{invitationId}/decline': { expect: auth(403, 403, 403) },
  'GET /spaces/{spaceId}/members': { expect: inSpace(200) },
  // {memberId} is a manager of the space, not the caller (leaving oneself needs no permission).
  'PATCH /spaces/{spaceId}/members/{memberId}': { expect: inSpace(403), body: () => ({ permissions: { inviteUsers: true } }) },
  'DELETE /spaces/{spaceId}/members/{memberId}': { expect: inSpace(403) },
  'GET /catalog/activity-fields': { expect: open(200) },
  'POST /spaces/{spaceId}/certification-requests': {
    expect: inSpace(403),
    body: () => ({ activityField: 'waste-collection', documents: requiredDocuments('waste-collection') }),
  },
  'GET /spaces/{spaceId}/certification-requests': { expect: inSpace(200) },
  'GET /spaces/{spaceId}/certification-requests/{requestId}': { expect: inSpace(200) },
  'POST /spaces/{spaceId}/certification-requests/{requestId}/documents': {
    expect: inSpace(403),
    body: () => ({ documents: [{ name: 'more.pdf', contentType: 'application/pdf', contentBase64: pdfBase64 }] }),
  },
  'POST /spaces/{spaceId}/certification-requests/{requestId}/withdraw': { expect: inSpace(403) },
  'GET /spaces/{spaceId}/certifications': { expect: inSpace(200) },
  'GET /catalog/procedures': { expect: open(200) },
  'POST /spaces/{spaceId}/procedures': { expect: inSpace(201), body: () => ({ type: 'vat-return', data: { period: '2025-Q4' } }) },
  'GET /spaces/{spaceId}/procedures': { expect: inSpace(200) },
  'GET /spaces/{spaceId}/procedures/{procedureId}': { expect: inSpace(200) },
  'PATCH /spaces/{spaceId}/procedures/{procedureId}': { expect: inSpace(200), body: () => ({ data: { turnover: 1000 } }) },
  'POST /spaces/{spaceId}/procedures/{procedureId}/sign': { expect: inSpace(403) },
  // Submitting needs editProcedures only (the signer signed already); the draft is not signed: 409.
  'POST /spaces/{spaceId}/procedures/{procedureId}/submit': { expect: inSpace(409) },
  'GET /spaces/{spaceId}/procedures/{procedureId}/pdf': { expect: inSpace(200) },
  'GET /staff/certification-requests': { expect: auth(403, 403, 200) },
  'GET /staff/certification-requests/{requestId}': { expect: auth(403, 403, 404) },
  'GET /staff/certification-requests/{requestId}/documents/{documentId}': { expect: auth(403, 403, 404) },
  'POST /staff/certification-requests/{requestId}/decision': { expect: auth(403, 403, 404), body: () => ({ decision: 'approve' }) },
  'GET /catalog/sections': { expect: open(200) },
  // Operators only (a token with operator: true): everyone here is refused.
  'POST /codec/decode': { expect: auth(403, 403, 403), body: () => ({ payloads: [] }) },
  'POST /codec/encode': { expect: auth(403, 403, 403), body: () => ({ payloads: [] }) },
  'GET /metrics': { expect: auth(403, 403, 403) },
  'POST /spaces/{spaceId}/access-requests': { expect: inSpace(403), body: () => ({ section: 'statistics', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0 }) },
  // Any member may enter a code (R37): a wrong one is 422 invalid_code.
  'POST /spaces/{spaceId}/activation-codes': { expect: inSpace(422), body: () => ({ code: 'AAAA-BBBB-CCCC' }) },
  'GET /spaces/{spaceId}/mandates': { expect: inSpace(200) },
  'POST /spaces/{spaceId}/mandates/{mandateId}/revoke': { expect: inSpace(403) },
  'PATCH /spaces/{spaceId}/mandates/{mandateId}': { expect: inSpace(403), body: () => ({ endDate: inDays(400) }) },
  'POST /spaces/{spaceId}/mandates/{mandateId}/delegate-codes': { expect: inSpace(403), body: () => ({ delegateCodes: 1 }) },
  // Activation deadlines are set by the section's administering authority (R34): the mandate is a tax one (ACD),
  // so ITM staff get 404 as for anything outside their authority.
  'PATCH /staff/mandates/{mandateId}': { expect: auth(403, 403, 404), body: () => ({ activationDeadline: inDays(30) }) },
  // R32: only the mandator's administrators end one delegate's access.
  'DELETE /spaces/{spaceId}/mandates/{mandateId}/delegates/{delegateSpaceId}': { expect: inSpace(403) },
  // The company register is kept by the business-register authority (LBR) alone.
  'GET /staff/companies/{registrationNumber}': { expect: auth(403, 403, 404) },
  'PUT /staff/companies/{registrationNumber}': { expect: auth(403, 403, 404), body: () => ({ name: 'Hijacked SA', address: { line1: '1, rue Z', postalCode: 'L-9999', city: 'Wiltz', country: 'LU' } }) },
  'GET /spaces/{spaceId}/mandators': { expect: inSpace(200) },
  // {mandatorSpaceId} is a space that gave this one no mandate: unknown as a mandator (404) even to the member.
  'GET /spaces/{spaceId}/mandators/{mandatorSpaceId}': { expect: inSpace(404) },
  // Moving a mandator needs an administrator (R10, R38).
  'POST /spaces/{spaceId}/mandators/{mandatorSpaceId}/move': { expect: inSpace(403), body: () => ({ toSpaceId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }) },
  // Administrator recovery: anyone logged in may claim a registered company; a claim is its claimant's alone (404 to
  // others); only administrators list and object to their company's claims.
  'POST /administrator-claims': { expect: open(201), body: () => ({ registrationNumber: 'B123456' }) },
  'GET /me/administrator-claims': { expect: open(200) },
  'GET /administrator-claims/{claimId}': { expect: auth(404, 404, 404) },
  'POST /administrator-claims/{claimId}/confirm': { expect: auth(404, 404, 404), body: () => ({ code: 'AAAA-BBBB-CCCC' }) },
  'GET /spaces/{spaceId}/administrator-claims': { expect: inSpace(403) },
  'POST /spaces/{spaceId}/administrator-claims/{claimId}/object': { expect: inSpace(403) },
  // Webhooks: administrators only.
  'POST /spaces/{spaceId}/webhooks': { expect: inSpace(403), body: () => ({ url: 'https://hooks.example.lu/x', events: ['invitation.created'] }) },
  'GET /spaces/{spaceId}/webhooks': { expect: inSpace(403) },
  'GET /spaces/{spaceId}/webhooks/{webhookId}': { expect: inSpace(403) },
  'PATCH /spaces/{spaceId}/webhooks/{webhookId}': { expect: inSpace(403), body: () => ({ status: 'disabled' }) },
  'DELETE /spaces/{spaceId}/webhooks/{webhookId}': { expect: inSpace(403) },
  'POST /spaces/{spaceId}/webhooks/{webhookId}/rotate-secret': { expect: inSpace(403) },
  'GET /spaces/{spaceId}/webhooks/{webhookId}/deliveries': { expect: inSpace(403) },
  'POST /spaces/{spaceId}/webhooks/{webhookId}/deliveries/{eventId}/redeliver': { expect: inSpace(403) },
};

interface Operation {
  key: string;
  method: string;
  template: string;
}

async function documentedOperations(): Promise<Operation[]> {
  const response = await stack.app.request('/openapi.json');
  expect(response.status).toBe(200);
  const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
  const methods = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((method) => methods.has(method))
      .map((method) => ({ key: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), template })),
  );
}

describe('access matrix: every documented operation × callers that must be turned away', () => {
  const admin = person('Ada Admin');
  const clerk = person('Carl Clerk'); // without-signature
  const manager = person('Max Manager');
  const invitee = person('Ivo Invitee');
  const sportsStaff: Identity = { ...person('Sue Sport'), staff: 'MSPORTS' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const space = await createSpace(stack, admin);
    ids.spaceId = space.id;
    await addMember(stack, space.id, admin, clerk, { role: 'without-signature' });
    ids.memberId = (await addMember(stack, space.id, admin, manager, { role: 'manager' })).id;
    // An endpoint that nothing answers (port 9 of this machine): its delivery of the invitation below is the fixture.
    const endpoint = await stack.call('POST', `/spaces/${space.id}/webhooks`, { as: admin, body: { url: 'http://127.0.0.1:9/hooks', events: ['invitation.created'] } });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    ids.webhookId = endpoint.body.id;
    ids.invitationId = (await invite(stack, space.id, admin, invitee)).id;
    ids.eventId = (await stack.call('GET', `/spaces/${space.id}/webhooks/${ids.webhookId}/deliveries`, { as: admin })).body.items[0].eventId;
    ids.mandatorSpaceId = (await createSpace(stack, person('Mona Mandator'))).id;
    const request = await stack.call('POST', `/spaces/${space.id}/certification-requests`, {
      as: admin,
      body: { activityField: 'sports-federation', documents: requiredDocuments('sports-federation') },
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    ids.requestId = request.body.id;
    ids.documentId = request.body.documents[0].id;
    const access = await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 1 } });
    expect(access.status, JSON.stringify(access.body)).toBe(201);
    ids.mandateId = access.body.mandateId;
    ids.delegateSpaceId = (await createSpace(stack, person('Fred Fiduciary'))).id;
    ids.registrationNumber = 'B123456';
    const procedure = await stack.call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'vat-return', data: { period: '2025-Q1' } } });
    expect(procedure.status, JSON.stringify(procedure.body)).toBe(201);
    ids.procedureId = procedure.body.id;
    const claim = await stack.call('POST', '/administrator-claims', { as: person('Cleo Claimant'), body: { registrationNumber: `B${admin.ssn.slice(-6)}` } });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    ids.claimId = claim.body.id;
  });

  it('has a row for every operation of /openapi.json, and no row for an operation it does not list', async () => {
    const documented = (await documentedOperations()).map((operation) => operation.key).sort();
    expect({ missingRows: documented.filter((key) => !(key in MATRIX)), staleRows: Object.keys(MATRIX).filter((key) => !documented.includes(key)) }).toEqual({ missingRows: [], staleRows: [] });
  });

  it('the fixtures are real: the owners reach every resource the matrix substitutes', async () => {
    const reads = [
      [admin, `/spaces/${ids.spaceId}/invitations/${ids.invitationId}`],
      [admin, `/spaces/${ids.spaceId}/certification-requests/${ids.requestId}`],
      [admin, `/spaces/${ids.spaceId}/procedures/${ids.procedureId}`],
      [sportsStaff, `/staff/certification-requests/${ids.requestId}`],
      [sportsStaff, `/staff/certification-requests/${ids.requestId}/documents/${ids.documentId}`],
    ] as const;
    for (const [as, url] of reads) expect((await stack.call('GET', url, { as })).status, url).toBe(200);
    const members = (await stack.call('GET', `/spaces/${ids.spaceId}/members`, { as: admin })).body.items.map((item: { id: string }) => item.id);
    expect(members).toContain(ids.memberId);
    const mandates = (await stack.call('GET', `/spaces/${ids.spaceId}/mandates`, { as: admin })).body.given.map((item: { id: string }) => item.id);
    expect(mandates).toEqual([ids.mandateId]);
  });

  it('answers each caller as API.md says (401 / 404 / 403), on every operation', async () => {
    const operations = await documentedOperations();
    const forgedToken = await new SignJWT({ name: 'Mallory' }).setProtectedHeader({ alg: 'HS256' }).setSubject(admin.ssn).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-of-this-deployment'));
    const expiredToken = await new SignJWT({ name: admin.name! })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(admin.ssn)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(stack.config.auth.secret));
    const callerToken = async (caller: CallerClass): Promise<string | undefined> => {
      switch (caller) {
        case 'none':
          return undefined;
        case 'forged':
          return forgedToken;
        case 'expired':
          return expiredToken;
        case 'outsider':
          return stack.token(person('Otto Outsider'));
        case 'member':
          return stack.token(clerk);
        case 'otherStaff':
          return stack.token({ ...person('Ian Labour'), staff: 'ITM' });
      }
    };
    const mismatches: string[] = [];
    const problems: string[] = [];
    let cells = 0;
    for (const operation of operations) {
      const row = MATRIX[operation.key];
      if (!row) continue; // reported by the coverage test above
      const url = operation.template.replace(/\{(\w+)\}/g, (_match, name: string) => {
        if (!ids[name]) throw new Error(`no fixture for the path parameter {${name}} of ${operation.key}: add one to the matrix's beforeAll`);
        return ids[name]!;
      });
      for (const caller of CALLERS) {
        cells += 1;
        const token = await callerToken(caller);
        const body = row.body?.();
        const response = await stack.app.request(url, {
          method: operation.method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        const expected = row.expect[caller];
        if (response.status !== expected) {
          mismatches.push(`${operation.key.padEnd(72)} ${caller.padEnd(10)} expected ${expected}, got ${response.status} ${text.slice(0, 160)}`);
          continue;
        }
        if (expected >= 400) {
          if (!(response.headers.get('content-type') ?? '').startsWith('application/problem+json')) problems.push(`${operation.key} ${caller}: content-type ${response.headers.get('content-type')}`);
          const code = (JSON.parse(text) as { code?: string }).code;
          const allowed = expected === 401 ? ['unauthorized'] : expected === 404 ? ['not_found'] : expected === 403 ? ['forbidden', 'certificate_mismatch', 'operator_required'] : undefined;
          if (allowed && !allowed.includes(code ?? '')) problems.push(`${operation.key} ${caller}: code ${code}`);
          if (expected === 401 && response.headers.get('www-authenticate') !== 'Bearer') problems.push(`${operation.key} ${caller}: no WWW-Authenticate: Bearer`);
        }
      }
    }
    // A readable diff: one line per cell that differs.
    expect(mismatches.join('\n'), `${mismatches.length} of ${cells} cells differ`).toBe('');
    expect(cells).toBe(operations.length * CALLERS.length);
    expect(problems.join('\n')).toBe('');
    // The refused calls changed nothing: the invitation is still pending, the member still a manager.
    const invitation = await stack.call('GET', `/spaces/${ids.spaceId}/invitations/${ids.invitationId}`, { as: admin });
    expect([invitation.body.status, invitation.body.firstName]).toEqual(['pending', 'Ivo']);
    const members = (await stack.call('GET', `/spaces/${ids.spaceId}/members`, { as: admin })).body.items as { id: string; role: string; permissions: { inviteUsers: boolean } }[];
    expect(members.find((member) => member.id === ids.memberId)).toMatchObject({ role: 'manager', permissions: { inviteUsers: false } });
    const request = await stack.call('GET', `/spaces/${ids.spaceId}/certification-requests/${ids.requestId}`, { as: admin });
    expect(request.body.status).toBe('submitted');
    const procedure = await stack.call('GET', `/spaces/${ids.spaceId}/procedures/${ids.procedureId}`, { as: admin });
    expect(procedure.body.status).toBe('draft');
    const register = await stack.call('GET', '/staff/companies/B123456', { as: registerStaff() });
    expect(register.body.name).toBe('Acme SA');
    const mandate = (await stack.call('GET', `/spaces/${ids.spaceId}/mandates`, { as: admin })).body.given[0];
    expect(Date.parse(mandate.activationDeadline)).toBeGreaterThan(Date.now() + 40 * 86_400_000);
  });
});

// ——— The trust rules' refusals (API.md "Trust rules") ———

describe('trust refusals: no escalation, unregistered companies', () => {
  it('a member with inviteUsers but without signature cannot grant what they lack, by any route (403 cannot_grant)', async () => {
    const admin = person('Tom Trust');
    const space = await createSpace(stack, admin);
    const inviter = person('Ivy Inviter');
    await addMember(stack, space.id, admin, inviter, { role: 'without-signature', permissions: { inviteUsers: true } });
    const own = await invite(stack, space.id, inviter, person('Ole Own'), { role: 'without-signature' });
    const adminInvitation = await invite(stack, space.id, admin, person('Ann Admin'), { role: 'administrator' });
    for (const [method, url, body] of [
      ['POST', `/spaces/${space.id}/invitations`, invitationBody(person('Sig Signer'), { role: 'manager' })],
      ['POST', `/spaces/${space.id}/invitations`, invitationBody(person('Del Deleter'), { role: 'without-signature', permissions: { deleteUsers: true } })],
      ['PATCH', `/spaces/${space.id}/invitations/${own.id}`, { role: 'manager' }],
      ['PATCH', `/spaces/${space.id}/invitations/${own.id}`, { permissions: { deleteUsers: true } }],
      ['DELETE', `/spaces/${space.id}/invitations/${adminInvitation.id}`, undefined],
      ['DELETE', `/spaces/${space.id}/members/${adminInvitation.id}`, undefined],
    ] as const) {
      const response = await stack.call(method, url, { as: inviter, body });
      expect([method, url, response.status, response.body.code]).toEqual([method, url, 403, 'cannot_grant']);
    }
  });

  it("an access request of a company the register does not know is 422 company_not_registered", async () => {
    const admin = person('Nora Nobody');
    const space = await createSpace(stack, admin, {}, { registered: false });
    const response = await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0 } });
    expect([response.status, response.body.code]).toEqual([422, 'company_not_registered']);
  });
});

// ——— Invitations that are no longer pending ———

describe('expired, cancelled or answered invitations can never be accepted', () => {
  const admin = person('Edda Admin');
  let spaceId: string;
  beforeAll(async () => {
    spaceId = (await createSpace(stack, admin)).id;
  });

  const accept = (invitationId: string, as: Identity) => stack.call('POST', `/invitations/${invitationId}/accept`, { as });
  const expectNotPending = (response: { status: number; body: any }) => {
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.code).toBe('invitation_not_pending');
  };
  const status = async (invitationId: string) => (await stack.call('GET', `/spaces/${spaceId}/invitations/${invitationId}`, { as: admin })).body.status as string;

  it('cancelled', async () => {
    const invitee = person('Cid Cancelled');
    const invitation = await invite(stack, spaceId, admin, invitee);
    expect((await stack.call('DELETE', `/spaces/${spaceId}/invitations/${invitation.id}`, { as: admin })).status).toBe(204);
    expectNotPending(await accept(invitation.id, invitee));
    expectNotPending(await stack.call('POST', `/invitations/${invitation.id}/decline`, { as: invitee }));
    expect(await status(invitation.id)).toBe('cancelled');
  });

  it('declined', async () => {
    const invitee = person('Dora Declined');
    const invitation = await invite(stack, spaceId, admin, invitee);
    expect((await stack.call('POST', `/invitations/${invitation.id}/decline`, { as: invitee })).status).toBe(200);
    expectNotPending(await accept(invitation.id, invitee));
    expect(await status(invitation.id)).toBe('declined');
  });

  it('accepted (a second accept, and a decline afterwards)', async () => {
    const invitee = person('Abe Accepted');
    const invitation = await invite(stack, spaceId, admin, invitee);
    expect((await accept(invitation.id, invitee)).status).toBe(200);
    expectNotPending(await accept(invitation.id, invitee));
    expectNotPending(await stack.call('POST', `/invitations/${invitation.id}/decline`, { as: invitee }));
    const members = (await stack.call('GET', `/spaces/${spaceId}/members`, { as: admin })).body.items as { certificateSsn: string }[];
    expect(members.filter((member) => member.certificateSsn === invitee.ssn)).toHaveLength(1);
  });

  it('expired (the workflow timer fired)', async () => {
    const invitee = person('Eve Expired');
    const me = await stack.call('GET', '/me', { as: admin });
    // A real invitation workflow with a short time to live, on the same task queue as the API's.
    const input: InvitationWorkflowInput = {
      invitationId: randomUUID(),
      spaceId,
      certificateSsn: invitee.ssn,
      firstName: 'Eve',
      lastName: 'Expired',
      email: invitee.email!,
      role: 'manager',
      permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
      certificateMode: 'any',
      invitedBy: { personId: me.body.personId, name: admin.name! },
      timings: { ttlMs: 1_500, remindersBeforeExpiryMs: [], resendIntervalMs: 60_000 },
    };
    const handle = await stack.client.workflow.start('invitationWorkflow', { args: [input], workflowId: invitationWorkflowId(input.invitationId), taskQueue: stack.taskQueue });
    expect(await handle.result()).toEqual({ invitationId: input.invitationId, status: 'expired' });
    expect(await status(input.invitationId)).toBe('expired');
    expectNotPending(await accept(input.invitationId, invitee));
    const members = (await stack.call('GET', `/spaces/${spaceId}/members`, { as: admin })).body.items as { certificateSsn: string }[];
    expect(members.some((member) => member.certificateSsn === invitee.ssn)).toBe(false);
  });
});

// ——— No activation code in the logs ———

describe('activation codes never in clear in the logs', () => {
  it('a mandate driven through an app logging at trace leaves no code in the API or SDK log lines', async () => {
    const apiLines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        apiLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const app = createApp({ config: stack.config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger });
    const call = async (method: string, url: string, as: Identity, body?: unknown) => {
      const response = await app.request(url, {
        method,
        headers: { authorization: `Bearer ${await stack.token(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const codes: string[] = [];
    const lettersOf = async (mandateId: string, count: number) => {
      const started = Date.now();
      for (;;) {
        const dir = stack.config.postOutboxDir;
        const found: { kind: string; code: string }[] = [];
        for (const name of (await readdir(dir).catch(() => [] as string[])).filter((entry) => entry.endsWith('.json'))) {
          const meta = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { letterId: string; kind: string; mandateId: string };
          if (meta.mandateId !== mandateId) continue;
          const { text } = await extractText(await getDocumentProxy(new Uint8Array(await readFile(path.join(dir, `${meta.letterId}.pdf`)))), { mergePages: true });
          const code = /\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b/.exec(text)?.[1];
          if (code) found.push({ kind: meta.kind, code });
        }
        if (found.length >= count || Date.now() - started > 20_000) {
          expect(found).toHaveLength(count);
          for (const letter of found) if (!codes.includes(letter.code)) codes.push(letter.code);
          return found;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    const holderAdmin = person('Lea Logged');
    const delegateAdmin = person('Dan Delegate');
    await registerCompany(stack, 'B777001', { name: 'Logged SA', address: { line1: '1, rue Y', postalCode: 'L-2222', city: 'Luxembourg', country: 'LU' } });
    const mandator = (await call('POST', '/spaces', holderAdmin, { name: 'Logged', company: { name: 'Logged SA', registrationNumber: 'B777001', address: { line1: '1, rue Y', postalCode: 'L-2222', city: 'Luxembourg', country: 'LU' } } })).body;
    const delegate = (await call('POST', '/spaces', delegateAdmin, { name: 'Fiduciary', company: { name: 'Fidu SA', registrationNumber: 'B777002', address: { line1: '2, rue Y', postalCode: 'L-2222', city: 'Luxembourg', country: 'LU' } } })).body;
    const access = await call('POST', `/spaces/${mandator.id}/access-requests`, holderAdmin, { section: 'tax', scope: { procedures: true, dataConsultation: true }, delegateCodes: 2 });
    expect(access.status, JSON.stringify(access.body)).toBe(201);
    const letters = await lettersOf(access.body.mandateId, 3);
    const holder = letters.find((letter) => letter.kind === 'holder')!.code;
    const [first, second] = letters.filter((letter) => letter.kind === 'delegate').map((letter) => letter.code);

    // Wrong entries too: a delegate code in the mandator's space, a holder code in a foreign space, a typo.
    expect((await call('POST', `/spaces/${delegate.id}/activation-codes`, delegateAdmin, { code: holder })).status).toBe(422);
    expect((await call('POST', `/spaces/${mandator.id}/activation-codes`, holderAdmin, { code: first })).status).toBe(422);
    expect((await call('POST', `/spaces/${mandator.id}/activation-codes`, holderAdmin, { code: holder.toLowerCase().replace(/-/g, '') })).status).toBe(200);
    expect((await call('POST', `/spaces/${mandator.id}/activation-codes`, holderAdmin, { code: holder })).status).toBe(409);
    expect((await call('POST', `/spaces/${delegate.id}/activation-codes`, delegateAdmin, { code: first })).status).toBe(200);
    // New delegate codes: the unused second one becomes void (410), the new letter has a fresh code.
    expect((await call('POST', `/spaces/${mandator.id}/mandates/${access.body.mandateId}/delegate-codes`, holderAdmin, { delegateCodes: 1 })).status).toBe(200);
    await lettersOf(access.body.mandateId, 4);
    expect((await call('POST', `/spaces/${delegate.id}/activation-codes`, delegateAdmin, { code: second })).status).toBe(410);
    expect((await call('POST', `/spaces/${mandator.id}/mandates/${access.body.mandateId}/revoke`, holderAdmin)).status).toBe(200);

    expect(codes).toHaveLength(4);
    expect(apiLines.length).toBeGreaterThan(10);
    expect(apiLines.some((line) => line.includes(access.body.mandateId))).toBe(true);
    // The worker's activities ran in this process: their SDK log lines (activity and workflow loggers) are here.
    if (sdkCaptured) expect(sdkLines.some((line) => line.includes(access.body.mandateId))).toBe(true);
    const logs = [...apiLines, ...sdkLines].join('\n');
    const leaks = codes.flatMap((code) => [code, code.replace(/-/g, ''), code.toLowerCase(), code.replace(/-/g, '').toLowerCase()]).filter((form) => logs.includes(form));
    expect(leaks, `codes found in ${apiLines.length} API and ${sdkLines.length} SDK log lines`).toEqual([]);
  });
});
