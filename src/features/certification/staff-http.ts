// Certification requests over HTTP, staff side (R21): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { attachmentResponse } from './documents';
import { CertificationRequestSchema, CertificationStatusSchema, DecisionSchema, StaffCertificationRequestSchema } from './schemas';
import { decideCertificationRequest, staffDocument, staffRequest, staffRequests } from './use-cases';

const requestParams = z.object({ requestId: UuidParam('requestId') });

const listRequests = createRoute({
  method: 'get',
  path: '/staff/certification-requests',
  tags: ['Staff'],
  summary: "Certification requests of my authority, oldest first (staff tokens only)",
  security: bearer,
  request: { query: PageQuery.extend({ status: CertificationStatusSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(StaffCertificationRequestSchema, 'StaffCertificationRequestPage'), 'Page of requests'), ...problems(401, 403, 422) },
});

const getRequest = createRoute({
  method: 'get',
  path: '/staff/certification-requests/{requestId}',
  tags: ['Staff'],
  summary: 'One certification request of my authority',
  security: bearer,
  request: { params: requestParams },
  responses: { 200: jsonContent(StaffCertificationRequestSchema, 'The request'), ...problems(401, 403, 404, 422) },
});

const getDocument = createRoute({
  method: 'get',
  path: '/staff/certification-requests/{requestId}/documents/{documentId}',
  tags: ['Staff'],
  summary: 'Download a supporting document',
  security: bearer,
  request: { params: z.object({ requestId: UuidParam('requestId'), documentId: UuidParam('documentId') }) },
  responses: { 200: { description: 'The document, with its content type' }, ...problems(401, 403, 404, 422) },
});

const decide = createRoute({
  method: 'post',
  path: '/staff/certification-requests/{requestId}/decision',
  tags: ['Staff'],
  summary: 'Approve, reject (with a reason) or request information (with a message)',
  description: '409 `already_decided` unless the request awaits a decision.',
  security: bearer,
  request: { params: requestParams, body: { required: true, content: { 'application/json': { schema: DecisionSchema } } } },
  responses: { 200: jsonContent(CertificationRequestSchema, 'The request after the decision'), ...problems(401, 403, 404, 409, 422, 503) },
});

export const staffRoutes = createRouter()
  .openapi(listRequests, async (c) => c.json(await staffRequests(requesterOf(c), c.req.valid('query')), 200))
  .openapi(getRequest, async (c) => c.json(await staffRequest(requesterOf(c), c.req.valid('param').requestId), 200))
  .openapi(getDocument, async (c) => {
    const { requestId, documentId } = c.req.valid('param');
    return attachmentResponse(await staffDocument(requesterOf(c), requestId, documentId));
  })
  .openapi(decide, async (c) => c.json(await decideCertificationRequest(requesterOf(c), c.req.valid('param').requestId, c.req.valid('json')), 200));
