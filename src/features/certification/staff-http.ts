// Administration staff (R21): a token with the `staff` claim sees and decides the certification requests of its
// own authority only. Requests of another authority answer 404, as if they did not exist.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { certificationDocuments, certificationRequests, spaces } from '../../platform/db/schema';
import { certificationRequestViews, findCertificationRequest, type CertificationRequestRow } from './store';
import { type SpaceRow } from '../spaces/store';
import { certificationDecisionUpdate, certificationWorkflowId, type StaffActor } from './contract';
import type { AppEnv } from '../../platform/http/env';
import { currentPerson, staffAuthority } from '../../platform/http/auth';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError, notFound } from '../../domain/errors';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { sendUpdate } from '../../platform/temporal/updates';
import { CertificationRequestSchema, CertificationStatusSchema, DecisionSchema, StaffCertificationRequestSchema } from './schemas';

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

async function authorityRequest(c: Context<AppEnv>, requestId: string): Promise<CertificationRequestRow> {
  const request = await findCertificationRequest(c.get('deps').db, requestId);
  if (!request || request.authority !== staffAuthority(c)) throw notFound('The certification request');
  return request;
}

async function staffViews(c: Context<AppEnv>, rows: { request: CertificationRequestRow; space: SpaceRow }[]) {
  const views = await certificationRequestViews(
    c.get('deps').db,
    rows.map((row) => row.request),
  );
  return views.map((view, index) => {
    const space = rows[index]!.space;
    return { ...view, space: { id: space.id, name: space.name, companyName: space.companyName, companyRegistrationNumber: space.companyRegistrationNumber } };
  });
}

export const staffRoutes = createRouter()
  .openapi(listRequests, async (c) => {
    const authority = staffAuthority(c);
    const { limit, cursor, status } = c.req.valid('query');
    const after = decodeCursor(cursor);
    const rows = await c
      .get('deps')
      .db.select({ request: certificationRequests, space: spaces })
      .from(certificationRequests)
      .innerJoin(spaces, eq(spaces.id, certificationRequests.spaceId))
      .where(
        and(
          eq(certificationRequests.authority, authority),
          status ? eq(certificationRequests.status, status) : undefined,
          keysetAfter(certificationRequests.createdAt, certificationRequests.id, after),
        ),
      )
      .orderBy(asc(certificationRequests.createdAt), asc(certificationRequests.id))
      .limit(limit + 1);
    const page = toPage(rows, limit, (row) => ({ at: row.request.createdAt.toISOString(), id: row.request.id }));
    return c.json({ items: await staffViews(c, page.items), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getRequest, async (c) => {
    const request = await authorityRequest(c, c.req.valid('param').requestId);
    const [space] = await c.get('deps').db.select().from(spaces).where(eq(spaces.id, request.spaceId));
    const [view] = await staffViews(c, [{ request, space: space! }]);
    return c.json(view!, 200);
  })
  .openapi(getDocument, async (c) => {
    const { requestId, documentId } = c.req.valid('param');
    await authorityRequest(c, requestId);
    const [document] = await c
      .get('deps')
      .db.select()
      .from(certificationDocuments)
      .where(and(eq(certificationDocuments.id, documentId), eq(certificationDocuments.requestId, requestId)));
    if (!document) throw notFound('The document');
    const filename = document.name.replace(/[^\w.-]+/g, '_');
    return new Response(new Uint8Array(document.content), {
      status: 200,
      headers: { 'content-type': document.contentType, 'content-disposition': `attachment; filename="${filename}"`, 'x-content-type-options': 'nosniff' },
    });
  })
  .openapi(decide, async (c) => {
    const { requestId } = c.req.valid('param');
    const { decision, reason } = c.req.valid('json');
    const request = await authorityRequest(c, requestId);
    const person = currentPerson(c);
    const staff: StaffActor = { personId: person.id, name: person.name, authority: staffAuthority(c) };
    const view = await sendUpdate(
      c,
      () => c.get('deps').temporal.client.workflow.getHandle(certificationWorkflowId(requestId)).executeUpdate(certificationDecisionUpdate, { args: [{ staff, decision, reason: reason ?? null }] }),
      () => new DomainError('already_decided', `The certification request is ${request.status}.`),
    );
    return c.json(view, 200);
  });
