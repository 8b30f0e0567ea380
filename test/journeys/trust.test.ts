// Trust rules (API.md, issue 10): the company register, no escalation, rights at every use, staff within their
// authority, deadlines owned by the administration, per-delegate revocation, anti-automation per caller.
// On the real stack: Postgres, Temporal dev server, SMTP; codes are read from the printed letters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCompanyRegister, parseRegisterCsv, findRegisteredCompany } from '../../src/features/register/store';
import { rightNotHeld } from '../../src/domain/access';
import { addMember, createSpace, eventually, invitationBody, invite, person, registerCompany, registerStaff, readLetters, type Letter, startStack, type Identity, type TestStack, completeData } from '../support';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function lettersOf(mandateId: string, count: number): Promise<Letter[]> {
  const letters = await eventually(() => readLetters(stack.config.postOutboxDir, mandateId), (list) => list.length >= count);
  expect(letters).toHaveLength(count);
  return letters;
}

async function requestCodes(admin: Identity, spaceId: string, section: string, delegateCodes: number, scope = { procedures: true, dataConsultation: false }) {
  const response = await stack.call('POST', `/spaces/${spaceId}/access-requests`, { as: admin, body: { section, scope, delegateCodes } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const letters = await lettersOf(response.body.mandateId, 1 + delegateCodes);
  return { mandateId: response.body.mandateId as string, holder: letters.find((letter) => letter.kind === 'holder')!.code, delegates: letters.filter((letter) => letter.kind === 'delegate').map((letter) => letter.code), letters };
}

const enter = (as: Identity, spaceId: string, code: string) => stack.call('POST', `/spaces/${spaceId}/activation-codes`, { as, body: { code } });
const given = async (as: Identity, spaceId: string, mandateId: string) => ((await stack.call('GET', `/spaces/${spaceId}/mandates`, { as })).body.given as any[]).find((mandate) => mandate.id === mandateId);
const eventsOf = async (as: Identity, spaceId: string) => (await stack.call('GET', `/spaces/${spaceId}/events?limit=200`, { as })).body.items as { type: string; subjectId: string | null; data: Record<string, unknown> }[];

describe('the company register', () => {
  it('parses the CSV format and refuses a bad header or a missing field with the line', () => {
    const companies = parseRegisterCsv('registrationNumber,name,line1,postalCode,city,country,language\nB1,"Alpha, Beta SA","1, rue ""A""",L-1111,Luxembourg,LU,de\nB2,Gamma SA,2 rue B,L-2222,Esch,LU,\n');
    expect(companies).toEqual([
      { registrationNumber: 'B1', name: 'Alpha, Beta SA', address: { line1: '1, rue "A"', postalCode: 'L-1111', city: 'Luxembourg', country: 'LU' }, language: 'de' },
      { registrationNumber: 'B2', name: 'Gamma SA', address: { line1: '2 rue B', postalCode: 'L-2222', city: 'Esch', country: 'LU' }, language: null },
    ]);
    expect(() => parseRegisterCsv('number,name\nB1,A')).toThrow(/header/);
    expect(() => parseRegisterCsv('registrationNumber,name,line1,postalCode,city,country,language\nB1,,1 rue,L-1,Lux,LU,fr')).toThrow(/line 2: name is empty/);
    expect(() => parseRegisterCsv('registrationNumber,name,line1,postalCode,city,country,language\nB1,A,1 rue,L-1,Lux,LU,it')).toThrow(/language/);
  });

  it('the demo register is loaded at start (the README example company included)', async () => {
    const staff = registerStaff();
    const acme = await stack.call('GET', '/staff/companies/B123456', { as: staff });
    expect(acme.status).toBe(200);
    expect(acme.body).toEqual({ registrationNumber: 'B123456', name: 'Acme SA', address: { line1: '1, rue X', postalCode: 'L-1234', city: 'Luxembourg', country: 'LU' }, language: 'fr' });
    const unknown = await stack.call('GET', '/staff/companies/B000000404', { as: staff });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
  });

  it('COMPANY_REGISTER_FILE is upserted: new entries added, existing ones corrected, others kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'register-'));
    const file = path.join(dir, 'register.csv');
    writeFileSync(file, 'registrationNumber,name,line1,postalCode,city,country,language\nB880001,Import One SA,1 rue I,L-1000,Luxembourg,LU,en\n');
    expect(await importCompanyRegister(stack.database.db, file)).toBe(1);
    writeFileSync(file, 'registrationNumber,name,line1,postalCode,city,country,language\nB880001,Import One Corrected SA,9 rue I,L-1000,Luxembourg,LU,\nB880002,Import Two SA,2 rue I,L-2000,Esch,LU,de\n');
    expect(await importCompanyRegister(stack.database.db, file)).toBe(2);
    expect(await findRegisteredCompany(stack.database.db, 'B880001')).toMatchObject({ name: 'Import One Corrected SA', address: { line1: '9 rue I' }, language: null });
    expect(await findRegisteredCompany(stack.database.db, 'B880002')).toMatchObject({ name: 'Import Two SA' });
    expect(await findRegisteredCompany(stack.database.db, 'B123456')).toMatchObject({ name: 'Acme SA' });
  });

  it('LBR staff read and write entries; other staff get 404, other callers 403', async () => {
    const entry = { name: 'Written SA', address: { line1: '3, rue W', postalCode: 'L-3333', city: 'Luxembourg', country: 'LU' }, language: 'de' };
    const written = await stack.call('PUT', '/staff/companies/B880010', { as: registerStaff(), body: entry });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toEqual({ registrationNumber: 'B880010', ...entry });
    expect((await stack.call('GET', '/staff/companies/B880010', { as: registerStaff() })).body.name).toBe('Written SA');
    const otherStaff = { ...person('Ida ITM'), staff: 'ITM' };
    for (const [method, body] of [['GET', undefined], ['PUT', entry]] as const) {
      const foreign = await stack.call(method, '/staff/companies/B880010', { as: otherStaff, body });
      expect([method, foreign.status, foreign.body.code]).toEqual([method, 404, 'not_found']);
      const citizen = await stack.call(method, '/staff/companies/B880010', { as: person('Carl Citizen'), body });
      expect([method, citizen.status, citizen.body.code]).toEqual([method, 403, 'forbidden']);
    }
    const invalid = await stack.call('PUT', '/staff/companies/B880010', { as: registerStaff(), body: { name: '', address: entry.address } });
    expect([invalid.status, invalid.body.code]).toEqual([422, 'validation_failed']);
    expect((await stack.call('GET', '/staff/companies/B880010', { as: registerStaff() })).body.name).toBe('Written SA');
  });

  it("a space's company says whether it is registered; an unregistered company's access request is 422 company_not_registered", async () => {
    const admin = person('Una Unregistered');
    const space = await createSpace(stack, admin, {}, { registered: false });
    expect(space.company.registered).toBe(false);
    const refused = await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 1 } });
    expect([refused.status, refused.body.code]).toEqual([422, 'company_not_registered']);
    expect((await stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given).toEqual([]);

    const registered = await createSpace(stack, person('Rhea Registered'));
    expect(registered.company.registered).toBe(true);
    const listed = await stack.call('GET', '/spaces', { as: admin });
    expect(listed.body.items.map((item: { company: { registered: boolean } }) => item.company.registered)).toEqual([false]);
  });

  it("a squatter claiming another company's number gets letters only to the register's name and address; the real company still activates (R33)", async () => {
    const registeredAddress = { line1: '77, avenue de la Liberté', postalCode: 'L-1931', city: 'Luxembourg', country: 'LU' };
    await registerCompany(stack, 'B881234', { name: 'Genuine Holdings SA', address: registeredAddress });
    const squatter = person('Sam Squatter');
    const squatterSpace = await createSpace(stack, squatter, { company: { name: 'Genuine Holdings SA', registrationNumber: 'B881234', address: { line1: '1, impasse du Squat', postalCode: 'L-9999', city: 'Wiltz', country: 'LU' } } }, { registered: false });
    expect(squatterSpace.company.registered).toBe(true);
    const squatted = await requestCodes(squatter, squatterSpace.id, 'tax', 1);
    for (const letter of squatted.letters) {
      expect(letter.text).toContain('77, avenue de la Liberté');
      expect(letter.text).toContain('L-1931');
      expect(letter.text).not.toContain('impasse du Squat');
      expect(JSON.parse(letter.sidecar).recipient).toEqual({ companyName: 'Genuine Holdings SA', address: registeredAddress });
    }

    // The real company (another space with the same number) requests its own codes and activates them; the
    // squatter's unused holder code blocks nothing.
    const owner = person('Olivia Owner');
    const ownerSpace = await createSpace(stack, owner, { company: { name: 'Genuine Holdings SA', registrationNumber: 'B881234', address: registeredAddress } }, { registered: false });
    const real = await requestCodes(owner, ownerSpace.id, 'tax', 0);
    expect(real.letters[0]!.text).toContain('77, avenue de la Liberté');
    const activated = await enter(owner, ownerSpace.id, real.holder);
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  });
});

describe('no escalation: a member grants only what they hold', () => {
  const admin = person('Ada Admin');
  const inviter = person('Ivo Inviter');
  let spaceId: string;

  beforeAll(async () => {
    spaceId = (await createSpace(stack, admin)).id;
    // "Without signature" with inviteUsers only: may invite, holds neither deleteUsers nor signProcedures.
    await addMember(stack, spaceId, admin, inviter, { role: 'without-signature', permissions: { inviteUsers: true } });
  });

  it('the rule: roles by rank, then each permission', () => {
    const holder = { role: 'without-signature' as const, permissions: { inviteUsers: true, deleteUsers: false, editProcedures: true, signProcedures: false } };
    expect(rightNotHeld(holder, { role: 'manager', permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true } })).toBe('manager');
    expect(rightNotHeld(holder, { role: 'without-signature', permissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: false } })).toBe('deleteUsers');
    expect(rightNotHeld(holder, { role: 'without-signature', permissions: { inviteUsers: true, deleteUsers: false, editProcedures: true, signProcedures: false } })).toBeUndefined();
    const manager = { role: 'manager' as const, permissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true } };
    expect(rightNotHeld(manager, { role: 'administrator', permissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true } })).toBe('administrator');
  });

  it('POST invitations: a manager role, deleteUsers or administrator → 403 cannot_grant; what they hold → 201', async () => {
    for (const overrides of [{ role: 'manager' }, { role: 'without-signature', permissions: { deleteUsers: true } }, { role: 'administrator' }]) {
      const response = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: inviter, body: invitationBody(person('Eve Escalate'), overrides) });
      expect([JSON.stringify(overrides), response.status, response.body.code]).toEqual([JSON.stringify(overrides), 403, 'cannot_grant']);
    }
    const allowed = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: inviter, body: invitationBody(person('Walt Within'), { role: 'without-signature', permissions: { inviteUsers: true } }) });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
    const pending = (await stack.call('GET', `/spaces/${spaceId}/invitations?status=pending`, { as: admin })).body.items as { certificateSsn: string }[];
    expect(pending).toHaveLength(1);
  });

  it('PATCH invitation: raising its role or permissions → 403 cannot_grant, and so is touching one that grants more', async () => {
    const own = await invite(stack, spaceId, inviter, person('Olaf Own'), { role: 'without-signature' });
    for (const body of [{ role: 'manager' }, { permissions: { deleteUsers: true } }, { role: 'administrator' }]) {
      const response = await stack.call('PATCH', `/spaces/${spaceId}/invitations/${own.id}`, { as: inviter, body });
      expect([JSON.stringify(body), response.status, response.body.code]).toEqual([JSON.stringify(body), 403, 'cannot_grant']);
    }
    expect((await stack.call('PATCH', `/spaces/${spaceId}/invitations/${own.id}`, { as: inviter, body: { lastName: 'Renamed' } })).status).toBe(200);
    const byAdmin = await invite(stack, spaceId, admin, person('Mia Manager'), { role: 'manager' });
    const lowered = await stack.call('PATCH', `/spaces/${spaceId}/invitations/${byAdmin.id}`, { as: inviter, body: { role: 'without-signature' } });
    expect([lowered.status, lowered.body.code]).toEqual([403, 'cannot_grant']);
    const view = await stack.call('GET', `/spaces/${spaceId}/invitations/${byAdmin.id}`, { as: admin });
    expect(view.body.role).toBe('manager');
  });

  it("DELETE invitation (and DELETE member on the pending invitee): an administrator's invitation of an administrator stays", async () => {
    const adminInvite = await invite(stack, spaceId, admin, person('Abe Administrator'), { role: 'administrator' });
    const cancel = await stack.call('DELETE', `/spaces/${spaceId}/invitations/${adminInvite.id}`, { as: inviter });
    expect([cancel.status, cancel.body.code]).toEqual([403, 'cannot_grant']);
    const viaMembers = await stack.call('DELETE', `/spaces/${spaceId}/members/${adminInvite.id}`, { as: inviter });
    expect([viaMembers.status, viaMembers.body.code]).toEqual([403, 'cannot_grant']);
    expect((await stack.call('GET', `/spaces/${spaceId}/invitations/${adminInvite.id}`, { as: admin })).body.status).toBe('pending');
  });

  it('PATCH member: the administrator rule holds there too (a non-administrator gets 403, an administrator may)', async () => {
    const members = (await stack.call('GET', `/spaces/${spaceId}/members`, { as: admin })).body.items as { id: string; name: string; status: string }[];
    const inviterMember = members.find((member) => member.name === inviter.name && member.status === 'active')!;
    const self = await stack.call('PATCH', `/spaces/${spaceId}/members/${inviterMember.id}`, { as: inviter, body: { role: 'manager' } });
    expect(self.status).toBe(403);
    const promoted = await stack.call('PATCH', `/spaces/${spaceId}/members/${inviterMember.id}`, { as: admin, body: { permissions: { deleteUsers: true } } });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
  });
});

describe('pending invitees in the member list', () => {
  it('DELETE …/members/{id} on a pending entry cancels that invitation (204), as the list shows it', async () => {
    const admin = person('Pia Pending');
    const space = await createSpace(stack, admin);
    const invitee = person('Quinn Queued');
    const invitation = await invite(stack, space.id, admin, invitee);
    const listed = (await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items as { id: string; status: string }[];
    expect(listed.find((member) => member.status === 'pending')?.id).toBe(invitation.id);
    const removed = await stack.call('DELETE', `/spaces/${space.id}/members/${invitation.id}`, { as: admin });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect((await stack.call('GET', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin })).body.status).toBe('cancelled');
    expect(((await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items as { status: string }[]).some((member) => member.status === 'pending')).toBe(false);
    const again = await stack.call('DELETE', `/spaces/${space.id}/members/${invitation.id}`, { as: admin });
    expect(again.status).toBe(404);
    const accept = await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee });
    expect([accept.status, accept.body.code]).toEqual([409, 'invitation_not_pending']);
  });
});

/** A mandator (registered) whose holder code is entered, and delegate spaces registered through delegate codes. */
async function activeMandate(section: string, delegates: number, registered: number, label: string) {
  const mandatorAdmin = person(`${label} Mandator`);
  const mandator = await createSpace(stack, mandatorAdmin);
  const codes = await requestCodes(mandatorAdmin, mandator.id, section, delegates);
  expect((await enter(mandatorAdmin, mandator.id, codes.holder)).status).toBe(200);
  const delegateSpaces: { admin: Identity; id: string }[] = [];
  for (let index = 0; index < registered; index += 1) {
    const admin = person(`${label} Fiduciary ${index}`);
    const space = await createSpace(stack, admin);
    const entered = await enter(admin, space.id, codes.delegates[index]!);
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    delegateSpaces.push({ admin, id: space.id });
  }
  return { mandatorAdmin, mandator, codes, delegateSpaces };
}

const mandatorIds = async (as: Identity, spaceId: string) => ((await stack.call('GET', `/spaces/${spaceId}/mandators`, { as })).body.items as { spaceId: string }[]).map((item) => item.spaceId);
const certifiedSections = async (as: Identity, spaceId: string) =>
  ((await stack.call('GET', `/spaces/${spaceId}/certifications`, { as })).body as { section?: string; via: string }[]).filter((entry) => entry.via === 'activation-code').map((entry) => entry.section);

describe('rights at every use; ending a mandate cascades at once', () => {
  it("a revoked mandate's drafts cannot be edited, signed or submitted (403 mandate_required); the code certification and delegation end, both timelines say so", async () => {
    const { mandatorAdmin, mandator, codes, delegateSpaces } = await activeMandate('tax', 1, 1, 'Rev');
    const delegate = delegateSpaces[0]!;
    expect(await certifiedSections(mandatorAdmin, mandator.id)).toEqual(['tax']);
    const file = async () => {
      const created = await stack.call('POST', `/spaces/${delegate.id}/procedures`, { as: delegate.admin, body: { type: 'vat-return', onBehalfOf: mandator.id, data: completeData('vat-return', { period: '2026-Q3' }) } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const draft = await file();
    const signed = await file();
    expect((await stack.call('POST', `/spaces/${delegate.id}/procedures/${signed}/sign`, { as: delegate.admin })).status).toBe(200);
    // While the mandate holds, writes pass.
    expect((await stack.call('PATCH', `/spaces/${delegate.id}/procedures/${draft}`, { as: delegate.admin, body: { data: { turnover: 10 } } })).status).toBe(200);

    const revoked = await stack.call('POST', `/spaces/${mandator.id}/mandates/${codes.mandateId}/revoke`, { as: mandatorAdmin });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    for (const [method, url, body] of [
      ['PATCH', `/spaces/${delegate.id}/procedures/${draft}`, { data: { turnover: 20 } }],
      ['POST', `/spaces/${delegate.id}/procedures/${draft}/sign`, undefined],
      ['POST', `/spaces/${delegate.id}/procedures/${signed}/submit`, undefined],
    ] as const) {
      const response = await stack.call(method, url, { as: delegate.admin, body });
      expect([method, url, response.status, response.body.code]).toEqual([method, url, 403, 'mandate_required']);
    }
    // Reading ends with the mandate: the delegate no longer reads what it filed (PDF too), the mandator keeps it.
    for (const id of [draft, signed]) {
      expect((await stack.call('GET', `/spaces/${delegate.id}/procedures/${id}`, { as: delegate.admin })).status).toBe(404);
      expect((await stack.call('GET', `/spaces/${delegate.id}/procedures/${id}/pdf`, { as: delegate.admin })).status).toBe(404);
    }
    expect((await stack.call('GET', `/spaces/${delegate.id}/procedures`, { as: delegate.admin })).body.items.map((item: { id: string }) => item.id)).not.toEqual(expect.arrayContaining([draft]));
    const views = await Promise.all([draft, signed].map(async (id) => (await stack.call('GET', `/spaces/${mandator.id}/procedures/${id}`, { as: mandatorAdmin })).body));
    expect(views.map((view) => [view.status, view.data.turnover ?? null])).toEqual([['draft', 10], ['signed', 1000]]);

    // The cascade, in the step that revoked: no waiting.
    expect(await certifiedSections(mandatorAdmin, mandator.id)).toEqual([]);
    expect(await mandatorIds(delegate.admin, delegate.id)).toEqual([]);
    const mandatorEvents = await eventsOf(mandatorAdmin, mandator.id);
    expect(mandatorEvents.find((event) => event.type === 'mandate.revoked')?.data).toMatchObject({ section: 'tax', delegatesEnded: 1, certificationRemoved: true });
    expect(mandatorEvents.some((event) => event.type === 'mandate.certification_removed' && event.subjectId === codes.mandateId)).toBe(true);
    expect((await eventsOf(delegate.admin, delegate.id)).find((event) => event.type === 'delegation.ended')?.data).toMatchObject({ section: 'tax', reason: 'revoked' });
  });

  it('the code certification disappears when the mandate ends at its end date', async () => {
    const { mandatorAdmin, mandator, codes, delegateSpaces } = await activeMandate('statistics', 1, 1, 'End');
    expect(await certifiedSections(mandatorAdmin, mandator.id)).toEqual(['statistics']);
    // An end of use lies after the activation deadline: the administration (STATEC) brings the deadline close first.
    const staff = { ...person('Stella Statec'), staff: 'STATEC' };
    expect((await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: staff, body: { activationDeadline: new Date(Date.now() + 1_000).toISOString() } })).status).toBe(200);
    const soon = new Date(Date.now() + 2_500).toISOString();
    expect((await stack.call('PATCH', `/spaces/${mandator.id}/mandates/${codes.mandateId}`, { as: mandatorAdmin, body: { endDate: soon } })).status).toBe(200);
    const ended = await eventually(() => given(mandatorAdmin, mandator.id, codes.mandateId), (mandate) => mandate?.status === 'ended');
    expect(ended.status).toBe('ended');
    expect(await certifiedSections(mandatorAdmin, mandator.id)).toEqual([]);
    expect((await eventsOf(mandatorAdmin, mandator.id)).find((event) => event.type === 'mandate.ended')?.data).toMatchObject({ certificationRemoved: true, delegatesEnded: 1 });
    expect(await mandatorIds(delegateSpaces[0]!.admin, delegateSpaces[0]!.id)).toEqual([]);
  });
});

describe('staff act within their authority', () => {
  it("every section names its authority; another authority's staff get 404 on a mandate, its own staff 200", async () => {
    const sections = (await stack.call('GET', '/catalog/sections', { as: person('Cleo Catalog') })).body as { code: string; authority: string }[];
    expect(Object.fromEntries(sections.map((section) => [section.code, section.authority]))).toEqual({ tax: 'ACD', 'social-security': 'CCSS', statistics: 'STATEC', employment: 'ADEM', associations: 'LBR' });
    const admin = person('Sid Scope');
    const space = await createSpace(stack, admin);
    const codes = await requestCodes(admin, space.id, 'tax', 0);
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    for (const staff of ['CCSS', 'ITM', 'LBR']) {
      const foreign = await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: { ...person('Otto Other'), staff }, body: { activationDeadline: deadline } });
      expect([staff, foreign.status, foreign.body.code]).toEqual([staff, 404, 'not_found']);
    }
    expect((await given(admin, space.id, codes.mandateId)).activationDeadline).not.toBe(deadline);
    const own = await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: { ...person('Tara Tax'), staff: 'ACD' }, body: { activationDeadline: deadline } });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.activationDeadline).toBe(deadline);
  });
});

describe('the administration owns deadlines; per-delegate revocation', () => {
  it('new delegate codes get their own deadline; the holder code, the mandate and registered delegates are untouched; unused codes become void', async () => {
    const { mandatorAdmin, mandator, codes, delegateSpaces } = await activeMandate('social-security', 2, 1, 'Dead');
    const staffDeadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: { ...person('Cara CCSS'), staff: 'CCSS' }, body: { activationDeadline: staffDeadline } })).status).toBe(200);
    const changed = await stack.call('POST', `/spaces/${mandator.id}/mandates/${codes.mandateId}/delegate-codes`, { as: mandatorAdmin, body: { delegateCodes: 1 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.activationDeadline).toBe(staffDeadline);
    const holder = changed.body.codes.find((code: { kind: string }) => code.kind === 'holder');
    expect(holder).toMatchObject({ status: 'used', activationDeadline: staffDeadline });
    expect(changed.body.delegates.map((d: { spaceId: string; status: string }) => [d.spaceId, d.status])).toEqual([[delegateSpaces[0]!.id, 'active']]);
    expect(await mandatorIds(delegateSpaces[0]!.admin, delegateSpaces[0]!.id)).toEqual([mandator.id]);
    const delegateCodes = changed.body.codes.filter((code: { kind: string }) => code.kind === 'delegate') as { status: string; activationDeadline: string }[];
    expect(delegateCodes.map((code) => code.status).sort()).toEqual(['issued', 'used', 'void']);
    const fresh = delegateCodes.find((code) => code.status === 'issued')!;
    expect(Date.parse(fresh.activationDeadline)).toBeGreaterThan(Date.now() + 50 * 86_400_000);

    // The unused old code is void; the new one works until its own deadline.
    const late = person('Lou Late');
    const lateSpace = await createSpace(stack, late);
    const voided = await enter(late, lateSpace.id, codes.delegates[1]!);
    expect([voided.status, voided.body.code]).toEqual([410, 'code_expired']);
    const letters = await lettersOf(codes.mandateId, 4);
    const newCode = letters.find((letter) => letter.kind === 'delegate' && !codes.delegates.includes(letter.code))!;
    expect((await enter(late, lateSpace.id, newCode.code)).status).toBe(200);
    const after = await given(mandatorAdmin, mandator.id, codes.mandateId);
    expect(after.activationDeadline).toBe(staffDeadline);
  });

  it("DELETE …/delegates/{delegateSpaceId} ends that delegate's access alone (204); the mandate and the other delegate stay", async () => {
    const { mandatorAdmin, mandator, codes, delegateSpaces } = await activeMandate('employment', 2, 2, 'One');
    const [first, second] = delegateSpaces as [{ admin: Identity; id: string }, { admin: Identity; id: string }];
    const clerk = person('Cleo Clerk');
    await addMember(stack, mandator.id, mandatorAdmin, clerk, { role: 'manager' });
    const url = `/spaces/${mandator.id}/mandates/${codes.mandateId}/delegates/${first.id}`;
    expect((await stack.call('DELETE', url, { as: clerk })).status).toBe(403);
    expect((await stack.call('DELETE', url, { as: person('Oz Outsider') })).status).toBe(404);
    expect((await stack.call('DELETE', `/spaces/${first.id}/mandates/${codes.mandateId}/delegates/${first.id}`, { as: first.admin })).status).toBe(404);
    const revoked = await stack.call('DELETE', url, { as: mandatorAdmin });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(204);
    expect(await mandatorIds(first.admin, first.id)).toEqual([]);
    expect(await mandatorIds(second.admin, second.id)).toEqual([mandator.id]);
    const mandate = await given(mandatorAdmin, mandator.id, codes.mandateId);
    expect(mandate.status).toBe('active');
    expect(Object.fromEntries(mandate.delegates.map((d: { spaceId: string; status: string }) => [d.spaceId, d.status]))).toEqual({ [first.id]: 'ended', [second.id]: 'active' });
    expect(await certifiedSections(mandatorAdmin, mandator.id)).toEqual(['employment']);
    expect((await eventsOf(first.admin, first.id)).find((event) => event.type === 'delegation.ended')?.data).toMatchObject({ reason: 'delegate-revoked' });
    expect((await eventsOf(mandatorAdmin, mandator.id)).find((event) => event.type === 'mandate.delegate_revoked')?.data).toMatchObject({ delegateSpaceId: first.id });
    const again = await stack.call('DELETE', url, { as: mandatorAdmin });
    expect([again.status, again.body.code]).toEqual([404, 'not_found']);
  });
});

describe('anti-automation', () => {
  it('wrong codes count per caller across spaces: new spaces give no new guesses (429 with Retry-After)', async () => {
    const guesser = person('Gil Guesser');
    const spaces = [await createSpace(stack, guesser), await createSpace(stack, guesser, { name: 'Second' }), await createSpace(stack, guesser, { name: 'Third' })];
    const wrong = ['AAAA-BBBB-CCCC', 'ZZZZ-ZZZZ-ZZZZ', '2345-6789-ABCD', 'WXYZ-WXYZ-WXYZ', 'QQQQ-RRRR-SSSS'];
    for (const [index, code] of wrong.entries()) {
      const response = await enter(guesser, spaces[index < 3 ? 0 : 1]!.id, code);
      expect([response.status, response.body.code]).toEqual([422, 'invalid_code']);
    }
    // The third space has no failure of its own, the second only two: the caller's five block both.
    for (const space of [spaces[2]!, spaces[1]!]) {
      const blocked = await enter(guesser, space.id, 'HHHH-JJJJ-KKKK');
      expect([blocked.status, blocked.body.code]).toEqual([429, 'too_many_attempts']);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(3500);
    }
    // Another member of the second space is not the guesser, and the space has two failures only.
    const colleague = person('Col League');
    await addMember(stack, spaces[1]!.id, guesser, colleague, { role: 'without-signature' });
    const other = await enter(colleague, spaces[1]!.id, 'HHHH-JJJJ-KKKK');
    expect([other.status, other.body.code]).toEqual([422, 'invalid_code']);
  });
});
