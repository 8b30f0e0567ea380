// Certification requests, space side (R20, R21): administrators submit, supplement and withdraw; every member
// reads requests and certifications. The API validates and stores the documents (never in workflow history),
// then hands the lifecycle to the certification workflow: started with update-with-start (so the caller gets the
// recorded request or a 409), then driven by updates whose validators answer 409 without touching history.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { certificationRequests } from '../../platform/db/schema';
import { certificationDocumentsFromJson, certificationDocumentsJson, certificationRequestViews, findCertificationRequest, hasOpenCertificationRequest, toCertificationRequestView, type CertificationRequestRow } from './store';
import { findSpace, isCertifiedFor, spaceCertificationViews } from '../spaces/store';
import { rowFromJson } from '../../platform/db/sql';
import { ACTIVITY_FIELDS, findActivityField, staffMailAddress } from '../../domain/certification';
import type { Language } from '../../domain/language';
import { AUTHORITY, COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { certificationSupplementUpdate, certificationWithdrawUpdate, certificationWorkflowId, type CertificationWorkflowInput } from './contract';
import type { AppEnv } from '../../platform/http/env';
import { currentActor, currentPerson, readPageAsMember, requireAdministrator, requireMembership } from '../../platform/http/auth';
import { derivedUuid } from '../../platform/temporal/ids';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError, notFound } from '../../domain/errors';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { sendUpdate } from '../../platform/temporal/updates';
import { startProcess } from '../../platform/temporal/process-start';
import { recordCertificationRequest } from './store';
import { activityFieldDocumentsRule, decodeDocuments, deleteDocuments, DocumentsInputSchema, requireEveryDocument, storeDocuments } from './documents';
import { CertificationRequestSchema, CertificationStatusSchema, SpaceCertificationSchema } from './schemas';
import { nonBlankText } from '../../platform/http/schemas';

const CreateCertificationRequestSchema = z
  .object({
    activityField: z.enum(ACTIVITY_FIELDS.map((field) => field.code) as [string, ...string[]]).openapi({ description: 'A code from GET /catalog/activity-fields', example: ACTIVITY_FIELDS[0]!.code }),
    documents: DocumentsInputSchema,
    note: nonBlankText(4000).optional(),
  })
  .strict()
  .openapi('CreateCertificationRequest', activityFieldDocumentsRule());

const SupplementSchema = z.object({ documents: DocumentsInputSchema }).strict().openapi('CertificationSupplement');

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

const listCertifications = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/certifications',
  tags: ['Certification'],
  summary: 'What the space is certified for: activity fields (by request) and sections (by activation code)',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(z.array(SpaceCertificationSchema), 'The certifications, oldest first'), ...problems(401, 404, 422) },
});

function activityFieldOrFail(code: string) {
  const field = findActivityField(code);
  if (!field) {
    throw new DomainError('validation_failed', `activityField: unknown activity field "${code}"; see GET /catalog/activity-fields.`, {
      errors: [{ path: 'activityField', message: `unknown activity field; one of ${ACTIVITY_FIELDS.map((f) => f.code).join(', ')}` }],
    });
  }
  return field;
}

async function spaceRequest(c: Context<AppEnv>, spaceId: string, requestId: string): Promise<CertificationRequestRow> {
  const request = await findCertificationRequest(c.get('deps').db, requestId);
  if (!request || request.spaceId !== spaceId) throw notFound('The certification request');
  return request;
}

const closed = (request: CertificationRequestRow) => new DomainError('already_decided', `The certification request is ${request.status}.`);

export const certificationRoutes = createRouter();

certificationRoutes
  .openapi(createRequest, async (c) => {
    const { spaceId } = c.req.valid('param');
    const body = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, 'request a certification');
    const field = activityFieldOrFail(body.activityField);
    const documents = decodeDocuments(field, body.documents);
    requireEveryDocument(field, documents);
    const { db, config } = c.get('deps');
    const actor = currentActor(c);
    const named = { params: (language: Language) => ({ activityFieldName: field.names[language] }) };
    const alreadyCertified = () => new DomainError('already_certified', `The space is already certified for ${field.code}.`, named);
    const pending = () => new DomainError('certification_pending', `A request for ${field.code} is already open in this space.`, named);
    // Stored before the start: contents must not travel through workflow history. Ids derive from the request id,
    // so a retry reuses them; the recording removes them if it refuses the request.
    const inputOf = async (requestId: string): Promise<CertificationWorkflowInput> => ({
      requestId,
      spaceId,
      activityField: field.code,
      authority: field.authority,
      note: body.note ?? null,
      documents: await storeDocuments(
        db,
        requestId,
        actor.personId,
        documents,
        documents.map((_document, index) => derivedUuid('certification-document', requestId, String(index))),
      ),
      requestedBy: actor,
      staffEmail: staffMailAddress(field.authority, config.staffMailDomain),
      timings: { supplementDeadlineMs: config.lifecycle.certificationSupplementDeadlineMs, staffSlaMs: config.lifecycle.certificationStaffSlaMs },
    });
    let input: CertificationWorkflowInput | undefined;
    const view = await startProcess(c, {
      kind: 'certification-request',
      scope: [spaceId],
      request: body,
      precheck: async () => {
        if (await isCertifiedFor(db, spaceId, field.code)) throw alreadyCertified();
        if (await hasOpenCertificationRequest(db, spaceId, field.code)) throw pending();
      },
      workflow: async (requestId) => {
        input = await inputOf(requestId);
        const space = (await findSpace(db, spaceId))!;
        return {
          type: 'certificationWorkflow',
          workflowId: certificationWorkflowId(requestId),
          args: [input],
          searchAttributes: [
            { key: SPACE_ID, value: spaceId },
            { key: COMPANY_NAME, value: space.companyName },
            { key: AUTHORITY, value: field.authority },
            { key: PROCESS_STATUS, value: 'submitted' },
          ],
          summary: `Certification of ${space.companyName} (space "${space.name}") for ${field.names.en}, decided by ${field.authority}`,
          // No names (of people or files): summaries stay free of personal data even though they are sealed.
          details: `Requested by person ${actor.personId}. Space ${spaceId}. ${input.documents.length} document(s).`,
        };
      },
      record: async (requestId) => {
        const result = await recordCertificationRequest(db, input ?? (await inputOf(requestId)));
        if (result.outcome === 'refused') throw result.code === 'already_certified' ? alreadyCertified() : pending();
        return result.request;
      },
    });
    c.get('log').info({ requestId: view.id, spaceId, activityField: field.code }, 'certification requested');
    return c.json(view, 201);
  })
  .openapi(listRequests, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    const after = decodeCursor(cursor);
    // The caller's rights, the page and each request's documents in one round trip.
    const query = c
      .get('deps')
      .db.select({ ...getTableColumns(certificationRequests), documents: certificationDocumentsJson(sql`${certificationRequests}.${sql.identifier(certificationRequests.id.name)}`).as('documents') })
      .from(certificationRequests)
      .where(
        and(
          eq(certificationRequests.spaceId, spaceId),
          status ? eq(certificationRequests.status, status) : undefined,
          keysetAfter(certificationRequests.createdAt, certificationRequests.id, after),
        ),
      )
      .orderBy(asc(certificationRequests.createdAt), asc(certificationRequests.id))
      .limit(limit + 1);
    const { rows } = await readPageAsMember<Record<string, unknown> & { documents: Record<string, unknown>[] }>(c, spaceId, query.getSQL(), sql`created_at, id`);
    const requests = rows.map((json) => ({ row: rowFromJson(certificationRequests, json), documents: certificationDocumentsFromJson(json.documents) }));
    const page = toPage(requests, limit, ({ row }) => ({ at: row.createdAt.toISOString(), id: row.id }));
    return c.json({ items: page.items.map(({ row, documents }) => toCertificationRequestView(row, documents)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    const request = await spaceRequest(c, spaceId, requestId);
    const [view] = await certificationRequestViews(c.get('deps').db, [request]);
    return c.json(view!, 200);
  })
  .openapi(supplementRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    const body = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, 'answer a request for information');
    const request = await spaceRequest(c, spaceId, requestId);
    const field = activityFieldOrFail(request.activityField);
    const documents = decodeDocuments(field, body.documents);
    if (request.status !== 'information_requested') throw new DomainError('information_not_requested', `The certification request is ${request.status}; no information is requested.`);
    const { db, temporal } = c.get('deps');
    const refs = await storeDocuments(
      db,
      requestId,
      currentPerson(c).id,
      documents,
      documents.map(() => randomUUID()),
    );
    try {
      const view = await sendUpdate(
      c,
        () => temporal.client.workflow.getHandle(certificationWorkflowId(requestId)).executeUpdate(certificationSupplementUpdate, { args: [{ actor: currentActor(c), documents: refs }] }),
        () => new DomainError('information_not_requested', `The certification request is ${request.status}; no information is requested.`),
      );
      return c.json(view, 200);
    } catch (error) {
      // Refused (deadline passed, withdrawn meanwhile): the documents belong to no supplement.
      await deleteDocuments(db, refs.map((ref) => ref.id));
      throw error;
    }
  })
  .openapi(withdrawRequest, async (c) => {
    const { spaceId, requestId } = c.req.valid('param');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, 'withdraw a certification request');
    const request = await spaceRequest(c, spaceId, requestId);
    const { client } = c.get('deps').temporal;
    const view = await sendUpdate(
      c,
      () => client.workflow.getHandle(certificationWorkflowId(requestId)).executeUpdate(certificationWithdrawUpdate, { args: [{ actor: currentActor(c) }] }),
      () => closed(request),
    );
    return c.json(view, 200);
  })
  .openapi(listCertifications, async (c) => {
    const { spaceId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    return c.json(await spaceCertificationViews(c.get('deps').db, spaceId), 200);
  });
