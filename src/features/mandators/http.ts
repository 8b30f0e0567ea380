// A delegate's mandators over HTTP (R24, R27, R28, R38): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { PROCEDURE_STATUSES } from '../../domain/procedures';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { MandatorDataSchema, MandatorMovedSchema, MandatorMoveSchema } from './schemas';
import { consultMandator, moveMandator } from './use-cases';

const mandatorParams = z.object({ spaceId: UuidParam('spaceId'), mandatorSpaceId: UuidParam('mandatorSpaceId') });

const consultMandatorRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandators/{mandatorSpaceId}',
  tags: ['Mandates'],
  summary: "Consult a mandator's data: its company, its certifications and its procedures of the mandate's section (R24, R28)",
  description:
    'Needs an active mandate whose scope grants `dataConsultation`; a mandate for procedures only → 403 `data_consultation_not_granted`. The procedures are those the mandator filed itself and those any delegate filed on its behalf, in the sections consulted; `limit`, `cursor` and `status` page them.',
  security: bearer,
  request: { params: mandatorParams, query: PageQuery.extend({ status: z.enum(PROCEDURE_STATUSES).optional() }) },
  responses: { 200: jsonContent(MandatorDataSchema, "The mandator's data"), ...problems(401, 403, 404, 422) },
});

const moveMandatorRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandators/{mandatorSpaceId}/move',
  tags: ['Mandates'],
  summary: 'Move a mandator to another space of the same delegate company (R38); administrators of both spaces',
  description:
    'The delegations of this space for that mandator (every section) move to `toSpaceId`, a space of the same company (same registration number) where the caller is an administrator. The procedures it filed for that mandator in the moved sections move along to `toSpaceId`.',
  security: bearer,
  request: {
    params: mandatorParams,
    body: { required: true, content: { 'application/json': { schema: MandatorMoveSchema } } },
  },
  responses: {
    200: jsonContent(MandatorMovedSchema, 'The mandates whose delegation moved'),
    ...problems(401, 403, 404, 422),
  },
});

export const mandatorRoutes = createRouter()
  .openapi(consultMandatorRoute, async (c) => {
    const { spaceId, mandatorSpaceId } = c.req.valid('param');
    return c.json(await consultMandator(requesterOf(c), spaceId, mandatorSpaceId, c.req.valid('query')), 200);
  })
  .openapi(moveMandatorRoute, async (c) => {
    const { spaceId, mandatorSpaceId } = c.req.valid('param');
    return c.json(await moveMandator(requesterOf(c), spaceId, mandatorSpaceId, c.req.valid('json').toSpaceId), 200);
  });
