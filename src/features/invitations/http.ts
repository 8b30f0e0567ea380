// Invitations (R1–R19). The API checks access and obvious conflicts, then hands the lifecycle to the invitation
// workflow: starting it (update-with-start, so the caller gets the recorded invitation or a 409) and sending it
// updates whose validators answer 403/409 without touching history.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { invitations } from '../../platform/db/schema';
import { findInvitation, hasPendingInvitationSql, toInvitationView, type InvitationRow } from './store';
import { isMemberByCertificateSql } from '../spaces/store';
import { permissionsAfterChange, permissionsForRole } from '../../domain/access';
import { certificateMismatchRefusal } from '../../domain/access';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { acceptUpdate, declineUpdate, editUpdate, invitationWorkflowId, resendUpdate, type InvitationEdit, type InvitationWorkflowInput } from './contract';
import type { AppEnv } from '../../platform/http/env';
import { startProcess } from '../../platform/temporal/process-start';
import { recordInvitation } from './store';
import { currentActor, currentCaller, currentPerson, readTablePageAsMember, requireMayGrant, requireMembership, requireMembershipWith, requirePermission } from '../../platform/http/auth';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError, allowedPermissions, notFound, refuseWith } from '../../domain/errors';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import {
  CertificateModeSchema,
  CertificateSsnSchema,
  EmailSchema,
  InvitationSchema,
  InvitationStatusSchema,
  MembershipSchema,
  PermissionsInputSchema,
  PersonNameSchema,
  RoleSchema,
  rolePermissionsRule,
} from '../../platform/http/schemas';
import { sendUpdate } from '../../platform/temporal/updates';
import { cancelPendingInvitation, notPending } from './cancel';

const CreateInvitationSchema = z
  .object({
    certificateSsn: CertificateSsnSchema,
    firstName: PersonNameSchema,
    lastName: PersonNameSchema,
    email: EmailSchema,
    role: RoleSchema,
    permissions: PermissionsInputSchema.optional(),
    certificateMode: CertificateModeSchema,
  })
  .strict()
  .openapi('CreateInvitation', rolePermissionsRule(false));

const EditInvitationSchema = z
  .object({
    firstName: PersonNameSchema.optional(),
    lastName: PersonNameSchema.optional(),
    email: EmailSchema.optional(),
    role: RoleSchema.optional(),
    permissions: PermissionsInputSchema.optional(),
    certificateMode: CertificateModeSchema.optional(),
  })
  .strict()
  .refine((edit) => Object.keys(edit).length > 0, 'name at least one field to change')
  .openapi('EditInvitation', { minProperties: 1, ...rolePermissionsRule(true) });

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const invitationParams = z.object({ spaceId: UuidParam('spaceId'), invitationId: UuidParam('invitationId') });
const answerParams = z.object({ invitationId: UuidParam('invitationId') });

const createInvitation = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/invitations',
  tags: ['Invitations'],
  summary: 'Invite a person by certificate SSN (R1–R9); needs inviteUsers',
  security: bearer,
  request: { params: spaceParams, headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: CreateInvitationSchema } } } },
  responses: { 201: jsonContent(InvitationSchema, 'The pending invitation; the invitee gets an e-mail'), ...problems(401, 403, 404, 409, 422, 503) },
});

const listInvitations = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/invitations',
  tags: ['Invitations'],
  summary: "The space's invitations, oldest first",
  security: bearer,
  request: { params: spaceParams, query: PageQuery.extend({ status: InvitationStatusSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(InvitationSchema, 'InvitationPage'), 'Page of invitations'), ...problems(401, 404, 422) },
});

const getInvitation = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/invitations/{invitationId}',
  tags: ['Invitations'],
  summary: 'One invitation',
  security: bearer,
  request: { params: invitationParams },
  responses: { 200: jsonContent(InvitationSchema, 'The invitation'), ...problems(401, 404, 422) },
});

const patchInvitation = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}/invitations/{invitationId}',
  tags: ['Invitations'],
  summary: 'Edit master data, role, permissions or certificate mode while pending (R17)',
  security: bearer,
  request: { params: invitationParams, body: { required: true, content: { 'application/json': { schema: EditInvitationSchema } } } },
  responses: { 200: jsonContent(InvitationSchema, 'The edited invitation'), ...problems(401, 403, 404, 409, 422, 503) },
});

const cancelInvitation = createRoute({
  method: 'delete',
  path: '/spaces/{spaceId}/invitations/{invitationId}',
  tags: ['Invitations'],
  summary: 'Cancel a pending invitation',
  security: bearer,
  request: { params: invitationParams },
  responses: { 204: { description: 'Cancelled' }, ...problems(401, 403, 404, 409, 422, 503) },
});

const resendInvitation = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/invitations/{invitationId}/resend',
  tags: ['Invitations'],
  summary: 'Send the invitation mail again; the expiry restarts (at most once per 5 minutes)',
  security: bearer,
  request: { params: invitationParams },
  responses: { 200: jsonContent(InvitationSchema, 'The invitation with its new expiry'), ...problems(401, 403, 404, 409, 422, 429, 503) },
});

const acceptInvitation = createRoute({
  method: 'post',
  path: '/invitations/{invitationId}/accept',
  tags: ['Invitations'],
  summary: 'Accept an invitation addressed to my certificate (R5, R15)',
  security: bearer,
  request: { params: answerParams },
  responses: { 200: jsonContent(MembershipSchema, 'My new membership'), ...problems(401, 403, 404, 409, 422, 503) },
});

const declineInvitation = createRoute({
  method: 'post',
  path: '/invitations/{invitationId}/decline',
  tags: ['Invitations'],
  summary: 'Decline an invitation addressed to my certificate (R5)',
  security: bearer,
  request: { params: answerParams },
  responses: { 200: jsonContent(InvitationSchema, 'The declined invitation'), ...problems(401, 403, 404, 409, 422, 503) },
});


async function spaceInvitation(c: Context<AppEnv>, spaceId: string, invitationId: string): Promise<InvitationRow> {
  const invitation = await findInvitation(c.get('deps').db, invitationId);
  if (!invitation || invitation.spaceId !== spaceId) throw notFound('The invitation');
  return invitation;
}

const alreadyMember = () => new DomainError('already_member', 'This certificate already belongs to a member of the space.');
const alreadyInvited = () => new DomainError('already_invited', 'This certificate already has a pending invitation to the space.');

export const invitationRoutes = createRouter()
  .openapi(createInvitation, async (c) => {
    const { spaceId } = c.req.valid('param');
    const body = c.req.valid('json');
    // The caller's rights, the space and whether the certificate is already in it, in one round trip.
    const { membership, row } = await requireMembershipWith<{ name: string; company_name: string; member: boolean; invited: boolean }>(
      c,
      spaceId,
      sql`select s.name, s.company_name, ${isMemberByCertificateSql(spaceId, body.certificateSsn)} as member,
                 ${hasPendingInvitationSql(spaceId, body.certificateSsn)} as invited
            from spaces s where s.id = ${spaceId}`,
    );
    const space = row!;
    requirePermission(membership, 'inviteUsers');
    const permissions = allowedPermissions(permissionsForRole(body.role, body.permissions));
    requireMayGrant(membership, { role: body.role, permissions });
    const { db, config } = c.get('deps');
    const actor = currentActor(c);
    // The expiry is fixed here, so the row and the workflow's timer agree.
    const expiresAt = new Date(Date.now() + config.lifecycle.invitationTtlMs).toISOString();
    function inputOf(invitationId: string): InvitationWorkflowInput & { expiresAt: string } {
      return {
        invitationId,
        spaceId,
        certificateSsn: body.certificateSsn,
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        role: body.role,
        permissions,
        certificateMode: body.certificateMode,
        invitedBy: actor,
        timings: {
          ttlMs: config.lifecycle.invitationTtlMs,
          remindersBeforeExpiryMs: config.lifecycle.invitationRemindersMs,
          resendIntervalMs: config.lifecycle.invitationResendIntervalMs,
        },
        expiresAt,
      };
    }
    const view = await startProcess(c, {
      kind: 'invitation',
      scope: [spaceId],
      request: body,
      // Known refusals before anything starts; the row's constraints settle the races.
      precheck: async () => {
        if (space.member) throw alreadyMember();
        if (space.invited) throw alreadyInvited();
      },
      workflow: (invitationId) => {
        return {
          type: 'invitationWorkflow',
          workflowId: invitationWorkflowId(invitationId),
          args: [inputOf(invitationId)],
          searchAttributes: [
            { key: SPACE_ID, value: spaceId },
            { key: COMPANY_NAME, value: space.company_name },
            { key: PROCESS_STATUS, value: 'pending' },
          ],
          // Sealed like every payload, and free of personal data all the same (ids, never names or certificates).
          summary: `Invitation ${invitationId} to the space "${space.name}" of ${space.company_name} as ${body.role}`,
          details: `Invited by person ${actor.personId}. Space ${spaceId}. Certificate mode: ${body.certificateMode}.`,
        };
      },
      record: async (invitationId) => {
        const result = await recordInvitation(db, inputOf(invitationId));
        if (result.outcome === 'refused') throw result.code === 'already_member' ? alreadyMember() : alreadyInvited();
        return result.invitation;
      },
    });
    c.get('log').info({ invitationId: view.id, spaceId }, 'invitation started');
    return c.json(view, 201);
  })
  .openapi(listInvitations, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    const after = decodeCursor(cursor);
    // The caller's rights and the page in one round trip.
    const query = c
      .get('deps')
      .db.select()
      .from(invitations)
      .where(
        and(
          eq(invitations.spaceId, spaceId),
          status ? eq(invitations.status, status) : undefined,
          keysetAfter(invitations.createdAt, invitations.id, after),
        ),
      )
      .orderBy(asc(invitations.createdAt), asc(invitations.id))
      .limit(limit + 1);
    const { rows } = await readTablePageAsMember(c, spaceId, invitations, query, sql`created_at, id`);
    const page = toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
    return c.json({ items: page.items.map(toInvitationView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getInvitation, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    return c.json(toInvitationView(await spaceInvitation(c, spaceId, invitationId)), 200);
  })
  .openapi(patchInvitation, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    const body = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requirePermission(membership, 'inviteUsers');
    const invitation = await spaceInvitation(c, spaceId, invitationId);
    const edit: InvitationEdit = { ...body, permissions: undefined };
    delete edit.permissions;
    if (body.role !== undefined || body.permissions !== undefined) edit.permissions = allowedPermissions(permissionsAfterChange(invitation, body));
    // The invitation as it is and as it will be: both must lie within what the caller holds.
    requireMayGrant(membership, invitation, { role: body.role ?? invitation.role, permissions: edit.permissions ?? invitation.permissions });
    const { client } = c.get('deps').temporal;
    const view = await sendUpdate(
      c,
      () => client.workflow.getHandle(invitationWorkflowId(invitationId)).executeUpdate(editUpdate, { args: [{ actor: currentActor(c), edit }] }),
      () => notPending(invitation),
    );
    return c.json(view, 200);
  })
  .openapi(cancelInvitation, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    const membership = await requireMembership(c, spaceId);
    requirePermission(membership, 'inviteUsers');
    await cancelPendingInvitation(c, membership, await spaceInvitation(c, spaceId, invitationId));
    return c.body(null, 204);
  })
  .openapi(resendInvitation, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    const membership = await requireMembership(c, spaceId);
    requirePermission(membership, 'inviteUsers');
    const invitation = await spaceInvitation(c, spaceId, invitationId);
    const { client } = c.get('deps').temporal;
    const view = await sendUpdate(
      c,
      () => client.workflow.getHandle(invitationWorkflowId(invitationId)).executeUpdate(resendUpdate, { args: [{ actor: currentActor(c) }] }),
      () => notPending(invitation),
    );
    return c.json(view, 200);
  })
  .openapi(acceptInvitation, async (c) => {
    const { invitationId } = c.req.valid('param');
    const answer = await answerOf(c, invitationId);
    const { client } = c.get('deps').temporal;
    const membership = await sendUpdate(
      c,
      () => client.workflow.getHandle(invitationWorkflowId(invitationId)).executeUpdate(acceptUpdate, { args: [answer.answer] }),
      () => notPending(answer.invitation),
    );
    return c.json(membership, 200);
  })
  .openapi(declineInvitation, async (c) => {
    const { invitationId } = c.req.valid('param');
    const answer = await answerOf(c, invitationId);
    const { client } = c.get('deps').temporal;
    const view = await sendUpdate(
      c,
      () => client.workflow.getHandle(invitationWorkflowId(invitationId)).executeUpdate(declineUpdate, { args: [answer.answer] }),
      () => notPending(answer.invitation),
    );
    return c.json(view, 200);
  });

/** The invitee's answer: only the invited certificate may answer (R15). */
async function answerOf(c: Context<AppEnv>, invitationId: string) {
  const invitation = await findInvitation(c.get('deps').db, invitationId);
  if (!invitation) throw notFound('The invitation');
  const caller = currentCaller(c);
  refuseWith(certificateMismatchRefusal(invitation.certificateSsn, caller.certificateSsn));
  if (invitation.status !== 'pending') throw notPending(invitation);
  const person = currentPerson(c);
  return { invitation, answer: { personId: person.id, name: person.name, certificateSsn: caller.certificateSsn } };
}
