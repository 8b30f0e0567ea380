// The invitation lifecycle through the HTTP API on real Temporal, Postgres and SMTP (R1–R19).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createSpace, invitationBody, invite, person, startStack, type TestStack } from '../support';
import { t } from '../../src/platform/i18n';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('happy path', () => {
  it('invite → one mail → listed under /me/invitations → accept → active member with the space', async () => {
    const admin = person('Anna Admin');
    const invitee = person('Ben Muller');
    const space = await createSpace(stack, admin);

    const invitation = await invite(stack, space.id, admin, invitee, { role: 'without-signature', permissions: { inviteUsers: true } });
    expect(invitation.status).toBe('pending');

    const [mail] = await stack.smtp.waitFor((m) => m.to.includes(invitee.email!));
    expect(mail!.text).toContain(invitee.ssn);
    expect(mail!.text).toContain(space.company.name);
    // The portal was asked in French (no Accept-Language): an automatic do-not-reply mail with the expiry.
    expect(mail!.text).toMatch(/ne pas répondre|ne répondez pas/i);
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');

    const pendingMembers = await stack.call('GET', `/spaces/${space.id}/members`, { as: admin });
    const pendingEntry = pendingMembers.body.items.find((m: { id: string }) => m.id === invitation.id);
    expect(pendingEntry).toMatchObject({ status: 'pending', certificateSsn: invitee.ssn, expiresAt: invitation.expiresAt });

    const mine = await stack.call('GET', '/me/invitations', { as: invitee });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: invitation.id, spaceId: space.id, spaceName: space.name, companyName: space.company.name, role: 'without-signature', invitedBy: { name: admin.name } }),
    ]);

    const accepted = await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ spaceId: space.id, role: 'without-signature', permissions: { inviteUsers: true, deleteUsers: false, editProcedures: true, signProcedures: false } });

    const members = await stack.call('GET', `/spaces/${space.id}/members`, { as: invitee });
    expect(members.status).toBe(200);
    expect(members.body.items.filter((m: { status: string }) => m.status === 'active').map((m: { name: string }) => m.name).sort()).toEqual(['Anna Admin', 'Ben Muller']);
    expect(members.body.items.some((m: { status: string }) => m.status === 'pending')).toBe(false);

    const spaces = await stack.call('GET', '/spaces', { as: invitee });
    expect(spaces.body.items.map((s: { id: string }) => s.id)).toEqual([space.id]);
    expect((await stack.call('GET', '/me/invitations', { as: invitee })).body.items).toEqual([]);

    // The inviter is told that the invitee joined; the invitee got exactly one mail.
    await stack.smtp.waitFor((m) => m.to.includes(admin.email!) && m.text.includes('Ben Muller'));
    expect(stack.smtp.matching((m) => m.to.includes(invitee.email!))).toHaveLength(1);

    const events = await stack.call('GET', `/spaces/${space.id}/events`, { as: admin });
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['invitation.accepted', 'invitation.created', 'space.created']);
    expect(events.body.items[0].actor.name).toBe('Ben Muller');
  });

  it('an Idempotency-Key retry returns the first invitation and sends no second mail', async () => {
    const admin = person('Clara Admin');
    const invitee = person('Dan Retry');
    const space = await createSpace(stack, admin);
    const headers = { 'idempotency-key': 'invite-dan-1' };
    const first = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee), headers });
    const second = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    await stack.smtp.waitFor((m) => m.to.includes(invitee.email!));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.smtp.matching((m) => m.to.includes(invitee.email!))).toHaveLength(1);
    // The same key for another certificate is a mistake of the caller, not a retry.
    const reused = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(person('Eve Other')), headers });
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
  });
});

describe('refusals', () => {
  let admin: ReturnType<typeof person>;
  let spaceId: string;
  beforeAll(async () => {
    admin = person('Eva Admin');
    spaceId = (await createSpace(stack, admin)).id;
  });

  it.each([
    ['a 19-digit SSN', { certificateSsn: '1234567890123456789' }, 'certificateSsn'],
    ['a non-numeric SSN', { certificateSsn: '1234567890123456789X' }, 'certificateSsn'],
    ['a bad e-mail', { email: 'not-an-email' }, 'email'],
    ['an unknown role', { role: 'owner' }, 'role'],
    ['a missing last name', { lastName: '' }, 'lastName'],
    ['signing granted to "without signature"', { role: 'without-signature', permissions: { signProcedures: true } }, 'permissions.signProcedures'],
  ])('422 validation_failed for %s, and nothing is stored', async (_label, override, field) => {
    const invitee = person('Val Idation');
    const response = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: admin, body: { ...invitationBody(invitee), ...override } });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    const list = await stack.call('GET', `/spaces/${spaceId}/invitations`, { as: admin });
    expect(list.body.items.some((i: { certificateSsn: string }) => i.certificateSsn === invitee.ssn)).toBe(false);
  });

  it('409 already_invited and 409 already_member', async () => {
    const invitee = person('Ida Twice');
    await invite(stack, spaceId, admin, invitee);
    const again = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: admin, body: invitationBody(invitee) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_invited');

    const member = person('Max Member');
    await addMember(stack, spaceId, admin, member);
    const memberAgain = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: admin, body: invitationBody(member) });
    expect(memberAgain.status).toBe(409);
    expect(memberAgain.body.code).toBe('already_member');
  });

  it('403 certificate_mismatch when another certificate answers (R15), even of the same person', async () => {
    const invitee = person('Nora Cert', { pid: `pid-${Date.now()}` });
    const invitation = await invite(stack, spaceId, admin, invitee);
    const otherCertificate = person('Nora Cert', { pid: invitee.pid });
    const response = await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: otherCertificate });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('certificate_mismatch');
    const stranger = await stack.call('POST', `/invitations/${invitation.id}/decline`, { as: person('Sam Stranger') });
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('certificate_mismatch');
  });

  it('409 invitation_not_pending after cancel, after decline and on a second accept', async () => {
    const cancelled = person('Otto Cancel');
    const c = await invite(stack, spaceId, admin, cancelled);
    expect((await stack.call('DELETE', `/spaces/${spaceId}/invitations/${c.id}`, { as: admin })).status).toBe(204);
    const afterCancel = await stack.call('POST', `/invitations/${c.id}/accept`, { as: cancelled });
    expect([afterCancel.status, afterCancel.body.code]).toEqual([409, 'invitation_not_pending']);
    await stack.smtp.waitFor((m) => m.to.includes(cancelled.email!), { count: 2 });

    const declined = person('Paul Decline');
    const d = await invite(stack, spaceId, admin, declined);
    expect((await stack.call('POST', `/invitations/${d.id}/decline`, { as: declined })).status).toBe(200);
    const afterDecline = await stack.call('POST', `/invitations/${d.id}/accept`, { as: declined });
    expect([afterDecline.status, afterDecline.body.code]).toEqual([409, 'invitation_not_pending']);

    const twice = person('Quinn Twice');
    const t = await invite(stack, spaceId, admin, twice);
    expect((await stack.call('POST', `/invitations/${t.id}/accept`, { as: twice })).status).toBe(200);
    const second = await stack.call('POST', `/invitations/${t.id}/accept`, { as: twice });
    expect([second.status, second.body.code]).toEqual([409, 'invitation_not_pending']);

    const statuses = await stack.call('GET', `/spaces/${spaceId}/invitations?status=cancelled`, { as: admin });
    expect(statuses.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
  });

  it('403 without the permission, and 404 for a space the caller is not in', async () => {
    const manager = person('Rita Manager');
    await addMember(stack, spaceId, admin, manager, { role: 'manager' });
    const noPermission = await stack.call('POST', `/spaces/${spaceId}/invitations`, { as: manager, body: invitationBody(person('Xavier X')) });
    expect([noPermission.status, noPermission.body.code]).toEqual([403, 'forbidden']);
    const adminMember = (await stack.call('GET', `/spaces/${spaceId}/members`, { as: admin })).body.items.find((m: { name: string }) => m.name === 'Eva Admin');
    const noDelete = await stack.call('DELETE', `/spaces/${spaceId}/members/${adminMember.id}`, { as: manager });
    expect([noDelete.status, noDelete.body.code]).toEqual([403, 'forbidden']);
    const noRoleChange = await stack.call('PATCH', `/spaces/${spaceId}/members/${adminMember.id}`, { as: manager, body: { role: 'manager' } });
    expect(noRoleChange.status).toBe(403);

    const outsider = person('Olga Outsider');
    const someInvitation = (await stack.call('GET', `/spaces/${spaceId}/invitations`, { as: admin })).body.items[0];
    for (const [method, url, body] of [
      ['GET', `/spaces/${spaceId}`],
      ['GET', `/spaces/${spaceId}/members`],
      ['GET', `/spaces/${spaceId}/events`],
      ['GET', `/spaces/${spaceId}/invitations`],
      ['GET', `/spaces/${spaceId}/invitations/${someInvitation.id}`],
      ['POST', `/spaces/${spaceId}/invitations`, invitationBody(person('Yves Y'))],
      ['PATCH', `/spaces/${spaceId}/invitations/${someInvitation.id}`, { firstName: 'Hacked' }],
      ['DELETE', `/spaces/${spaceId}/invitations/${someInvitation.id}`],
      ['POST', `/spaces/${spaceId}/invitations/${someInvitation.id}/resend`],
      ['PATCH', `/spaces/${spaceId}/members/${adminMember.id}`, { role: 'manager' }],
      ['DELETE', `/spaces/${spaceId}/members/${adminMember.id}`],
      ['PATCH', `/spaces/${spaceId}`, { procedureLanguage: 'de' }],
    ] as const) {
      const response = await stack.call(method, url, { as: outsider, body });
      expect([method, url, response.status, response.body.code]).toEqual([method, url, 404, 'not_found']);
    }
  });

  it('409 last_administrator when the only administrator leaves or is demoted', async () => {
    const lonely = person('Lea Lonely');
    const space = await createSpace(stack, lonely);
    const [me] = (await stack.call('GET', `/spaces/${space.id}/members`, { as: lonely })).body.items;
    const leave = await stack.call('DELETE', `/spaces/${space.id}/members/${me.id}`, { as: lonely });
    expect([leave.status, leave.body.code]).toEqual([409, 'last_administrator']);
    const demote = await stack.call('PATCH', `/spaces/${space.id}/members/${me.id}`, { as: lonely, body: { role: 'manager' } });
    expect([demote.status, demote.body.code]).toEqual([409, 'last_administrator']);
  });
});

describe('editing, resending and removing', () => {
  it('edits master data while pending (R17), refuses after acceptance, and records it on the timeline', async () => {
    const admin = person('Tom Admin');
    const invitee = person('Uma Edit');
    const space = await createSpace(stack, admin);
    const invitation = await invite(stack, space.id, admin, invitee);
    const edited = await stack.call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin, body: { lastName: 'Edited', role: 'without-signature', permissions: { deleteUsers: true } } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ lastName: 'Edited', role: 'without-signature', permissions: { deleteUsers: true, signProcedures: false } });
    expect((await stack.call('GET', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin })).body.lastName).toBe('Edited');
    await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee });
    const late = await stack.call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin, body: { lastName: 'Late' } });
    expect([late.status, late.body.code]).toEqual([409, 'invitation_not_pending']);
    const types = (await stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invitation.edited', 'invitation.accepted']));
  });

  it('a new e-mail address of a pending invitee gets the invitation (R4), once; other edits send nothing', async () => {
    const admin = person('Nora Admin');
    const invitee = person('Otto Typo');
    const space = await createSpace(stack, admin);
    const invitation = await invite(stack, space.id, admin, invitee, { email: `typo.${invitee.email}` });
    await stack.smtp.waitFor((m) => m.to.includes(`typo.${invitee.email}`));
    const corrected = await stack.call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin, body: { email: invitee.email } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const [mail] = await stack.smtp.waitFor((m) => m.to.includes(invitee.email!));
    expect(mail!.subject).toBe(t('fr', 'mail.invitation.subject', { spaceName: space.name, companyName: space.company.name }));
    expect(mail!.text).toContain(invitee.ssn);
    // The same address again, or another field: no further mail.
    expect((await stack.call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin, body: { email: invitee.email } })).status).toBe(200);
    expect((await stack.call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: admin, body: { lastName: 'Typo-Fixed' } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stack.smtp.matching((m) => m.to.includes(invitee.email!))).toHaveLength(1);
    // The invitee answers with the mail's invitation as always.
    expect((await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee })).status).toBe(200);
  });

  it('resend sends a new mail and restarts the expiry, at most once per interval (429)', async () => {
    const admin = person('Vera Admin');
    const invitee = person('Walt Resend');
    const space = await createSpace(stack, admin);
    const invitation = await invite(stack, space.id, admin, invitee);
    const tooSoon = await stack.call('POST', `/spaces/${space.id}/invitations/${invitation.id}/resend`, { as: admin });
    expect([tooSoon.status, tooSoon.body.code]).toEqual([429, 'resend_too_soon']);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('members can be promoted and removed; the removed member loses access', async () => {
    const admin = person('Xena Admin');
    const member = person('Yann Member');
    const space = await createSpace(stack, admin);
    const membership = await addMember(stack, space.id, admin, member);
    const promoted = await stack.call('PATCH', `/spaces/${space.id}/members/${membership.id}`, { as: admin, body: { role: 'administrator' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.permissions).toEqual({ inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true });
    expect((await stack.call('DELETE', `/spaces/${space.id}/members/${membership.id}`, { as: admin })).status).toBe(204);
    expect((await stack.call('GET', `/spaces/${space.id}`, { as: member })).status).toBe(404);
    const types = (await stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items.map((e: { type: string }) => e.type);
    expect(types.slice(0, 2)).toEqual(['member.removed', 'member.changed']);
  });
});
