// Certification requests over HTTP, space side (R20, R21): thin routes over use-cases.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { maxDocumentUploadBodyBytes } from '../../domain/certification';
import { DomainError } from '../../domain/errors';
import { requesterOf } from '../../platform/http/tokens';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { CertificationSchema } from '../spaces/schemas';
import { CertificationRequestSchema, CertificationStatusSchema, CreateCertificationRequestSchema, SupplementSchema } from './schemas';
import {
  getCertificationRequest,
  listCertificationRequests,
  listCertifications,
  requestCertification,
  supplementCertificationRequest,
  withdrawCertificationRequest,
} from './use-cases';

const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const requestParams = z.object({ spaceId: UuidParam('spaceId'), requestId: UuidParam('requestId') });

const createRequest = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/certification-requests',
  tags: ['Certification'],
  summary: 'Ask the deciding authority to certify the space for an activity field (R21); administrators only',
  description:
    'Documents are checked against the activity field (accepted content types, size and count limits) before anything is stored; each required document (`requiredDocuments`) is sent with its code as `kind`, else 422 `missing_documents` names the missing ones. 409 `already_certified` or `certification_pending` when the field is certified or has an open request.',
  security: bearer,
  request: { params: spaceParams, headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: CreateCertificationRequestSchema } } } },
  responses: { 201: jsonContent(CertificationRequestSchema, 'The submitted request; the authority’s staff are notified'), ...problems(401, 403, 404, 409, 413, 422, 503) },
});

const listRequests = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/certification-requests',
  tags: ['Certification'],
  summary: "The space's certification requests, oldest first",
  security: bearer,
  request: { params: spaceParams, query: PageQuery.extend({ status: CertificationStatusSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(CertificationRequestSchema, 'CertificationRequestPage'), 'Page of requests'), ...problems(401, 404, 422) },
});

const getRequest = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/certification-requests/{requestId}',
  tags: ['Certification'],
  summary: 'One certification request',
  security: bearer,
  request: { params: requestParams },
  responses: { 200: jsonContent(CertificationRequestSchema, 'The request'), ...problems(401, 404, 422) },
});

const supplementRequest = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/certification-requests/{requestId}/documents',
  tags: ['Certification'],
  summary: 'Answer a request for information with further documents; administrators only',
  description: 'The request goes back to the staff for a decision. 409 `information_not_requested` unless information is requested.',
  security: bearer,
  request: { params: requestParams, body: { required: true, content: { 'application/json': { schema: SupplementSchema } } } },
  responses: { 200: jsonContent(CertificationRequestSchema, 'The request, awaiting a decision again'), ...problems(401, 403, 404, 409, 413, 422, 503) },
});

const withdrawRequest = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/certification-requests/{requestId}/withdraw',
  tags: ['Certification'],
  summary: 'Withdraw an open certification request; administrators only',
  security: bearer,
  request: { params: requestParams },
  responses: { 200: jsonContent(CertificationRequestSchema, 'The withdrawn request'), ...problems(401, 403, 404, 409, 422, 503) },
});

const listCertificationsRoute = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/certifications',
  tags: ['Certification'],
  summary: 'What the space is certified for: activity fields (by request) and sections (by activation code)',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(z.array(CertificationSchema), 'The certifications, oldest first'), ...problems(401, 404, 422) },
});

/** The routes whose bodies carry documents. */
export const DOCUMENT_UPLOAD_PATH = /^\/spaces\/[^/]+\/certification-requests(\/[^/]+\/documents)?$/;

/** Bounds the bodies that carry documents: the largest legitimate upload, and not a byte more. */
export const documentBodyLimit = bodyLimit({
  maxSize: maxDocumentUploadBodyBytes(),
  onError: () => {
    throw new DomainError('payload_too_large', `The body exceeds ${maxDocumentUploadBodyBytes()} bytes; send fewer or smaller documents.`);
  },
});

export const certificationRoutes = createRouter()
  .openapi(createRequest, async (c) => c.json(await requestCertification(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('json')), 201))
  .openapi(listRequests, async (c) => c.json(await listCertificationRequests(requesterOf(c), c.req.valid('param').spaceId, c.req.valid('query')), 200))
  .openapi(getRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    return c.json(await getCertificationRequest(requesterOf(c), spaceId, requestId), 200);
  })
  .openapi(supplementRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    return c.json(await supplementCertificationRequest(requesterOf(c), spaceId, requestId, c.req.valid('json')), 200);
  })
  .openapi(withdrawRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    return c.json(await withdrawCertificationRequest(requesterOf(c), spaceId, requestId), 200);
  })
  .openapi(listCertificationsRoute, async (c) => c.json(await listCertifications(requesterOf(c), c.req.valid('param').spaceId), 200));
