// Members of a space: active members and pending invitees (R18); role changes and removal, always keeping at
// least one administrator (R10, R19). Membership changes serialise on the space row, so two administrators
// removing each other at the same moment leave one.
import { createRoute, z } from '@hono/zod-openapi';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import { memberships, persons } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findInvitation } from '../invitations/store';
import { isoTime } from '../../platform/db/sql';
import { lockSpace, toMembershipView } from '../spaces/store';
import { cancelPendingInvitation } from '../invitations/cancel';
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/client';
import { MEMBER_STATUSES, permissionsAfterChange } from '../../domain/access';
import { lastAdministratorRefusal } from '../../domain/access';
import { currentActor, readJsonPageAsMember, requireAdministrator, requireMayGrant, requireMembership, requirePermission } from '../../platform/http/auth';
import { decodeCursor } from '../../platform/http/pagination';
import { allowedPermissions, forbidden, notFound, refuseWith } from '../../domain/errors';
import { bearer, createRouter, jsonContent, jsonText, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { CertificateModeSchema, MembershipSchema, PermissionsInputSchema, PermissionsSchema, RoleSchema, rolePermissionsRule } from '../../platform/http/schemas';

const MemberSchema = z
  .object({
    id: z.string().uuid().openapi({ description: 'Membership id for active members, invitation id for pending invitees' }),
    status: z.enum(MEMBER_STATUSES),
    name: z.string(),
    email: z.string().nullable(),
    certificateSsn: z.string(),
    certificateMode: CertificateModeSchema,
    role: RoleSchema,
    permissions: PermissionsSchema,
    since: z.string().datetime(),
    invitationId: z.string().uuid().nullable(),
    expiresAt: z.string().datetime().nullable().openapi({ description: 'For pending invitees: when the invitation expires' }),
  })
  .openapi('Member');

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const memberParams = z.object({ spaceId: UuidParam('spaceId'), memberId: UuidParam('memberId') });

const listMembers = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/members',
  tags: ['Members'],
  summary: 'Active members and pending invitees (R18)',
  security: bearer,
  request: { params: spaceParams, query: PageQuery },
  responses: { 200: jsonContent(pageOf(MemberSchema, 'MemberPage'), 'Page of members'), ...problems(401, 404, 422) },
});

const patchMember = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}/members/{memberId}',
  tags: ['Members'],
  summary: "Change a member's role or permissions; administrators only",
  security: bearer,
  request: {
    params: memberParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ role: RoleSchema.optional(), permissions: PermissionsInputSchema.optional() })
            .strict()
            .refine((body) => body.role !== undefined || body.permissions !== undefined, 'name a role or permissions')
            .openapi({ minProperties: 1, ...rolePermissionsRule(true) }),
        },
      },
    },
  },
  responses: { 200: jsonContent(MembershipSchema, 'The member'), ...problems(401, 403, 404, 409, 422) },
});

const deleteMember = createRoute({
  method: 'delete',
  path: '/spaces/{spaceId}/members/{memberId}',
  tags: ['Members'],
  summary: 'Remove a member (R19); needs deleteUsers; the last administrator stays (R10)',
  security: bearer,
  request: { params: memberParams },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409, 422) },
});


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

export const memberRoutes = createRouter()
  .openapi(listMembers, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor);
    const keyset = after ? sql`where (members.since, members.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    // The caller's rights and the page in one round trip; the database writes the answer (the busiest list), each
    // item as MemberSchema says, times as toISOString() writes them.
    const { body } = await readJsonPageAsMember(
      c,
      spaceId,
      sql`
      select row_to_json(item) as item, members.since as at, members.id
        from (
          select m.id, 'active' as status, p.name, p.email, m.certificate_ssn, m.certificate_mode, m.role, m.permissions,
                 m.created_at as since, m.invitation_id, null::timestamptz as expires_at
            from memberships m join persons p on p.id = m.person_id
           where m.space_id = ${spaceId}
          union all
          select i.id, 'pending' as status, i.first_name || ' ' || i.last_name, i.email, i.certificate_ssn, i.certificate_mode, i.role,
                 i.permissions, i.created_at, i.id, i.expires_at
            from invitations i
           where i.space_id = ${spaceId} and i.status = 'pending'
        ) members
        cross join lateral (
          select members.id, members.status, members.name, members.email, members.certificate_ssn as "certificateSsn",
                 members.certificate_mode as "certificateMode", members.role, members.permissions,
                 ${isoTime(sql`members.since`)} as since, members.invitation_id as "invitationId",
                 ${isoTime(sql`members.expires_at`)} as "expiresAt"
        ) item
        ${keyset}
       order by members.since, members.id
       limit ${limit + 1}`,
      limit,
    );
    return jsonText<{ items: z.infer<typeof MemberSchema>[]; nextCursor: string | null }>(c, body);
  })
  .openapi(patchMember, async (c) => {
    const { spaceId, memberId } = c.req.valid('param');
    const body = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, "change a member's role or permissions");
    const who = currentActor(c);
    const updated = await c.get('deps').db.transaction(async (tx) => {
      await lockSpace(tx, spaceId);
      const target = await targetMember(tx, spaceId, memberId);
      const role = body.role ?? target.role;
      const permissions = allowedPermissions(permissionsAfterChange(target, body));
      // No escalation, under the lock: the caller as they are now, the member as they are and as they will be.
      const [self] = await tx.select().from(memberships).where(eq(memberships.id, membership.id));
      if (!self) throw notFound('The space');
      requireMayGrant(self, target, { role, permissions });
      if (target.role === 'administrator') refuseWith(lastAdministratorRefusal(target.role, role, await countOtherAdministrators(tx, spaceId, memberId)));
      const [row] = await tx.update(memberships).set({ role, permissions }).where(eq(memberships.id, memberId)).returning();
      await appendSpaceEvent(tx, { key: `${memberId}/${randomUUID()}`, spaceId, type: 'member.changed', actor: who, subjectId: memberId, data: { from: { role: target.role, permissions: target.permissions }, to: { role, permissions } } });
      const [person] = await tx.select().from(persons).where(eq(persons.id, row!.personId));
      return toMembershipView(row!, person!);
    });
    return c.json(updated, 200);
  })
  .openapi(deleteMember, async (c) => {
    const { spaceId, memberId } = c.req.valid('param');
    const membership = await requireMembership(c, spaceId);
    // A pending invitee of the list: deleting it cancels the invitation, with the rights cancelling needs.
    const invitation = await findInvitation(c.get('deps').db, memberId);
    if (invitation && invitation.spaceId === spaceId && invitation.status === 'pending') {
      await cancelPendingInvitation(c, membership, invitation);
      return c.body(null, 204);
    }
    const who = currentActor(c);
    const leavingMyself = membership.id === memberId;
    if (!leavingMyself) requirePermission(membership, 'deleteUsers');
    await c.get('deps').db.transaction(async (tx) => {
      await lockSpace(tx, spaceId);
      // Re-read the caller under the lock: a concurrent removal may have taken their rights away.
      const [self] = await tx.select().from(memberships).where(eq(memberships.id, membership.id));
      if (!self) throw notFound('The space');
      if (!leavingMyself && !self.permissions.deleteUsers) throw forbidden('permission', 'This needs the deleteUsers permission in this space.', 'deleteUsers');
      const target = await targetMember(tx, spaceId, memberId);
      if (target.role === 'administrator' && !leavingMyself && self.role !== 'administrator') throw forbidden('administrator', 'Only an administrator may remove an administrator.');
      if (target.role === 'administrator') refuseWith(lastAdministratorRefusal(target.role, null, await countOtherAdministrators(tx, spaceId, memberId)));
      await tx.delete(memberships).where(eq(memberships.id, memberId));
      const [person] = await tx.select({ name: persons.name }).from(persons).where(eq(persons.id, target.personId));
      await appendSpaceEvent(tx, { key: `${memberId}/${randomUUID()}`, spaceId, type: 'member.removed', actor: who, subjectId: memberId, data: { member: person?.name ?? null, role: target.role } });
    });
    return c.body(null, 204);
  });
