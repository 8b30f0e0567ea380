// Mandates and activation codes over HTTP (R22–R38): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import {
  AccessRequestAnswerSchema,
  AccessRequestSchema,
  ActivationAnswerSchema,
  ActivationSchema,
  DelegateCodesChangeSchema,
  MandateEndDateSchema,
  MandateSchema,
  MandatorSchema,
  SectionSchema,
  StaffMandateChangeSchema,
} from './schemas';
import { changeDelegateCodes, changeEndDate, enterActivationCode, listMandates, listMandators, requestAccess, revokeDelegate, revokeMandate, sectionCatalog, staffChangeMandate } from './use-cases';

const body = <T extends z.ZodTypeAny>(schema: T) => ({ required: true as const, content: { 'application/json': { schema } } });
const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const mandateParams = z.object({ spaceId: UuidParam('spaceId'), mandateId: UuidParam('mandateId') });
const staffMandateParams = z.object({ mandateId: UuidParam('mandateId') });

const listSections = createRoute({
  method: 'get',
  path: '/catalog/sections',
  tags: ['Mandates'],
  summary: 'Sections (Rubriken) a holder code certifies and a mandate covers, with their procedure types',
  security: bearer,
  responses: { 200: jsonContent(z.array(SectionSchema), 'The catalog'), ...problems(401) },
});

const createAccessRequestRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/access-requests',
  tags: ['Mandates'],
  summary: 'Request activation codes for a section: the holder code and delegate codes are posted to the company (R25); administrators only',
  security: bearer,
  request: { params: spaceParams, headers: idempotencyHeader, body: body(AccessRequestSchema) },
  responses: { 201: jsonContent(AccessRequestAnswerSchema, 'The mandate, requested'), ...problems(401, 403, 404, 422, 429, 503) },
});

const enterCodeRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/activation-codes',
  tags: ['Mandates'],
  summary: 'Register an activation code (R29, R30); any member of any role (R37)',
  security: bearer,
  request: { params: spaceParams, body: body(ActivationSchema) },
  responses: { 200: jsonContent(ActivationAnswerSchema, 'What the code gave this space'), ...problems(401, 404, 409, 410, 422, 429, 503) },
});

const listMandatesRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandates',
  tags: ['Mandates'],
  summary: 'Mandates this space gave and received (R31); every member sees them (R36)',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(z.object({ given: z.array(MandateSchema), received: z.array(MandateSchema) }).openapi('MandateLists'), 'Given and received'), ...problems(401, 404, 422) },
});

const revokeMandateRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandates/{mandateId}/revoke',
  tags: ['Mandates'],
  summary: 'Revoke a mandate this space gave; its delegates lose access at once (R32)',
  security: bearer,
  request: { params: mandateParams },
  responses: { 200: jsonContent(MandateSchema, 'The revoked mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const patchMandate = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}/mandates/{mandateId}',
  tags: ['Mandates'],
  summary: 'Change the end date of use (R34); null removes it',
  security: bearer,
  request: { params: mandateParams, body: body(MandateEndDateSchema) },
  responses: { 200: jsonContent(MandateSchema, 'The mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const changeDelegateCodesRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandates/{mandateId}/delegate-codes',
  tags: ['Mandates'],
  summary: 'New delegate codes by post, with their own activation deadline; unused delegate codes become void, registered delegates keep their access (R32, R34)',
  security: bearer,
  request: { params: mandateParams, headers: idempotencyHeader, body: body(DelegateCodesChangeSchema) },
  responses: { 200: jsonContent(MandateSchema, 'The mandate with its new letters'), ...problems(401, 403, 404, 409, 422, 429, 503) },
});

const revokeDelegateRoute = createRoute({
  method: 'delete',
  path: '/spaces/{spaceId}/mandates/{mandateId}/delegates/{delegateSpaceId}',
  tags: ['Mandates'],
  summary: "End one delegate's access (R32); the mandate and the other delegates stay; administrators only",
  security: bearer,
  request: { params: mandateParams.extend({ delegateSpaceId: UuidParam('delegateSpaceId') }) },
  responses: { 204: { description: 'The delegation ended' }, ...problems(401, 403, 404, 409, 422, 503) },
});

const staffPatchMandate = createRoute({
  method: 'patch',
  path: '/staff/mandates/{mandateId}',
  tags: ['Staff'],
  summary: "Staff of the section's administering authority set the activation deadline and the end date of use (R34); other staff get 404",
  security: bearer,
  request: {
    params: staffMandateParams,
    body: body(StaffMandateChangeSchema),
  },
  responses: { 200: jsonContent(MandateSchema, 'The mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const listMandatorsRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandators',
  tags: ['Mandates'],
  summary: 'The companies this space acts for through active delegations (R27, R28, R35)',
  security: bearer,
  request: { params: spaceParams, query: PageQuery },
  responses: { 200: jsonContent(pageOf(MandatorSchema, 'MandatorPage'), 'Page of mandators, oldest delegation first'), ...problems(401, 404, 422) },
});

export const mandateRoutes = createRouter()
  .openapi(listSections, (c) => c.json(sectionCatalog(), 200))
  .openapi(createAccessRequestRoute, async (c) => c.json(await requestAccess(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json')), 201))
  .openapi(enterCodeRoute, async (c) => c.json(await enterActivationCode(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json').code), 200))
  .openapi(listMandatesRoute, async (c) => c.json(await listMandates(requesterOf(c), c.req.valid('param').spaceId), 200))
  .openapi(revokeMandateRoute, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    return c.json(await revokeMandate(requesterOf(c), spaceId, mandateId), 200);
  })
  .openapi(patchMandate, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    return c.json(await changeEndDate(requesterOf(c), spaceId, mandateId, c.req.valid('json').endDate), 200);
  })
  .openapi(changeDelegateCodesRoute, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    return c.json(await changeDelegateCodes(requesterOf(c), spaceId, mandateId, c.req.valid('json').delegateCodes), 200);
  })
  .openapi(revokeDelegateRoute, async (c) => {
    const { spaceId, mandateId, delegateSpaceId } = c.req.valid('param');
    await revokeDelegate(requesterOf(c), spaceId, mandateId, delegateSpaceId);
    return c.body(null, 204);
  })
  .openapi(listMandatorsRoute, async (c) => c.json(await listMandators(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200))
  .openapi(staffPatchMandate, async (c) => c.json(await staffChangeMandate(requesterOf(c), c.req.valid('param').mandateId, c.req.valid('json')), 200));
