// The member rules called as use-cases, on Postgres, without Temporal or HTTP: no escalation (a member grants only
// what they hold) and R10 (a space keeps an administrator) — the one home of each, whoever calls it.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { memberships } from '../../src/platform/db/schema';
import { personOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { changeMember, listMembers, removeMember } from '../../src/features/members/use-cases';
import { invite } from '../../src/features/invitations/use-cases';
import type { Requester } from '../../src/platform/requester';
import { companyAddress, useUseCases } from '../support';

const harness = useUseCases();

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { code?: string }) => error.code);

/** A member joined directly, as an accepted invitation leaves one. */
async function join(spaceId: string, member: Requester, role: 'administrator' | 'manager' | 'without-signature', permissions: { inviteUsers: boolean; deleteUsers: boolean }) {
  const person = await personOf(member);
  const [row] = await harness.database.db
    .insert(memberships)
    .values({
      id: randomUUID(),
      spaceId,
      personId: person.id,
      certificateSsn: member.caller.certificateSsn,
      certificateMode: 'any',
      role,
      permissions: { ...permissions, editProcedures: true, signProcedures: role !== 'without-signature' },
    })
    .returning();
  return row!;
}

const newSpace = (admin: Requester) => createSpace(admin, { name: 'Unit', company: { name: 'Unit SA', registrationNumber: 'B123456', address: companyAddress } });

describe('members, as use-cases', () => {
  it('grant only what you hold: a member without signature who may invite cannot invite a manager (cannot_grant), before any process starts', async () => {
    const admin = harness.as();
    const space = await newSpace(admin);
    const inviter = harness.as();
    await join(space.id, inviter, 'without-signature', { inviteUsers: true, deleteUsers: false });
    const invitee = { certificateSsn: harness.as().caller.certificateSsn, firstName: 'Ina', lastName: 'Vitee', email: 'ina@example.lu', certificateMode: 'any' as const };
    expect(await refusal(invite(inviter, space.id, { ...invitee, role: 'manager' }))).toBe('cannot_grant');
    expect(await refusal(invite(inviter, space.id, { ...invitee, role: 'without-signature', permissions: { deleteUsers: true } }))).toBe('cannot_grant');
    // Only administrators change members; within what they hold, they may.
    const manager = await join(space.id, harness.as(), 'manager', { inviteUsers: false, deleteUsers: false });
    expect(await refusal(changeMember(inviter, space.id, manager.id, { permissions: { inviteUsers: true } }))).toBe('forbidden');
    const changed = await changeMember(admin, space.id, manager.id, { permissions: { inviteUsers: true } });
    expect(changed.permissions.inviteUsers).toBe(true);
  });

  it('the last administrator cannot be removed nor demoted (last_administrator); with a second one, it can step down', async () => {
    const admin = harness.as();
    const space = await newSpace(admin);
    const [self] = (JSON.parse(await listMembers(admin, space.id, { limit: 10 })) as { items: { id: string }[] }).items;
    expect(await refusal(removeMember(admin, space.id, self!.id))).toBe('last_administrator');
    expect(await refusal(changeMember(admin, space.id, self!.id, { role: 'manager' }))).toBe('last_administrator');
    await join(space.id, harness.as(), 'administrator', { inviteUsers: true, deleteUsers: true });
    expect((await changeMember(admin, space.id, self!.id, { role: 'manager' })).role).toBe('manager');
  });

  it('removing is granting: a member without signature who may delete users cannot remove a manager (cannot_grant)', async () => {
    const admin = harness.as();
    const space = await newSpace(admin);
    const deleter = harness.as();
    await join(space.id, deleter, 'without-signature', { inviteUsers: false, deleteUsers: true });
    const manager = await join(space.id, harness.as(), 'manager', { inviteUsers: false, deleteUsers: false });
    const otherAdmin = await join(space.id, harness.as(), 'administrator', { inviteUsers: true, deleteUsers: true });
    expect(await refusal(removeMember(deleter, space.id, manager.id))).toBe('cannot_grant');
    expect(await refusal(removeMember(deleter, space.id, otherAdmin.id))).toBe('cannot_grant');
  });

  it('a foreign space does not exist for an outsider (404), whatever the use-case', async () => {
    const space = await newSpace(harness.as());
    const outsider = harness.as();
    expect(await refusal(listMembers(outsider, space.id, { limit: 10 }))).toBe('not_found');
    expect(await refusal(removeMember(outsider, space.id, randomUUID()))).toBe('not_found');
  });
});
