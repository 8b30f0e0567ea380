// Administrator recovery over HTTP (R48, API.md "Administrator recovery"): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { ClaimConfirmationSchema, ClaimRequestSchema, ClaimSchema } from './schemas';
import { confirmClaim, getMyClaim, listMyClaims, listSpaceClaims, objectToClaim, requestClaim } from './use-cases';

const body = <T extends z.ZodTypeAny>(schema: T) => ({ required: true as const, content: { 'application/json': { schema } } });
const claimParams = z.object({ claimId: UuidParam('claimId') });
const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const ClaimPage = pageOf(ClaimSchema, 'AdministratorClaimPage');

const requestRoute = createRoute({
  method: 'post',
  path: '/administrator-claims',
  tags: ['Administrator recovery'],
  summary: "Claim administration of a registered company's spaces: a letter with a one-time code goes to the register's address, its administrators are mailed at once",
  security: bearer,
  request: { headers: idempotencyHeader, body: body(ClaimRequestSchema) },
  responses: { 201: jsonContent(ClaimSchema, 'The claim, its letter on the way'), ...problems(401, 409, 422, 503) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/administrator-claims/{claimId}',
  tags: ['Administrator recovery'],
  summary: 'One of my claims',
  security: bearer,
  request: { params: claimParams },
  responses: { 200: jsonContent(ClaimSchema, 'The claim'), ...problems(401, 404, 422) },
});

const confirmRoute = createRoute({
  method: 'post',
  path: '/administrator-claims/{claimId}/confirm',
  tags: ['Administrator recovery'],
  summary: "The claimant enters the letter's code and becomes an administrator of every space of the company; wrong codes are limited like activation codes",
  security: bearer,
  request: { params: claimParams, body: body(ClaimConfirmationSchema) },
  responses: { 200: jsonContent(ClaimSchema, 'The claim, confirmed'), ...problems(401, 404, 409, 410, 422, 429, 503) },
});

const myClaimsRoute = createRoute({
  method: 'get',
  path: '/me/administrator-claims',
  tags: ['Administrator recovery'],
  summary: 'My claims, newest first, with their status',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonContent(ClaimPage, 'Page of my claims'), ...problems(401, 422) },
});

const spaceClaimsRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/administrator-claims',
  tags: ['Administrator recovery'],
  summary: "The open claims on the spaces of this space's company, newest first; administrators only",
  security: bearer,
  request: { params: spaceParams, query: PageQuery },
  responses: { 200: jsonContent(ClaimPage, 'Page of open claims'), ...problems(401, 403, 404, 422) },
});

const objectRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/administrator-claims/{claimId}/object',
  tags: ['Administrator recovery'],
  summary: 'An administrator objects: the claim ends (objected) and the claimant is told',
  security: bearer,
  request: { params: spaceParams.extend({ claimId: UuidParam('claimId') }) },
  responses: { 200: jsonContent(ClaimSchema, 'The claim, objected'), ...problems(401, 403, 404, 409, 410, 422, 503) },
});

export const claimRoutes = createRouter()
  .openapi(requestRoute, async (c) => c.json(await requestClaim(requesterOf(c), c.req.valid('json')), 201))
  .openapi(getRoute, async (c) => c.json(await getMyClaim(requesterOf(c), c.req.valid('param').claimId), 200))
  .openapi(confirmRoute, async (c) => c.json(await confirmClaim(requesterOf(c), c.req.valid('param').claimId, c.req.valid('json').code), 200))
  .openapi(myClaimsRoute, async (c) => c.json(await listMyClaims(requesterOf(c), c.req.valid('query')), 200))
  .openapi(spaceClaimsRoute, async (c) => c.json(await listSpaceClaims(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200))
  .openapi(objectRoute, async (c) => {
    const { spaceId, claimId } = c.req.valid('param');
    return c.json(await objectToClaim(requesterOf(c), spaceId, claimId), 200);
  });
