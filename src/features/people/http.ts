// My profile over HTTP (R2, R40, R41): thin routes over use-cases.ts.
import { createRoute } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, problems } from '../../platform/http/router';
import { MeSchema, ProfileChangeSchema } from './schemas';
import { changeMe, me } from './use-cases';

const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Profile'],
  summary: 'My profile; the first call registers me (language from Accept-Language, else French)',
  security: bearer,
  responses: { 200: jsonContent(MeSchema, 'Me'), ...problems(401) },
});

const patchMe = createRoute({
  method: 'patch',
  path: '/me',
  tags: ['Profile'],
  summary: 'Change my user language (R40) or my e-mail address',
  security: bearer,
  request: { body: { required: true, content: { 'application/json': { schema: ProfileChangeSchema } } } },
  responses: { 200: jsonContent(MeSchema, 'Me'), ...problems(401, 422) },
});

export const meRoutes = createRouter()
  .openapi(getMe, async (c) => c.json(await me(requesterOf(c)), 200))
  .openapi(patchMe, async (c) => c.json(await changeMe(requesterOf(c), c.req.valid('json')), 200));
