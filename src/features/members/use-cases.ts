// Members of a space (R10–R12, R18, R19): the list of active members and pending invitees, a member's role and
// permissions, and removal — always within what the caller holds, always keeping an administrator. Membership
// changes serialise on the space row, so two administrators removing each other at the same moment leave one.
import { and, count, eq, ne, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { escalationRefusal, lastAdministratorRefusal, permissionsAfterChange } from '../../domain/access';
import { allowedPermissions, forbidden, notFound, refuseWith } from '../../domain/errors';
import type { Executor } from '../../platform/db/client';
import { memberships, persons, spaces } from '../../platform/db/schema';
import { startWorkflow } from '../../platform/temporal/process-start';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { memberRemovedWorkflowId } from './contract';
import { isoTime } from '../../platform/db/sql';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { decodeCursor, type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { actorOf } from '../people/use-cases';
import { readJsonPageAsMember, requireAdministrator, requireMembership, requirePermission } from '../spaces/access';
import type { MembershipView } from '../spaces/schemas';
import { lockSpace, toMembershipView } from '../spaces/store';
import { cancelPendingInvitation } from '../invitations/use-cases';
import { findInvitation } from '../invitations/store';
import type { MemberChange } from './schemas';

async function countOtherAdministrators(tx: Executor, spaceId: string, memberId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.role, 'administrator'), ne(memberships.id, memberId)));
  return row?.n ?? 0;
}

async function targetMember(tx: Executor, spaceId: string, memberId: string) {
  const [target] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.id, memberId)))
    .for('update');
  if (!target) throw notFound('The member');
  return target;
}

/** The caller as they are now, under the space lock: a concurrent removal may have taken their rights away. */
async function selfUnderLock(tx: Executor, membershipId: string) {
  const [self] = await tx.select().from(memberships).where(eq(memberships.id, membershipId));
  if (!self) throw notFound('The space');
  return self;
}

/**
 * R18: active members and pending invitees, oldest first, as the JSON text of the page: the caller's rights and
 * the page in one round trip, and the database writes the answer (the busiest list), each item as MemberSchema
 * says, times as toISOString() writes them. Each of the two kinds is read in page order up to the page's size from
 * its own index (memberships_space_time_idx, invitations_space_status_idx) and the two are merged: the page costs
 * the same in a space of 200 as of 10,000 (ordering the union as a whole read and sorted all of it).
 */
export async function listMembers(requester: Requester, spaceId: string, query: PageRequest): Promise<string> {
  const { limit } = query;
  const after = decodeCursor(query.cursor);
  const keyset = (at: SQL, id: SQL) => (after ? sql`and (${at}, ${id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``);
  const { body } = await readJsonPageAsMember(
    requester,
    spaceId,
    sql`
    select row_to_json(item) as item, members.since as at, members.id
      from (
        (select m.id, 'active' as status, p.name, p.email, m.certificate_ssn, m.certificate_mode, m.role, m.permissions,
                m.created_at as since, m.invitation_id, null::timestamptz as expires_at
           from memberships m join persons p on p.id = m.person_id
          where m.space_id = ${spaceId} ${keyset(sql`m.created_at`, sql`m.id`)}
          order by m.created_at, m.id
          limit ${limit + 1})
        union all
        (select i.id, 'pending' as status, i.first_name || ' ' || i.last_name, i.email, i.certificate_ssn, i.certificate_mode, i.role,
                i.permissions, i.created_at, i.id, i.expires_at
           from invitations i
          where i.space_id = ${spaceId} and i.status = 'pending' ${keyset(sql`i.created_at`, sql`i.id`)}
          order by i.created_at, i.id
          limit ${limit + 1})
      ) members
      cross join lateral (
        select members.id, members.status, members.name, members.email, members.certificate_ssn as "certificateSsn",
               members.certificate_mode as "certificateMode", members.role, members.permissions,
               ${isoTime(sql`members.since`)} as since, members.invitation_id as "invitationId",
               ${isoTime(sql`members.expires_at`)} as "expiresAt"
      ) item
     order by members.since, members.id
     limit ${limit + 1}`,
    limit,
  );
  return body;
}

/** One active member of the space, as the members see it (R11). */
export async function getMember(requester: Requester, spaceId: string, memberId: string): Promise<MembershipView> {
  await requireMembership(requester, spaceId);
  const [row] = await requester.deps.db
    .select({ membership: memberships, person: persons })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(and(eq(memberships.id, memberId), eq(memberships.spaceId, spaceId)));
  if (!row) throw notFound('The member');
  return toMembershipView(row.membership, row.person);
}

/** R12, R16: an administrator changes a member's role, permissions or certificate mode, within what they hold; R10 keeps an administrator. */
export async function changeMember(requester: Requester, spaceId: string, memberId: string, change: MemberChange): Promise<MembershipView> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, "change a member's role or permissions");
  const who = await actorOf(requester);
  return requester.deps.db.transaction(async (tx) => {
    await lockSpace(tx, spaceId);
    const target = await targetMember(tx, spaceId, memberId);
    const role = change.role ?? target.role;
    const permissions = allowedPermissions(permissionsAfterChange(target, change));
    // No escalation, under the lock: the caller as they are now, the member as they are and as they will be.
    refuseWith(escalationRefusal(await selfUnderLock(tx, membership.id), target, { role, permissions }));
    if (target.role === 'administrator') refuseWith(lastAdministratorRefusal(target.role, role, await countOtherAdministrators(tx, spaceId, memberId)));
    // R16: the mode can change too, e.g. to let a member in with a new certificate of the same person.
    const certificateMode = change.certificateMode ?? target.certificateMode;
    const [row] = await tx.update(memberships).set({ role, permissions, certificateMode }).where(eq(memberships.id, memberId)).returning();
    await appendSpaceEvent(tx, {
      key: `${memberId}/${randomUUID()}`,
      spaceId,
      type: 'member.changed',
      actor: who,
      subjectId: memberId,
      data: { from: { role: target.role, permissions: target.permissions, certificateMode: target.certificateMode }, to: { role, permissions, certificateMode } },
    });
    const [person] = await tx.select().from(persons).where(eq(persons.id, row!.personId));
    return toMembershipView(row!, person!);
  });
}

/**
 * R19: removes a member (needs deleteUsers, or it is the caller leaving), within R10; a pending invitee of the list is
 * removed by cancelling its invitation, with the rights cancelling needs.
 */
export async function removeMember(requester: Requester, spaceId: string, memberId: string): Promise<void> {
  const membership = await requireMembership(requester, spaceId);
  const invitation = await findInvitation(requester.deps.db, memberId);
  if (invitation && invitation.spaceId === spaceId && invitation.status === 'pending') {
    await cancelPendingInvitation(requester, membership, invitation);
    return;
  }
  const who = await actorOf(requester);
  const leavingMyself = membership.id === memberId;
  if (!leavingMyself) requirePermission(membership, 'deleteUsers');
  await requester.deps.db.transaction(async (tx) => {
    await lockSpace(tx, spaceId);
    const self = await selfUnderLock(tx, membership.id);
    if (!leavingMyself && !self.permissions.deleteUsers) throw forbidden('permission', 'This needs the deleteUsers permission in this space.', 'deleteUsers');
    const target = await targetMember(tx, spaceId, memberId);
    // Removing is granting: the remover holds every right the member holds (only administrators remove administrators).
    if (!leavingMyself) refuseWith(escalationRefusal(self, target));
    if (target.role === 'administrator') refuseWith(lastAdministratorRefusal(target.role, null, await countOtherAdministrators(tx, spaceId, memberId)));
    await tx.delete(memberships).where(eq(memberships.id, memberId));
    const [person] = await tx.select({ name: persons.name }).from(persons).where(eq(persons.id, target.personId));
    await appendSpaceEvent(tx, { key: `${memberId}/${randomUUID()}`, spaceId, type: 'member.removed', actor: who, subjectId: memberId, data: { member: person?.name ?? null, role: target.role } });
    // The removed member hears of it (a mail through a workflow); started inside the transaction, so that without
    // Temporal the removal rolls back and can be retried, instead of a removal nobody is told of.
    const [space] = await tx.select({ companyName: spaces.companyName }).from(spaces).where(eq(spaces.id, spaceId));
    await startWorkflow(requester, {
      type: 'memberRemovedWorkflow',
      workflowId: memberRemovedWorkflowId(memberId),
      args: [{ membershipId: memberId, spaceId, personId: target.personId }],
      searchAttributes: [
        { key: SPACE_ID, value: spaceId },
        { key: COMPANY_NAME, value: space?.companyName ?? '' },
        { key: PROCESS_STATUS, value: 'removed' },
      ],
      summary: `Tell the member ${memberId} of the space ${spaceId} that they were removed`,
    });
  });
}
