// Certification (R20, R21): the one home of each rule of a request. A space's administrators submit, supplement and
// withdraw; every member reads requests and certifications; staff of the deciding authority see and decide the
// requests of their own authority only (another's answer 404). Documents are stored here, never in workflow
// history; the certification workflow owns the lifecycle and answers its updates through validators.
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { ACTIVITY_FIELDS, findActivityField, staffMailAddress, type ActivityField } from '../../domain/certification';
import { DomainError, invalid, notFound } from '../../domain/errors';
import type { Language } from '../../domain/language';
import { certificationDocuments, certificationRequests, spaces } from '../../platform/db/schema';
import { rowFromJson } from '../../platform/db/sql';
import { decodeCursor, keysetAfter, toPage, type Page, type PageRequest } from '../../platform/pagination';
import { staffAuthority, type Requester } from '../../platform/requester';
import { derivedUuid } from '../../platform/temporal/ids';
import { startProcess } from '../../platform/temporal/process-start';
import { AUTHORITY, COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { updateProcess } from '../../platform/temporal/updates';
import { actorOf, personOf } from '../people/use-cases';
import { readPageAsMember, requireAdministrator, requireMembership } from '../spaces/access';
import type { CertificationView } from '../spaces/schemas';
import { findSpace, isCertifiedFor, spaceCertificationViews, type SpaceRow } from '../spaces/store';
import {
  certificationDecisionUpdate,
  certificationSupplementUpdate,
  certificationWithdrawUpdate,
  certificationWorkflowId,
  type CertificationWorkflowInput,
  type StaffActor,
} from './contract';
import { decodeDocuments, deleteDocuments, requireEveryDocument, storeDocuments, type DocumentInput } from './documents';
import type { CertificationDecisionRequest, CertificationRequestView, CreateCertificationRequest, StaffCertificationRequestView } from './schemas';
import {
  certificationDocumentsFromJson,
  certificationDocumentsJson,
  certificationRequestViews,
  findCertificationRequest,
  hasOpenCertificationRequest,
  recordCertificationRequest,
  toCertificationRequestView,
  type CertificationRequestRow,
} from './store';

function activityFieldOrFail(code: string): ActivityField {
  const field = findActivityField(code);
  if (!field) throw invalid([{ path: 'activityField', message: `unknown activity field; one of ${ACTIVITY_FIELDS.map((f) => f.code).join(', ')}` }]);
  return field;
}

async function spaceRequest(requester: Requester, spaceId: string, requestId: string): Promise<CertificationRequestRow> {
  const request = await findCertificationRequest(requester.deps.db, requestId);
  if (!request || request.spaceId !== spaceId) throw notFound('The certification request');
  return request;
}

const closed = (request: CertificationRequestRow) => new DomainError('already_decided', `The certification request is ${request.status}.`);
const notRequested = (request: CertificationRequestRow) => new DomainError('information_not_requested', `The certification request is ${request.status}; no information is requested.`);

/** R21: an administrator asks the deciding authority to certify the space, with every required document. */
export async function requestCertification(requester: Requester, spaceId: string, body: CreateCertificationRequest): Promise<CertificationRequestView> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'request a certification');
  const field = activityFieldOrFail(body.activityField);
  const documents = decodeDocuments(field, body.documents);
  requireEveryDocument(field, documents);
  const { db, config } = requester.deps;
  const actor = await actorOf(requester);
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
  const view = await startProcess(requester, {
    owner: actor.personId,
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
  requester.log.info({ requestId: view.id, spaceId, activityField: field.code }, 'certification requested');
  return view;
}

/** The space's requests, oldest first, each with its documents: the caller's rights, page and documents in one round trip. */
export async function listCertificationRequests(requester: Requester, spaceId: string, query: PageRequest & { status?: CertificationRequestView['status'] | undefined }): Promise<Page<CertificationRequestView>> {
  const after = decodeCursor(query.cursor);
  const page = requester.deps.db
    .select({ ...getTableColumns(certificationRequests), documents: certificationDocumentsJson(sql`${certificationRequests}.${sql.identifier(certificationRequests.id.name)}`).as('documents') })
    .from(certificationRequests)
    .where(
      and(
        eq(certificationRequests.spaceId, spaceId),
        query.status ? eq(certificationRequests.status, query.status) : undefined,
        keysetAfter(certificationRequests.createdAt, certificationRequests.id, after),
      ),
    )
    .orderBy(asc(certificationRequests.createdAt), asc(certificationRequests.id))
    .limit(query.limit + 1);
  const { rows } = await readPageAsMember<Record<string, unknown> & { documents: Record<string, unknown>[] }>(requester, spaceId, page.getSQL(), sql`created_at, id`);
  const requests = rows.map((json) => ({ row: rowFromJson(certificationRequests, json), documents: certificationDocumentsFromJson(json.documents) }));
  const { items, nextCursor } = toPage(requests, query.limit, ({ row }) => ({ at: row.createdAt.toISOString(), id: row.id }));
  return { items: items.map(({ row, documents }) => toCertificationRequestView(row, documents)), nextCursor };
}

export async function getCertificationRequest(requester: Requester, spaceId: string, requestId: string): Promise<CertificationRequestView> {
  await requireMembership(requester, spaceId);
  const [view] = await certificationRequestViews(requester.deps.db, [await spaceRequest(requester, spaceId, requestId)]);
  return view!;
}

/** The answer to a request for information: further documents, and the request goes back to the staff. */
export async function supplementCertificationRequest(requester: Requester, spaceId: string, requestId: string, body: { documents: DocumentInput[] }): Promise<CertificationRequestView> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'answer a request for information');
  const request = await spaceRequest(requester, spaceId, requestId);
  const documents = decodeDocuments(activityFieldOrFail(request.activityField), body.documents);
  if (request.status !== 'information_requested') throw notRequested(request);
  const { db } = requester.deps;
  const actor = await actorOf(requester);
  const refs = await storeDocuments(
    db,
    requestId,
    actor.personId,
    documents,
    documents.map(() => randomUUID()),
  );
  try {
    return await updateProcess(requester, certificationWorkflowId(requestId), certificationSupplementUpdate, { args: [{ actor, documents: refs }] }, () => notRequested(request));
  } catch (error) {
    // Refused (deadline passed, withdrawn meanwhile): the documents belong to no supplement.
    await deleteDocuments(db, refs.map((ref) => ref.id));
    throw error;
  }
}

export async function withdrawCertificationRequest(requester: Requester, spaceId: string, requestId: string): Promise<CertificationRequestView> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'withdraw a certification request');
  const request = await spaceRequest(requester, spaceId, requestId);
  const actor = await actorOf(requester);
  return updateProcess(requester, certificationWorkflowId(requestId), certificationWithdrawUpdate, { args: [{ actor }] }, () => closed(request));
}

/** R22: what the space is certified for, by request and by activation code; every member sees it (R36). */
export async function listCertifications(requester: Requester, spaceId: string): Promise<CertificationView[]> {
  await requireMembership(requester, spaceId);
  return spaceCertificationViews(requester.deps.db, spaceId);
}

// ——— Staff (R21): their own authority only ———

async function authorityRequest(requester: Requester, requestId: string): Promise<CertificationRequestRow> {
  const request = await findCertificationRequest(requester.deps.db, requestId);
  if (!request || request.authority !== staffAuthority(requester)) throw notFound('The certification request');
  return request;
}

async function staffViews(requester: Requester, rows: { request: CertificationRequestRow; space: SpaceRow }[]): Promise<StaffCertificationRequestView[]> {
  const views = await certificationRequestViews(
    requester.deps.db,
    rows.map((row) => row.request),
  );
  return views.map((view, index) => {
    const space = rows[index]!.space;
    return { ...view, space: { id: space.id, name: space.name, companyName: space.companyName, companyRegistrationNumber: space.companyRegistrationNumber } };
  });
}

export async function staffRequests(requester: Requester, query: PageRequest & { status?: CertificationRequestView['status'] | undefined }): Promise<Page<StaffCertificationRequestView>> {
  const authority = staffAuthority(requester);
  const after = decodeCursor(query.cursor);
  const rows = await requester.deps.db
    .select({ request: certificationRequests, space: spaces })
    .from(certificationRequests)
    .innerJoin(spaces, eq(spaces.id, certificationRequests.spaceId))
    .where(
      and(
        eq(certificationRequests.authority, authority),
        query.status ? eq(certificationRequests.status, query.status) : undefined,
        keysetAfter(certificationRequests.createdAt, certificationRequests.id, after),
      ),
    )
    .orderBy(asc(certificationRequests.createdAt), asc(certificationRequests.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.request.createdAt.toISOString(), id: row.request.id }));
  return { items: await staffViews(requester, page.items), nextCursor: page.nextCursor };
}

export async function staffRequest(requester: Requester, requestId: string): Promise<StaffCertificationRequestView> {
  const request = await authorityRequest(requester, requestId);
  const space = (await findSpace(requester.deps.db, request.spaceId))!;
  return (await staffViews(requester, [{ request, space }]))[0]!;
}

/** A supporting document, for staff of the request's authority. */
export async function staffDocument(requester: Requester, requestId: string, documentId: string): Promise<{ name: string; contentType: string; content: Uint8Array }> {
  await authorityRequest(requester, requestId);
  const [document] = await requester.deps.db
    .select()
    .from(certificationDocuments)
    .where(and(eq(certificationDocuments.id, documentId), eq(certificationDocuments.requestId, requestId)));
  if (!document) throw notFound('The document');
  return { name: document.name, contentType: document.contentType, content: new Uint8Array(document.content) };
}

/** Approve, reject (with a reason) or request information (with a message). */
export async function decideCertificationRequest(requester: Requester, requestId: string, { decision, reason }: CertificationDecisionRequest): Promise<CertificationRequestView> {
  const request = await authorityRequest(requester, requestId);
  const person = await personOf(requester);
  const staff: StaffActor = { personId: person.id, name: person.name, authority: staffAuthority(requester) };
  return updateProcess(requester, certificationWorkflowId(requestId), certificationDecisionUpdate, { args: [{ staff, decision, reason: reason ?? null }] }, () => closed(request));
}
