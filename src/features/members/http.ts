// Members over HTTP (R10–R12, R18, R19): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, jsonText, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { MembershipSchema } from '../spaces/schemas';
import { MemberChangeSchema, MemberSchema, type MemberView } from './schemas';
import { changeMember, listMembers, removeMember } from './use-cases';

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const memberParams = z.object({ spaceId: UuidParam('spaceId'), memberId: UuidParam('memberId') });

const listMembersRoute = createRoute({
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
  summary: "Change a member's role, permissions or certificate mode (R12, R16); administrators only",
  security: bearer,
  request: {
    params: memberParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: MemberChangeSchema,
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

export const memberRoutes = createRouter()
  .openapi(listMembersRoute, async (c) => jsonText<{ items: MemberView[]; nextCursor: string | null }>(c, await listMembers(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query'))))
  .openapi(patchMember, async (c) => {
    const { spaceId, memberId } = c.req.valid('param');
    return c.json(await changeMember(requesterOf(c), spaceId, memberId, c.req.valid('json')), 200);
  })
  .openapi(deleteMember, async (c) => {
    const { spaceId, memberId } = c.req.valid('param');
    await removeMember(requesterOf(c), spaceId, memberId);
    return c.body(null, 204);
  });
