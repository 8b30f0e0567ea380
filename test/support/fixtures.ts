// Small builders for test data through the public API.
import { expect } from 'vitest';
import { findActivityField } from '../../src/domain/certification';
import { findProcedureType, PROCEDURE_FIELD_KINDS } from '../../src/domain/procedures';
import { newSsn, type Identity, type TestStack } from './stack';

export function person(name: string, extra: Partial<Identity> = {}): Identity {
  const ssn = newSsn();
  return { ssn, name, email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '')}.${ssn.slice(-6)}@example.lu`, ...extra };
}

export const companyAddress = { line1: '12, rue Érasme', postalCode: 'L-1468', city: 'Luxembourg', country: 'LU' };

/** Business-register staff (LBR), who keep the company register. */
export const registerStaff = (): Identity => person('Rita Register', { staff: 'LBR' });

/** Records a company in the register through the staff route, as the administration would. */
export async function registerCompany(stack: TestStack, registrationNumber: string, entry: { name: string; address: typeof companyAddress; language?: string }) {
  const response = await stack.call('PUT', `/staff/companies/${encodeURIComponent(registrationNumber)}`, { as: registerStaff(), body: entry });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/**
 * A space of a company; unless `registered: false`, the company is first recorded in the register with what the
 * space declares, so that access requests and letters work as for a real company.
 */
export async function createSpace(stack: TestStack, admin: Identity, overrides: Record<string, unknown> = {}, options: { registered?: boolean } = {}) {
  const company = { name: `Acme ${admin.ssn.slice(-5)} SA`, registrationNumber: `B${admin.ssn.slice(-6)}`, address: companyAddress, ...(overrides.company as object | undefined) } as { name: string; registrationNumber: string; address: typeof companyAddress };
  if (options.registered !== false) await registerCompany(stack, company.registrationNumber, { name: company.name, address: company.address });
  const response = await stack.call('POST', '/spaces', {
    as: admin,
    body: { name: 'Finance', ...overrides, company },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string; company: { name: string; registered: boolean } };
}

export function invitationBody(invitee: Identity, overrides: Record<string, unknown> = {}) {
  const [firstName, ...rest] = (invitee.name ?? 'Jane Doe').split(' ');
  return { certificateSsn: invitee.ssn, firstName, lastName: rest.join(' ') || 'Doe', email: invitee.email ?? 'jane@example.lu', role: 'manager', certificateMode: 'invited-only', ...overrides };
}

export async function invite(stack: TestStack, spaceId: string, inviter: Identity, invitee: Identity, overrides: Record<string, unknown> = {}) {
  const response = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: inviter, body: invitationBody(invitee, overrides) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; status: string; expiresAt: string };
}

/** Invites and accepts: the invitee becomes an active member. */
export async function addMember(stack: TestStack, spaceId: string, inviter: Identity, invitee: Identity, overrides: Record<string, unknown> = {}) {
  const invitation = await invite(stack, spaceId, inviter, invitee, overrides);
  const accepted = await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return accepted.body as { id: string; role: string };
}

/** One small PDF of each kind the activity field requires (R21), tagged with its `kind`. */
export function requiredDocuments(activityField: string) {
  const field = findActivityField(activityField);
  if (!field) throw new Error(`no activity field ${activityField}`);
  return field.requiredDocuments.map((required) => ({
    name: `${required.code}.pdf`,
    contentType: 'application/pdf',
    contentBase64: Buffer.from(`%PDF-1.4\n% ${required.code}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`).toString('base64'),
    kind: required.code,
  }));
}

/** Reads until `done` holds or the time is up (then the last value, for the caller's assertion to show). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An answer is the problem+json of this status and code, with a title and a detail for the reader. */
export function expectProblem(response: { status: number; body: any; headers: Headers }, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

/** Form data that completes a procedure of this type (every required field; API.md: complete before signed). */
export function completeData(type: string, overrides: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  const procedureType = findProcedureType(type);
  if (!procedureType) throw new Error(`no procedure type ${type}`);
  const value = (field: keyof typeof PROCEDURE_FIELD_KINDS) => ({ number: 1000, date: '2027-03-15', text: `${field} value` })[PROCEDURE_FIELD_KINDS[field]];
  return { ...Object.fromEntries(procedureType.requiredFields.map((field) => [field, value(field)])), ...overrides };
}
