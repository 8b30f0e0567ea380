// Procedures over HTTP (R12–R14, R20, R35, R42–R45): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { CreateProcedureSchema, ProcedureTypeCodeSchema, PatchProcedureSchema, ProcedureSchema, ProcedureStatusSchema, ProcedureTypeSchema } from './schemas';
import { pdfResponse } from './pdf';
import { advanceProcedure, createProcedure, editProcedure, getProcedure, listProcedures, procedureCatalog, procedurePdf } from './use-cases';

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const procedureParams = z.object({ spaceId: UuidParam('spaceId'), procedureId: UuidParam('procedureId') });

// ——— Routes ———

const listCatalog = createRoute({
  method: 'get',
  path: '/catalog/procedures',
  tags: ['Procedures'],
  summary: 'Procedure types with their section, languages (R43) and required certification (R20)',
  security: bearer,
  responses: { 200: jsonContent(z.array(ProcedureTypeSchema), 'The catalog'), ...problems(401) },
});

const createProcedureRoute = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/procedures',
  tags: ['Procedures'],
  summary: 'Start a procedure as a draft; needs editProcedures',
  description:
    "The language is the space's procedure language, else mine (R44, R45); a type not offered in it falls back to French, then German, then English, and `languageFallback` says so (R43). 403 `certification_required` when the type needs a certification the space lacks (R20); 403 `mandate_required` for `onBehalfOf` without a mandate (R35).",
  security: bearer,
  request: { params: spaceParams, headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: CreateProcedureSchema } } } },
  responses: { 201: jsonContent(ProcedureSchema, 'The draft'), ...problems(401, 403, 404, 422, 503) },
});

const listProceduresRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/procedures',
  tags: ['Procedures'],
  summary: "The space's procedures, oldest first",
  security: bearer,
  request: { params: spaceParams, query: PageQuery.extend({ status: ProcedureStatusSchema.optional(), type: ProcedureTypeCodeSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(ProcedureSchema, 'ProcedurePage'), 'Page of procedures'), ...problems(401, 404, 422) },
});

const getProcedureRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/procedures/{procedureId}',
  tags: ['Procedures'],
  summary: 'One procedure',
  security: bearer,
  request: { params: procedureParams },
  responses: { 200: jsonContent(ProcedureSchema, 'The procedure'), ...problems(401, 404, 422) },
});

const patchProcedure = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}/procedures/{procedureId}',
  tags: ['Procedures'],
  summary: 'Edit the form data of a draft (merge patch: null removes a field); needs editProcedures',
  security: bearer,
  request: { params: procedureParams, body: { required: true, content: { 'application/json': { schema: PatchProcedureSchema } } } },
  responses: { 200: jsonContent(ProcedureSchema, 'The draft'), ...problems(401, 403, 404, 409, 422) },
});

const signProcedure = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/procedures/{procedureId}/sign',
  tags: ['Procedures'],
  summary: 'Sign a draft; needs signProcedures (a member "without signature" gets 403, R14)',
  description: 'The creator is notified by mail in the procedure language (R42). 409 `procedure_not_draft` unless it is a draft.',
  security: bearer,
  request: { params: procedureParams },
  responses: { 200: jsonContent(ProcedureSchema, 'The signed procedure'), ...problems(401, 403, 404, 409, 422, 503) },
});

const submitProcedure = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/procedures/{procedureId}/submit',
  tags: ['Procedures'],
  summary: 'Submit a signed procedure to the administration; needs editProcedures',
  description: 'The creator is notified by mail in the procedure language (R42). 409 `procedure_not_signed` unless it is signed.',
  security: bearer,
  request: { params: procedureParams },
  responses: { 200: jsonContent(ProcedureSchema, 'The submitted procedure'), ...problems(401, 403, 404, 409, 422, 503) },
});

const procedurePdfRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/procedures/{procedureId}/pdf',
  tags: ['Procedures'],
  summary: 'The form as a PDF, in the procedure language (R42)',
  security: bearer,
  request: { params: procedureParams },
  responses: {
    200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problems(401, 404, 422),
  },
});

export const procedureRoutes = createRouter()
  .openapi(listCatalog, (c) => c.json(procedureCatalog(), 200))
  .openapi(createProcedureRoute, async (c) => c.json(await createProcedure(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json')), 201))
  .openapi(listProceduresRoute, async (c) => c.json(await listProcedures(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200))
  .openapi(getProcedureRoute, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    return c.json(await getProcedure(requesterOf(c), spaceId, procedureId), 200);
  })
  .openapi(patchProcedure, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    return c.json(await editProcedure(requesterOf(c), spaceId, procedureId, c.req.valid('json').data), 200);
  })
  .openapi(signProcedure, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    return c.json(await advanceProcedure(requesterOf(c), spaceId, procedureId, 'signed'), 200);
  })
  .openapi(submitProcedure, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    return c.json(await advanceProcedure(requesterOf(c), spaceId, procedureId, 'submitted'), 200);
  })
  .openapi(procedurePdfRoute, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    return pdfResponse(await procedurePdf(requesterOf(c), spaceId, procedureId));
  });
