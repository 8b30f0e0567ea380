// Spaces over HTTP: thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { LanguageSchema } from '../../platform/schemas';
import { CreateSpaceSchema, SpaceSchema } from './schemas';
import { createSpace, getSpace, listMySpaces, setProcedureLanguage } from './use-cases';

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });

const createSpaceRoute = createRoute({
  method: 'post',
  path: '/spaces',
  tags: ['Spaces'],
  summary: 'Create a professional space; I become its first administrator',
  security: bearer,
  request: { body: { required: true, content: { 'application/json': { schema: CreateSpaceSchema } } } },
  responses: { 201: jsonContent(SpaceSchema, 'The new space'), ...problems(401, 422) },
});

const listSpaces = createRoute({
  method: 'get',
  path: '/spaces',
  tags: ['Spaces'],
  summary: 'Spaces where I am an active member',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(SpaceSchema, 'SpacePage'), 'Page of spaces'), ...problems(401, 422) },
});

const getSpaceRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}',
  tags: ['Spaces'],
  summary: 'One space with its procedure language and certifications',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(SpaceSchema, 'The space'), ...problems(401, 404, 422) },
});

const patchSpace = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}',
  tags: ['Spaces'],
  summary: 'Set the procedure language, once (R44–R46)',
  security: bearer,
  request: { params: spaceParams, body: { required: true, content: { 'application/json': { schema: z.object({ procedureLanguage: LanguageSchema }).strict() } } } },
  responses: { 200: jsonContent(SpaceSchema, 'The space'), ...problems(401, 403, 404, 409, 422) },
});

export const spaceRoutes = createRouter()
  .openapi(createSpaceRoute, async (c) => c.json(await createSpace(requesterOf(c), c.req.valid('json')), 201))
  .openapi(listSpaces, async (c) => c.json(await listMySpaces(requesterOf(c), c.req.valid('query')), 200))
  .openapi(getSpaceRoute, async (c) => c.json(await getSpace(requesterOf(c), c.req.valid('param').spaceId), 200))
  .openapi(patchSpace, async (c) => c.json(await setProcedureLanguage(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json').procedureLanguage), 200));
