// The portal as a person expects it (issue 22), read through app.request() without a browser: pages, never raw
// JSON, in the reader's language; the stylesheet for anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n';
import { activeMandate, addMember, companyAddress, createSpace, invite, pageReader, person, requiredDocuments, startStack, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('pages, never raw JSON', () => {
  it('an unknown path under a space, logged in: the HTML 404 page in the reader’s language, not a 401 asking for a token', async () => {
    const admin = person('Nora Nowhere');
    const space = await createSpace(stack, admin);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'de' } });
    const reader = await pageReader(stack, admin, 'fr');
    const page = await reader.get(`/spaces/${space.id}/nope`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('<html lang="de"');
    expect(page.html).toContain(t('de', 'page.notFound.title'));
    expect(page.html).not.toContain('bearer');
  });

  it('the stylesheet answers a browser without a session, so the 404 page of a stranger is styled too', async () => {
    const css = await stack.app.request('/assets/pages.css', { headers: { accept: 'text/css,*/*;q=0.1' } });
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const stranger = await stack.app.request('/spaces/00000000-0000-4000-8000-000000000000/nope', { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).toContain('/assets/pages.css');
  });

  it('the API keeps its answers: a bearer caller on an unknown path gets problem+json', async () => {
    const answer = await stack.call('GET', '/spaces/00000000-0000-4000-8000-000000000000/nope', { as: person('Api Caller') });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('controls only for those who may use them', () => {
  it('a manager without invite or delete rights sees neither "Add user" nor "Delete"; the administrator sees both', async () => {
    const admin = person('Adele Controls');
    const space = await createSpace(stack, admin);
    const manager = person('Manu Plain');
    await addMember(stack, space.id, admin, manager, { role: 'manager', permissions: { inviteUsers: false, deleteUsers: false } });
    for (const who of [admin, manager]) await stack.call('PATCH', '/me', { as: who, body: { language: 'en' } });
    const asManager = await (await pageReader(stack, manager, 'en')).get(`/spaces/${space.id}/users`);
    expect(asManager.status).toBe(200);
    expect(asManager.html).toContain('Manu Plain');
    expect(asManager.html).not.toContain(t('en', 'page.users.addUser'));
    expect(asManager.html).not.toContain(`>${t('en', 'page.users.delete')}<`);
    const asAdmin = await (await pageReader(stack, admin, 'en')).get(`/spaces/${space.id}/users`);
    expect(asAdmin.html).toContain(t('en', 'page.users.addUser'));
    expect(asAdmin.html).toContain(`>${t('en', 'page.users.delete')}<`);
  });
});

describe('the history and the exports', () => {
  it('the history page lists the timeline in the reader’s words; members.csv, mandates.csv and history.csv open in a spreadsheet (BOM, “;”)', async () => {
    const admin = person('Hedda History');
    const space = await createSpace(stack, admin);
    const member = person('Émile; "Quote" Müller');
    await addMember(stack, space.id, admin, member);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'fr' } });
    const reader = await pageReader(stack, admin, 'fr');

    const history = await reader.get(`/spaces/${space.id}/history`);
    expect(history.status).toBe(200);
    expect(history.html).toContain(t('fr', 'history.space.created'));
    expect(history.html).toContain(t('fr', 'history.invitation.accepted'));
    expect(history.html).toContain('Hedda History');

    const download = async (path: string) => {
      const response = await stack.app.request(path, { headers: { accept: 'text/html', cookie: reader.cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    };
    const members = await download(`/spaces/${space.id}/members.csv`);
    expect(members[0]).toBe(['Nom', 'Courriel', 'Numéro du certificat', 'Rôle', 'Statut', 'Depuis'].join(';'));
    // A name with the separator and quotes stays one cell.
    expect(members.some((line) => line.startsWith('"Émile; ""Quote"" Müller";'))).toBe(true);
    expect((await download(`/spaces/${space.id}/mandates.csv`))[0]).toContain('Rubrique');
    const lines = await download(`/spaces/${space.id}/history.csv`);
    expect(lines.some((line) => line.includes(t('fr', 'history.invitation.accepted')))).toBe(true);
  });
});

describe('"Edit" for active members (R12)', () => {
  it('an administrator promotes a manager to administrator and changes another’s permissions and certificate mode; a refusal stays on the form', async () => {
    const admin = person('Ada Editor');
    const space = await createSpace(stack, admin);
    const manager = person('Milo Manager');
    const membership = await addMember(stack, space.id, admin, manager, { role: 'manager', permissions: { inviteUsers: true } });
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const reader = await pageReader(stack, admin, 'en');

    const users = await reader.get(`/spaces/${space.id}/users`);
    expect(users.html).toContain(`/spaces/${space.id}/members/${membership.id}/edit`);
    const form = await reader.get(`/spaces/${space.id}/members/${membership.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Milo Manager');

    const saved = await reader.post(`/spaces/${space.id}/members/${membership.id}`, { role: 'manager', certificateMode: 'any' });
    expect([saved.status, saved.location], saved.html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]).toEqual([303, `/spaces/${space.id}/users?notice=saved`]);
    const changed = (await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items.find((m: { id: string }) => m.id === membership.id);
    expect(changed).toMatchObject({ role: 'manager', certificateMode: 'any', permissions: { inviteUsers: false } });

    // "Appoint another administrator first": now a page does it.
    const promoted = await reader.post(`/spaces/${space.id}/members/${membership.id}`, { role: 'administrator', certificateMode: 'any' });
    expect(promoted.status).toBe(303);
    expect((await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items.find((m: { id: string }) => m.id === membership.id).role).toBe('administrator');

    // Signing without the right to sign is refused at the field, and what was chosen stays chosen.
    const refused = await reader.post(`/spaces/${space.id}/members/${membership.id}`, { role: 'without-signature', permissions: 'signProcedures', certificateMode: 'invited-only' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="error-summary"');
    expect(refused.html).toMatch(/<option value="without-signature" selected/);
  });
});

describe('"Delete", "Decline" and "Sign" ask first, on a page of their own', () => {
  it('Delete leads to a question with "Confirm" and "Cancel"; only the confirmation removes; Decline likewise', async () => {
    const admin = person('Della Delete');
    const space = await createSpace(stack, admin);
    const member = person('Gone Soon');
    const membership = await addMember(stack, space.id, admin, member);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const reader = await pageReader(stack, admin, 'en');
    const users = await reader.get(`/spaces/${space.id}/users`);
    // A link, not a form that deletes at once.
    expect(users.html).toContain(`<a href="/spaces/${space.id}/users/members/${membership.id}/delete">`);
    const question = await reader.get(`/spaces/${space.id}/users/members/${membership.id}/delete`);
    expect(question.status).toBe(200);
    expect(question.html).toContain(t('en', 'page.confirm.deleteMember', { name: 'Gone Soon' }));
    expect(question.html).toContain(`>${t('en', 'page.confirm.confirm')}<`);
    expect((await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items.some((m: { id: string }) => m.id === membership.id)).toBe(true);
    const confirmed = await reader.post(`/spaces/${space.id}/users/members/${membership.id}/delete`, {});
    expect(confirmed.location).toBe(`/spaces/${space.id}/users?notice=deleted`);
    expect((await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items.some((m: { id: string }) => m.id === membership.id)).toBe(false);

    const invitee = person('Dec Liner');
    const invitation = await invite(stack, space.id, admin, invitee);
    await stack.call('PATCH', '/me', { as: invitee, body: { language: 'en' } });
    const asInvitee = await pageReader(stack, invitee, 'en');
    expect((await asInvitee.get(`/invitations/${invitation.id}`)).html).toContain(`href="/invitations/${invitation.id}/decline"`);
    const decline = await asInvitee.get(`/invitations/${invitation.id}/decline`);
    expect(decline.html).toContain(t('en', 'page.confirm.decline', { spaceName: 'Finance' }));
    expect((await stack.call('GET', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin })).body.status).toBe('pending');
  });
});

describe('what a person typed or did is acknowledged', () => {
  it('a mistyped activation code stays in its field; accepting an invitation ends on the space with a notice', async () => {
    const admin = person('Kim Keeper');
    const space = await createSpace(stack, admin);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const reader = await pageReader(stack, admin, 'en');
    const refused = await reader.post(`/spaces/${space.id}/activation-codes`, { code: 'ABCD-EFGH-JKLM' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('value="ABCD-EFGH-JKLM"');

    const invitee = person('Jo Joiner');
    const invitation = await invite(stack, space.id, admin, invitee);
    await stack.call('PATCH', '/me', { as: invitee, body: { language: 'en' } });
    const asInvitee = await pageReader(stack, invitee, 'en');
    const accepted = await asInvitee.post(`/invitations/${invitation.id}/accept`, {});
    expect(accepted.location).toBe(`/spaces/${space.id}?notice=joined`);
    expect((await asInvitee.get(accepted.location!)).html).toContain(t('en', 'page.invitation.joined'));
  });
});

describe('mandates managed through the pages (seed 6.7.1, R28, R32, R34, R38)', () => {
  it('the mandator changes the end date, asks new delegate codes, ends one delegate’s access and revokes; the delegate views the data and moves the mandator', async () => {
    const mandatorAdmin = person('Mara Manage');
    const mandatorSpace = await createSpace(stack, mandatorAdmin);
    const fiduciary = person('Fido Fiduciary');
    const delegateSpace = await createSpace(stack, fiduciary);
    const { mandateId } = await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandatorSpace.id }, { member: fiduciary, spaceId: delegateSpace.id }, { section: 'tax', scope: { procedures: true, dataConsultation: true }, delegateCodes: 1 });
    for (const who of [mandatorAdmin, fiduciary]) await stack.call('PATCH', '/me', { as: who, body: { language: 'en' } });
    const mandator = await pageReader(stack, mandatorAdmin, 'en');
    const base = `/spaces/${mandatorSpace.id}/mandates/${mandateId}`;
    expect((await mandator.get(`/spaces/${mandatorSpace.id}/certifications`)).html).toContain(`href="${base}"`);
    const page = await mandator.get(base);
    expect(page.html).toContain(t('en', 'page.mandate.revokeAccess'));

    const endDate = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    expect((await mandator.post(`${base}/end-date`, { endDate })).location).toBe(`${base}?notice=saved`);
    const mandateNow = async () => (await stack.call('GET', `/spaces/${mandatorSpace.id}/mandates`, { as: mandatorAdmin })).body.given.find((m: { id: string }) => m.id === mandateId);
    expect((await mandateNow()).endDate.slice(0, 10)).toBe(endDate);
    expect((await mandator.post(`${base}/delegate-codes`, { delegateCodes: '1' })).location).toBe(`${base}?notice=saved`);

    // The delegate reads the mandator's data.
    const delegate = await pageReader(stack, fiduciary, 'en');
    const data = await delegate.get(`/spaces/${delegateSpace.id}/mandators/${mandatorSpace.id}`);
    expect(data.status).toBe(200);
    expect(data.html).toContain(mandatorSpace.company.name);

    // Moving: to another space of the delegate's company, where the fiduciary is administrator too.
    const second = await createSpace(stack, fiduciary, { name: 'Second desk', company: { name: delegateSpace.company.name, registrationNumber: `B${fiduciary.ssn.slice(-6)}`, address: companyAddress } });
    const moved = await delegate.post(`/spaces/${delegateSpace.id}/mandators/${mandatorSpace.id}/move`, { toSpaceId: second.id });
    expect(moved.location).toBe(`/spaces/${second.id}/mandates/${mandateId}?notice=moved`);

    // Ending the delegate's access and revoking ask first.
    expect((await mandator.get(`${base}/delegates/${second.id}/revoke`)).html).toContain(t('en', 'page.confirm.revokeAccess', { companyName: delegateSpace.company.name }));
    expect((await mandator.post(`${base}/delegates/${second.id}/revoke`, {})).location).toBe(`${base}?notice=saved`);
    expect((await mandateNow()).delegates.every((d: { status: string }) => d.status === 'ended')).toBe(true);
    expect((await mandator.get(`${base}/revoke`)).html).toContain(t('en', 'page.confirm.confirm'));
    expect((await mandator.post(`${base}/revoke`, {})).location).toBe(`${base}?notice=revoked`);
    expect((await mandateNow()).status).toBe('revoked');
  });
});

describe('the company’s note and a refused form’s input', () => {
  it('a refused certification request keeps its note; a submitted note reaches the staff console; a refused access request keeps its choices', async () => {
    const admin = person('Nola Note');
    const space = await createSpace(stack, admin);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const reader = await pageReader(stack, admin, 'en');
    // No documents: refused, the note stays.
    const refused = await reader.post(`/spaces/${space.id}/certification-requests`, { activityField: 'waste-collection', note: 'Our licence number is W-123.' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Our licence number is W-123.</textarea>');
    const access = await reader.post(`/spaces/${space.id}/access-requests`, { section: 'statistics', scope: 'dataConsultation', delegateCodes: '99', endDate: '' });
    expect(access.status).toBe(422);
    expect(access.html).toMatch(/<option value="statistics" selected/);
    expect(access.html).toContain('value="99"');

    const request = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'waste-collection', documents: requiredDocuments('waste-collection'), note: 'Please call before visiting.' } });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const staff = await pageReader(stack, person('Stella Staff', { staff: 'AEV' }), 'en');
    const console = await staff.get(`/staff/requests/${request.body.id}`);
    expect(console.status).toBe(200);
    expect(console.html).toContain('Please call before visiting.');
  });
});
