// Identity and trust, second round (API.md), on the real stack — Postgres, the Temporal dev server and SMTP — one
// test per finding: the register names the company everywhere; letters say who asked; removing is granting; the
// administration's end date is a ceiling; reading ends with the mandate; a move carries the procedures; procedures
// are complete before they are signed; one person, several certificates (R16); and the smaller ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n';
import {
  activeMandate,
  addMember,
  companyAddress,
  completeData,
  createSpace,
  invite,
  invitationBody,
  mandateWithCodes,
  newSsn,
  pageReader,
  person,
  requiredDocuments,
  startStack,
  type Identity,
  type TestStack,
} from '../support';

let stack: TestStack;
beforeAll(async () => {
  // A short activation period (under a day, so it ends at the instant), with its reminder 3 s after the request.
  stack = await startStack({ env: { ACTIVATION_DEADLINE: '30s', ACTIVATION_REMINDERS: '27s' } });
});
afterAll(async () => {
  await stack?.stop();
});

const REGISTERED = { name: 'Acme SA', address: { line1: '1, rue X', postalCode: 'L-1234', city: 'Luxembourg', country: 'LU' } };
const call: TestStack['call'] = (method, url, options) => stack.call(method, url, options);

/** A space of the demo register's B123456 that typed another name and address. */
async function squatterSpace(admin: Identity) {
  const response = await call('POST', '/spaces', { as: admin, body: { name: 'Front desk', company: { name: 'Acme SA (self-declared)', registrationNumber: 'B123456', address: companyAddress } } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; company: { name: string; registered: boolean; address: unknown } };
}

describe('1. the register names the company, everywhere', () => {
  it('in the space’s JSON, its invitation mail, the staff console and a delegate’s list of mandators; an unregistered one is "Not verified"', async () => {
    const admin = person('Reg Admin');
    const space = await squatterSpace(admin);
    expect(space.company).toMatchObject({ name: REGISTERED.name, address: REGISTERED.address, registered: true });
    // The register's number alone is enough: name and address come from the register.
    const bare = await call('POST', '/spaces', { as: admin, body: { name: 'Bare', company: { registrationNumber: 'B123456' } } });
    expect([bare.status, bare.body.company?.name]).toEqual([201, REGISTERED.name]);

    const invitee = person('Ivo Invitee');
    await invite(stack, space.id, admin, invitee);
    const [mail] = await stack.smtp.waitFor((each) => each.to.includes(invitee.email!));
    expect(mail!.text).toContain(REGISTERED.name);
    expect(mail!.text).not.toContain('self-declared');

    const request = await call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'waste-collection', documents: requiredDocuments('waste-collection') } });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const staffList = await call('GET', '/staff/certification-requests', { as: { ...person('Eva Env'), staff: 'AEV' } });
    expect(staffList.body.items.find((item: { id: string }) => item.id === request.body.id).space.companyName).toBe(REGISTERED.name);
    const staffMail = await stack.smtp.waitFor((each) => each.text.includes(request.body.id));
    expect(staffMail[0]!.text).toContain(REGISTERED.name);

    const fiduciary = person('Fia Fiduciary');
    const delegate = await createSpace(stack, fiduciary);
    await activeMandate(stack, { admin, spaceId: space.id }, { member: fiduciary, spaceId: delegate.id }, { section: 'tax', delegateCodes: 1 });
    const mandators = await call('GET', `/spaces/${delegate.id}/mandators`, { as: fiduciary });
    expect(mandators.body.items.map((item: { companyName: string }) => item.companyName)).toEqual([REGISTERED.name]);

    // A company the register does not know keeps what was typed, marked "Not verified" on its page.
    const unknown = await createSpace(stack, admin, { company: { name: 'Typed Sàrl', registrationNumber: `U${newSsn().slice(-6)}`, address: companyAddress } }, { registered: false });
    expect(unknown.company).toMatchObject({ name: 'Typed Sàrl', registered: false });
    const page = await (await pageReader(stack, admin)).get(`/spaces/${unknown.id}`);
    expect(page.html).toContain(t('fr', 'page.space.notVerified'));
    expect((await (await pageReader(stack, admin)).get(`/spaces/${space.id}`)).html).not.toContain(t('fr', 'page.space.notVerified'));
  });

  it('in the activation reminder, which says where the letters went', async () => {
    const admin = person('Remi Reminded');
    const space = await squatterSpace(admin);
    await mandateWithCodes(stack, admin, space.id, { section: 'statistics', delegateCodes: 0 });
    const [reminder] = await stack.smtp.waitFor((each) => each.to.includes(admin.email!) && each.text.includes(REGISTERED.name) && /reminder|rappel|Erinnerung|not yet|pas encore|noch nicht/i.test(`${each.subject} ${each.text}`), { timeoutMs: 30_000 });
    expect(reminder!.text).not.toContain('self-declared');
  });
});

describe('2. letters say who asked', () => {
  it('the sidecar carries requestedBy, the PDF names the space, the person and the day and says what to do if nobody asked; the requesting administrators are told', async () => {
    const squatter = person('Sam Squatter');
    const space = await squatterSpace(squatter);
    const { letters } = await mandateWithCodes(stack, squatter, space.id, { section: 'employment', delegateCodes: 1 });
    for (const letter of letters) {
      const sidecar = JSON.parse(letter.sidecar);
      expect(sidecar.recipient.companyName).toBe(REGISTERED.name);
      expect(sidecar.requestedBy).toEqual({ spaceName: 'Front desk', personName: 'Sam Squatter', requestedAt: expect.any(String) });
      const text = letter.text.replace(/\s+/g, ' ');
      expect(text).toContain('Sam Squatter');
      expect(text).toContain('Front desk');
      expect(text).toContain(t(letter.language as 'fr', 'letter.notAsked').replace(/\s+/g, ' ').replace(/\u00a0/g, ' ').slice(0, 40));
    }
    const [told] = await stack.smtp.waitFor((each) => each.to.includes(squatter.email!) && each.subject === t('fr', 'mail.mandate-letters-dispatched.subject'));
    expect(told!.text).toContain(REGISTERED.name);
  });
});

describe('3. removing is granting', () => {
  it('a member without signature who may delete users cannot remove a manager nor an administrator (403 cannot_grant); an administrator can', async () => {
    const admin = person('Ada Remover');
    const space = await createSpace(stack, admin);
    const deleter = person('Del Eter');
    await addMember(stack, space.id, admin, deleter, { role: 'without-signature', permissions: { deleteUsers: true } });
    const manager = await addMember(stack, space.id, admin, person('Max Manager'), { role: 'manager' });
    const refused = await call('DELETE', `/spaces/${space.id}/members/${manager.id}`, { as: deleter });
    expect([refused.status, refused.body.code]).toEqual([403, 'cannot_grant']);
    expect((await call('DELETE', `/spaces/${space.id}/members/${manager.id}`, { as: admin })).status).toBe(204);
  });
});

describe('4. the administration’s end date is a ceiling; an end date comes after the activation deadline', () => {
  it('staff set 2027-03-31: none or 2050 → 422 end_date_beyond_administration, 2027-03-01 → 200; before the deadline → 422 end_date_before_deadline', async () => {
    const admin = person('Cai Ceiling');
    const space = await createSpace(stack, admin);
    const early = await call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0, endDate: new Date(Date.now() + 10_000).toISOString() } });
    expect([early.status, early.body.code, early.body.errors?.[0]?.path]).toEqual([422, 'end_date_before_deadline', 'endDate']);
    const { mandateId } = await mandateWithCodes(stack, admin, space.id, { section: 'tax', delegateCodes: 0 });
    const staff = { ...person('Acd Staff'), staff: 'ACD' };
    expect((await call('PATCH', `/staff/mandates/${mandateId}`, { as: staff, body: { endDate: '2027-03-31' } })).status).toBe(200);
    for (const endDate of [null, '2050-01-01', '2027-04-01']) {
      const refused = await call('PATCH', `/spaces/${space.id}/mandates/${mandateId}`, { as: admin, body: { endDate } });
      expect([endDate, refused.status, refused.body.code]).toEqual([endDate, 422, 'end_date_beyond_administration']);
    }
    const earlier = await call('PATCH', `/spaces/${space.id}/mandates/${mandateId}`, { as: admin, body: { endDate: '2027-03-01' } });
    expect([earlier.status, earlier.body.endDate]).toEqual([200, '2027-03-01T22:59:59.999Z']);
  });
});

describe('5. reading ends with the mandate', () => {
  it('once revoked, the delegate gets 404 on the draft it filed and its PDF, and lists it no more; the mandator keeps it', async () => {
    const mandatorAdmin = person('Mia Mandator');
    const mandator = await createSpace(stack, mandatorAdmin);
    const fiduciary = person('Finn Filer');
    const delegate = await createSpace(stack, fiduciary);
    const { mandateId } = await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandator.id }, { member: fiduciary, spaceId: delegate.id }, { section: 'tax', delegateCodes: 1 });
    const draft = await call('POST', `/spaces/${delegate.id}/procedures`, { as: fiduciary, body: { type: 'vat-return', onBehalfOf: mandator.id, data: { period: '2027-Q1' } } });
    expect((await call('GET', `/spaces/${delegate.id}/procedures/${draft.body.id}/pdf`, { as: fiduciary })).status).toBe(200);
    expect((await call('POST', `/spaces/${mandator.id}/mandates/${mandateId}/revoke`, { as: mandatorAdmin })).status).toBe(200);
    expect((await call('GET', `/spaces/${delegate.id}/procedures/${draft.body.id}`, { as: fiduciary })).status).toBe(404);
    expect((await call('GET', `/spaces/${delegate.id}/procedures/${draft.body.id}/pdf`, { as: fiduciary })).status).toBe(404);
    expect((await call('GET', `/spaces/${delegate.id}/procedures`, { as: fiduciary })).body.items).toEqual([]);
    expect((await call('GET', `/spaces/${mandator.id}/procedures/${draft.body.id}`, { as: mandatorAdmin })).status).toBe(200);
    expect((await call('GET', `/spaces/${mandator.id}/procedures/${draft.body.id}/pdf`, { as: mandatorAdmin })).status).toBe(200);
  });
});

describe('6. a move carries the procedures along (R38)', () => {
  it('a signed procedure filed for the mandator is submitted from the new space', async () => {
    const mandatorAdmin = person('Moe Moved');
    const mandator = await createSpace(stack, mandatorAdmin);
    const fiduciary = person('Gus Group');
    const groupOne = await createSpace(stack, fiduciary);
    const groupTwo = await createSpace(stack, fiduciary, { name: 'Group two' });
    await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandator.id }, { member: fiduciary, spaceId: groupOne.id }, { section: 'tax', delegateCodes: 1 });
    const filed = await call('POST', `/spaces/${groupOne.id}/procedures`, { as: fiduciary, body: { type: 'vat-return', onBehalfOf: mandator.id, data: completeData('vat-return') } });
    expect((await call('POST', `/spaces/${groupOne.id}/procedures/${filed.body.id}/sign`, { as: fiduciary })).status).toBe(200);
    const moved = await call('POST', `/spaces/${groupOne.id}/mandators/${mandator.id}/move`, { as: fiduciary, body: { toSpaceId: groupTwo.id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const submitted = await call('POST', `/spaces/${groupTwo.id}/procedures/${filed.body.id}/submit`, { as: fiduciary });
    expect([submitted.status, submitted.body.status, submitted.body.spaceId]).toEqual([200, 'submitted', groupTwo.id]);
    expect((await call('GET', `/spaces/${groupOne.id}/procedures/${filed.body.id}`, { as: fiduciary })).status).toBe(404);
  });
});

describe('7. procedures are complete before they are signed', () => {
  it('the catalog names the required fields; signing an empty VAT return → 422 procedure_incomplete at each missing data.<field>', async () => {
    const admin = person('Pia Partial');
    const space = await createSpace(stack, admin);
    const catalog = await call('GET', '/catalog/procedures', { as: admin });
    expect(catalog.body.find((type: { code: string }) => type.code === 'vat-return').requiredFields).toEqual(['period', 'turnover', 'vatDue']);
    const draft = await call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'vat-return', data: { period: '2027-Q2' } } });
    const refused = await call('POST', `/spaces/${space.id}/procedures/${draft.body.id}/sign`, { as: admin });
    expect([refused.status, refused.body.code, refused.body.errors]).toEqual([
      422,
      'procedure_incomplete',
      [
        { path: 'data.turnover', message: t('fr', 'validation.required') },
        { path: 'data.vatDue', message: t('fr', 'validation.required') },
      ],
    ]);
    expect((await call('GET', `/spaces/${space.id}/procedures/${draft.body.id}`, { as: admin })).body.status).toBe('draft');
  });
});

describe('8. one person, several certificates (R16)', () => {
  it('a second certificate of a member (same pid) cannot join again: 409 already_member; the mode can change so it gets in', async () => {
    const admin = person('Ola Owner');
    const space = await createSpace(stack, admin);
    const pid = `pid-${newSsn()}`;
    const first = person('Tom Twocerts', { pid });
    const second: Identity = { ...person('Tom Twocerts', { pid }), email: first.email };
    const membership = await addMember(stack, space.id, admin, first, { role: 'without-signature', certificateMode: 'invited-only' });
    // The second certificate never logged in: nothing says yet that it is the same person.
    const invitation = await invite(stack, space.id, admin, second, { role: 'administrator' });
    const accepted = await call('POST', `/invitations/${invitation.id}/accept`, { as: second });
    expect([accepted.status, accepted.body.code]).toEqual([409, 'already_member']);
    // invited-only: the second certificate does not get in; the administrator opens the membership to any certificate.
    expect((await call('GET', `/spaces/${space.id}`, { as: second })).status).toBe(404);
    const changed = await call('PATCH', `/spaces/${space.id}/members/${membership.id}`, { as: admin, body: { certificateMode: 'any' } });
    expect([changed.status, changed.body.certificateMode]).toEqual([200, 'any']);
    expect((await call('GET', `/spaces/${space.id}`, { as: second })).status).toBe(200);
    // And a third certificate of the same person is now one of its members: inviting it is 409 at once.
    const third = person('Tom Twocerts', { pid });
    await call('GET', '/me', { as: third });
    const again = await call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(third) });
    expect([again.status, again.body.code]).toEqual([409, 'already_member']);
  });

  it('a person first seen without a pid is linked at a later login that carries one', async () => {
    const ssn = newSsn();
    const withoutPid: Identity = { ssn, name: 'Lia Later', email: 'lia.later@example.lu' };
    const before = (await call('GET', '/me', { as: withoutPid })).body;
    const pid = `pid-${newSsn()}`;
    await call('GET', '/me', { as: { ...withoutPid, pid } });
    const otherCertificate = (await call('GET', '/me', { as: { ssn: newSsn(), name: 'Lia Later', pid } })).body;
    expect(otherCertificate.personId).toBe(before.personId);
  });
});

describe('9. the smaller ones', () => {
  it('the e-mail: PATCH /me changes it, and a login’s e-mail claim updates it', async () => {
    const someone = person('Ema Mail');
    expect((await call('GET', '/me', { as: someone })).body.email).toBe(someone.email);
    const patched = await call('PATCH', '/me', { as: someone, body: { email: 'ema.new@example.lu' } });
    expect([patched.status, patched.body.email]).toEqual([200, 'ema.new@example.lu']);
    const refused = await call('PATCH', '/me', { as: someone, body: { email: 'eve@example.lu, victim@example.lu' } });
    expect(refused.status).toBe(422);
    expect((await call('GET', '/me', { as: { ...someone, email: 'ema.claim@example.lu' } })).body.email).toBe('ema.claim@example.lu');
  });

  it('a removed member is told, in their own language', async () => {
    const admin = person('Rob Remover');
    const space = await createSpace(stack, admin);
    const removed = person('Rut Removed');
    await call('PATCH', '/me', { as: removed, body: { language: 'de' } });
    const membership = await addMember(stack, space.id, admin, removed);
    expect((await call('DELETE', `/spaces/${space.id}/members/${membership.id}`, { as: admin })).status).toBe(204);
    const [mail] = await stack.smtp.waitFor((each) => each.to.includes(removed.email!) && each.subject === t('de', 'mail.member-removed.subject'));
    expect(mail!.text).toContain('Finance');
  });

  it('the mandator’s and every delegate’s administrators are told when a mandate is revoked, each in their language', async () => {
    const mandatorAdmin = person('Mara Mandator');
    const mandator = await createSpace(stack, mandatorAdmin);
    const fiduciary = person('Dirk Delegate');
    const delegate = await createSpace(stack, fiduciary);
    await call('PATCH', '/me', { as: fiduciary, body: { language: 'de' } });
    await call('PATCH', '/me', { as: mandatorAdmin, body: { language: 'en' } });
    const { mandateId } = await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandator.id }, { member: fiduciary, spaceId: delegate.id }, { section: 'tax', delegateCodes: 1 });
    expect((await call('POST', `/spaces/${mandator.id}/mandates/${mandateId}/revoke`, { as: mandatorAdmin })).status).toBe(200);
    await stack.smtp.waitFor((each) => each.to.includes(mandatorAdmin.email!) && each.subject === t('en', 'mail.mandate-revoked.subject'));
    await stack.smtp.waitFor((each) => each.to.includes(fiduciary.email!) && each.subject.startsWith('Ein Mandat'));
  });

  it('an invitation mail to a known person is in that person’s language', async () => {
    const admin = person('Ina Inviter');
    const space = await createSpace(stack, admin, { procedureLanguage: 'fr' });
    const german = person('Gerd Gelesen');
    await call('PATCH', '/me', { as: german, body: { language: 'de' } });
    await invite(stack, space.id, admin, german);
    const [mail] = await stack.smtp.waitFor((each) => each.to.includes(german.email!));
    expect(mail!.subject).toContain('Einladung');
  });

  it('?status= and ?type= filter the lists; an unknown value is 422', async () => {
    const admin = person('Fil Filter');
    const space = await createSpace(stack, admin);
    await call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'vat-return', data: {} } });
    await call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'job-vacancy-declaration', data: {} } });
    const vat = await call('GET', `/spaces/${space.id}/procedures?type=vat-return`, { as: admin });
    expect(vat.body.items.map((item: { type: string }) => item.type)).toEqual(['vat-return']);
    for (const url of [`/spaces/${space.id}/procedures?type=moon`, `/spaces/${space.id}/procedures?status=lost`, `/spaces/${space.id}/invitations?status=lost`, `/spaces/${space.id}/certification-requests?status=lost`]) {
      expect([url, (await call('GET', url, { as: admin })).status]).toEqual([url, 422]);
    }
  });
});
