// The certification request rows and their documents (R20, R21).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { OPEN_CERTIFICATION_STATUSES } from '../../domain/certification';
import type { Executor } from '../../platform/db/client';
import { certificationDocuments, certificationRequests } from '../../platform/db/schema';
import { columnsFromJson, iso } from '../../platform/db/sql';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { isCertifiedFor } from '../spaces/store';
import type { CertificationRegistrationResult, CertificationRequestView, CertificationWorkflowInput } from './contract';


export type CertificationRequestRow = typeof certificationRequests.$inferSelect;
export type CertificationDocumentMeta = Omit<typeof certificationDocuments.$inferSelect, 'content'>;


/** Document metadata only: contents are read one at a time, by whoever downloads them. */
export const documentMetaColumns = {
  id: certificationDocuments.id,
  requestId: certificationDocuments.requestId,
  name: certificationDocuments.name,
  contentType: certificationDocuments.contentType,
  kind: certificationDocuments.kind,
  size: certificationDocuments.size,
  position: certificationDocuments.position,
  uploadedBy: certificationDocuments.uploadedBy,
  createdAt: certificationDocuments.createdAt,
};


export function toCertificationRequestView(row: CertificationRequestRow, documents: CertificationDocumentMeta[]): CertificationRequestView {
  return {
    id: row.id,
    spaceId: row.spaceId,
    activityField: row.activityField,
    authority: row.authority,
    status: row.status,
    note: row.note,
    documents: documents
      .filter((document) => document.requestId === row.id)
      .map((document) => ({ id: document.id, name: document.name, contentType: document.contentType, kind: document.kind, size: document.size, uploadedAt: document.createdAt.toISOString() })),
    requestedBy: row.requestedBy,
    reason: row.reason,
    informationRequest: row.informationRequest,
    supplementDueAt: iso(row.supplementDueAt),
    decidedAt: iso(row.decidedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}


export async function findCertificationRequest(db: Executor, requestId: string): Promise<CertificationRequestRow | undefined> {
  const [row] = await db.select().from(certificationRequests).where(eq(certificationRequests.id, requestId)).limit(1);
  return row;
}


export async function certificationDocumentsOf(db: Executor, requestIds: string[]): Promise<CertificationDocumentMeta[]> {
  if (requestIds.length === 0) return [];
  return db
    .select(documentMetaColumns)
    .from(certificationDocuments)
    .where(inArray(certificationDocuments.requestId, requestIds))
    .orderBy(asc(certificationDocuments.createdAt), asc(certificationDocuments.position), asc(certificationDocuments.id));
}


/**
 * The documents (metadata) of the request whose id is `requestId`, an expression of the enclosing statement, as
 * one JSON array in `certificationDocumentsOf`'s order: requests and their documents read in one statement.
 * `certificationDocumentsFromJson` reads it back.
 */
export function certificationDocumentsJson(requestId: SQL): SQL {
  const fields = Object.values(documentMetaColumns).map((column) => sql`${sql.raw(`'${column.name}'`)}, ${column}`);
  return sql`(select coalesce(json_agg(json_build_object(${sql.join(fields, sql`, `)})
                                       order by ${certificationDocuments.createdAt}, ${certificationDocuments.position}, ${certificationDocuments.id}), '[]'::json)
                from ${certificationDocuments} where ${certificationDocuments.requestId} = ${requestId})`;
}


export function certificationDocumentsFromJson(json: Record<string, unknown>[]): CertificationDocumentMeta[] {
  return json.map((document) => columnsFromJson(documentMetaColumns, document) as CertificationDocumentMeta);
}


/** Rows with their documents, as views. */
export async function certificationRequestViews(db: Executor, rows: CertificationRequestRow[]): Promise<CertificationRequestView[]> {
  const documents = await certificationDocumentsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toCertificationRequestView(row, documents));
}


export async function findCertificationRequestView(db: Executor, requestId: string): Promise<CertificationRequestView | undefined> {
  const row = await findCertificationRequest(db, requestId);
  return row ? (await certificationRequestViews(db, [row]))[0] : undefined;
}


export async function hasOpenCertificationRequest(db: Executor, spaceId: string, activityField: string): Promise<boolean> {
  const rows = await db
    .select({ id: certificationRequests.id })
    .from(certificationRequests)
    .where(and(eq(certificationRequests.spaceId, spaceId), eq(certificationRequests.activityField, activityField), inArray(certificationRequests.status, [...OPEN_CERTIFICATION_STATUSES])))
    .limit(1);
  return rows.length > 0;
}

/** The request row and its timeline event once; refused (and its stored documents removed) when certified or open. */
export async function recordCertificationRequest(db: Executor, input: CertificationWorkflowInput): Promise<CertificationRegistrationResult> {
  const existing = await findCertificationRequestView(db, input.requestId);
  if (existing) return { outcome: 'recorded', request: existing };
  return db.transaction(async (tx) => {
    const refuse = async (code: 'already_certified' | 'certification_pending') => {
      await tx.delete(certificationDocuments).where(eq(certificationDocuments.requestId, input.requestId));
      return { outcome: 'refused', code } as const;
    };
    if (await isCertifiedFor(tx, input.spaceId, input.activityField)) return refuse('already_certified');
    const now = new Date();
    // The partial unique index settles a race between two submissions for the same field.
    const [row] = await tx
      .insert(certificationRequests)
      .values({
        id: input.requestId,
        spaceId: input.spaceId,
        activityField: input.activityField,
        authority: input.authority,
        status: 'submitted',
        note: input.note,
        requestedBy: input.requestedBy.personId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const recorded = await findCertificationRequestView(tx, input.requestId);
      return recorded ? ({ outcome: 'recorded', request: recorded } as const) : refuse('certification_pending');
    }
    await appendSpaceEvent(tx, {
      key: `${input.requestId}`,
      spaceId: input.spaceId,
      type: 'certification.submitted',
      actor: input.requestedBy,
      subjectId: input.requestId,
      data: { activityField: input.activityField, authority: input.authority, documents: input.documents.map((document) => document.name) },
      occurredAt: now,
    });
    return { outcome: 'recorded', request: (await findCertificationRequestView(tx, input.requestId))! } as const;
  });
}
