// Invitations over HTTP (R1–R19): each route checks its request against the schema, calls its use-case and answers
// its view. The rules live in use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { MembershipSchema } from '../spaces/schemas';
import { CreateInvitationSchema, EditInvitationSchema, InvitationSchema, InvitationStatusSchema, MyInvitationSchema } from './schemas';
import { acceptInvitation, cancelInvitation, declineInvitation, editInvitation, getInvitation, invite, listInvitations, myInvitations, resendInvitation } from './use-cases';

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
  responses: { 201: jsonContent(InvitationSchema, 'The pending invitation; the invitee gets an e-mail'), ...problems(401, 403, 404, 409, 422, 429, 503) },
});

const listInvitations_ = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/invitations',
  tags: ['Invitations'],
  summary: "The space's invitations, oldest first",
  security: bearer,
  request: { params: spaceParams, query: PageQuery.extend({ status: InvitationStatusSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(InvitationSchema, 'InvitationPage'), 'Page of invitations'), ...problems(401, 404, 422) },
});

const getInvitation_ = createRoute({
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
  responses: { 200: jsonContent(InvitationSchema, 'The edited invitation'), ...problems(401, 403, 404, 409, 422, 429, 503) },
});

const cancelInvitation_ = createRoute({
  method: 'delete',
  path: '/spaces/{spaceId}/invitations/{invitationId}',
  tags: ['Invitations'],
  summary: 'Cancel a pending invitation',
  security: bearer,
  request: { params: invitationParams },
  responses: { 204: { description: 'Cancelled' }, ...problems(401, 403, 404, 409, 422, 503) },
});

const resendInvitation_ = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/invitations/{invitationId}/resend',
  tags: ['Invitations'],
  summary: 'Send the invitation mail again; the expiry restarts (at most once per 5 minutes)',
  security: bearer,
  request: { params: invitationParams },
  responses: { 200: jsonContent(InvitationSchema, 'The invitation with its new expiry'), ...problems(401, 403, 404, 409, 422, 429, 503) },
});

const acceptInvitation_ = createRoute({
  method: 'post',
  path: '/invitations/{invitationId}/accept',
  tags: ['Invitations'],
  summary: 'Accept an invitation addressed to my certificate (R5, R15)',
  security: bearer,
  request: { params: answerParams },
  responses: { 200: jsonContent(MembershipSchema, 'My new membership'), ...problems(401, 403, 404, 409, 422, 503) },
});

const declineInvitation_ = createRoute({
  method: 'post',
  path: '/invitations/{invitationId}/decline',
  tags: ['Invitations'],
  summary: 'Decline an invitation addressed to my certificate (R5)',
  security: bearer,
  request: { params: answerParams },
  responses: { 200: jsonContent(InvitationSchema, 'The declined invitation'), ...problems(401, 403, 404, 409, 422, 503) },
});

const listMyInvitations = createRoute({
  method: 'get',
  path: '/me/invitations',
  tags: ['Profile'],
  summary: 'Pending invitations addressed to my certificate (R5)',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(MyInvitationSchema, 'MyInvitationPage'), 'Page of invitations'), ...problems(401, 422) },
});

export const invitationRoutes = createRouter()
  .openapi(createInvitation, async (c) => c.json(await invite(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json')), 201))
  .openapi(listInvitations_, async (c) => c.json(await listInvitations(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200))
  .openapi(getInvitation_, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    return c.json(await getInvitation(requesterOf(c), spaceId, invitationId), 200);
  })
  .openapi(patchInvitation, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    return c.json(await editInvitation(requesterOf(c), spaceId, invitationId, c.req.valid('json')), 200);
  })
  .openapi(cancelInvitation_, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    await cancelInvitation(requesterOf(c), spaceId, invitationId);
    return c.body(null, 204);
  })
  .openapi(resendInvitation_, async (c) => {
    const { spaceId, invitationId } = c.req.valid('param');
    return c.json(await resendInvitation(requesterOf(c), spaceId, invitationId), 200);
  })
  .openapi(acceptInvitation_, async (c) => c.json(await acceptInvitation(requesterOf(c), c.req.valid('param').invitationId), 200))
  .openapi(declineInvitation_, async (c) => c.json(await declineInvitation(requesterOf(c), c.req.valid('param').invitationId), 200))
  .openapi(listMyInvitations, async (c) => c.json(await myInvitations(requesterOf(c), c.req.valid('query')), 200));
