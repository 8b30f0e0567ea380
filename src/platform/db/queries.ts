// Reads and small writes shared by the API and the activities. Every function takes the executor it runs on,
// so callers can compose them inside one transaction.
import { and, asc, eq, getTableColumns, inArray, isNull, sql, type AnyColumn, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';
import { certificates, certificationDocuments, certificationRequests, invitations, memberships, persons, spaceCertifications, spaceEvents, spaces } from './schema';
import type { CertificationRequestView, CertificationView } from '../../features/certification/contract';
import type { InvitationView, MembershipView } from '../../features/invitations/contract';
import { OPEN_CERTIFICATION_STATUSES } from '../../domain/certification';
import { type Language } from '../../domain/language';
import { type SpaceEventType } from '../../domain/timeline';
import { timelineEventId } from '../../domain/timeline';

export type InvitationRow = typeof invitations.$inferSelect;
export type SpaceRow = typeof spaces.$inferSelect;
export type PersonRow = typeof persons.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A timestamptz as the API writes times (`Date#toISOString()`: UTC, milliseconds, "Z"), for answers the database writes. */
export function isoTime(value: SQL): SQL {
  return sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export function toInvitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    spaceId: row.spaceId,
    certificateSsn: row.certificateSsn,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    role: row.role,
    permissions: row.permissions,
    certificateMode: row.certificateMode,
    status: row.status,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    lastSentAt: iso(row.lastSentAt),
    createdAt: row.createdAt.toISOString(),
    answeredAt: iso(row.answeredAt),
  };
}

export async function findInvitation(db: Executor, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId)).limit(1);
  return row;
}

export async function findSpace(db: Executor, spaceId: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, spaceId)).limit(1);
  return row;
}

export async function findPerson(db: Executor, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
  return row;
}

export async function findMembershipView(db: Executor, spaceId: string, personId: string): Promise<MembershipView | undefined> {
  const [row] = await db
    .select({ membership: memberships, person: persons })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.personId, personId)))
    .limit(1);
  return row ? toMembershipView(row.membership, row.person) : undefined;
}

export function toMembershipView(membership: typeof memberships.$inferSelect, person: PersonRow): MembershipView {
  return {
    id: membership.id,
    spaceId: membership.spaceId,
    personId: membership.personId,
    name: person.name,
    email: person.email,
    certificateSsn: membership.certificateSsn,
    certificateMode: membership.certificateMode,
    role: membership.role,
    permissions: membership.permissions,
    status: 'active',
    since: membership.createdAt.toISOString(),
  };
}

/** The person owning a certificate, if that certificate ever logged in. */
export async function findPersonIdByCertificate(db: Executor, ssn: string): Promise<string | undefined> {
  const [row] = await db.select({ personId: certificates.personId }).from(certificates).where(eq(certificates.ssn, ssn)).limit(1);
  return row?.personId;
}

/** R18 / 409 already_member: the certificate, or the person behind it, is an active member of the space. */
function memberByCertificate(spaceId: string, ssn: string): SQL {
  return and(
    eq(memberships.spaceId, spaceId),
    sql`(${memberships.certificateSsn} = ${ssn} or ${memberships.personId} in (select ${certificates.personId} from ${certificates} where ${certificates.ssn} = ${ssn}))`,
  )!;
}

/** The certificate is a member of the space already (SQL boolean, for statements that decide in one round trip). */
export function isMemberByCertificateSql(spaceId: string, ssn: string): SQL {
  return sql`exists (select 1 from ${memberships} where ${memberByCertificate(spaceId, ssn)})`;
}

const pendingInvitationOf = (spaceId: string, ssn: string) => and(eq(invitations.spaceId, spaceId), eq(invitations.certificateSsn, ssn), eq(invitations.status, 'pending'))!;

/** The certificate has a pending invitation to the space (SQL boolean). */
export function hasPendingInvitationSql(spaceId: string, ssn: string): SQL {
  return sql`exists (select 1 from ${invitations} where ${pendingInvitationOf(spaceId, ssn)})`;
}

/** A table's row from its `row_to_json` (column names as keys), through each column's driver mapping. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  return columnsFromJson(getTableColumns(table), json) as InferSelectModel<T>;
}

/** `rowFromJson` for some columns (keyed as in a Drizzle select), e.g. a JSON object a statement built of them. */
function columnsFromJson(columns: Record<string, AnyColumn>, json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, json[column.name] === null || json[column.name] === undefined ? null : column.mapFromDriverValue(json[column.name])]),
  );
}

export interface NewSpaceEvent {
  /** What makes the event unique (src/shared/timeline.ts): its id is `<type>/<key>`, so a retried writer inserts one row. */
  key: string;
  spaceId: string;
  type: SpaceEventType;
  actor: { personId: string; name: string } | null;
  subjectId?: string;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/** The row of a timeline event as written. */
export function spaceEventRow(event: NewSpaceEvent): typeof spaceEvents.$inferInsert & { id: string; data: Record<string, unknown>; occurredAt: Date } {
  return {
    id: timelineEventId(event.type, event.key),
    spaceId: event.spaceId,
    type: event.type,
    actorPersonId: event.actor?.personId ?? null,
    actorName: event.actor?.name ?? null,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
    occurredAt: event.occurredAt ?? new Date(),
  };
}

export async function appendSpaceEvent(db: Executor, event: NewSpaceEvent): Promise<void> {
  await db.insert(spaceEvents).values(spaceEventRow(event)).onConflictDoNothing();
}

/** Locks the space row: membership changes that must keep an administrator (R10) serialise on it. */
export async function lockSpace(db: Executor, spaceId: string): Promise<void> {
  await db.execute(sql`select id from spaces where id = ${spaceId} for update`);
}

// ——— Certification (R20–R22) ———

export type CertificationRequestRow = typeof certificationRequests.$inferSelect;
export type CertificationDocumentMeta = Omit<typeof certificationDocuments.$inferSelect, 'content'>;

/** Document metadata only: contents are read one at a time, by whoever downloads them. */
const documentMetaColumns = {
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

export async function spaceCertificationViews(db: Executor, spaceId: string): Promise<CertificationView[]> {
  return (await certificationsBySpace(db, [spaceId])).get(spaceId) ?? [];
}

/** What each of these spaces is certified for (R21, R22), oldest first. */
export async function certificationsBySpace(db: Executor, spaceIds: string[]): Promise<Map<string, CertificationView[]>> {
  const bySpace = new Map<string, CertificationView[]>();
  if (spaceIds.length === 0) return bySpace;
  const rows = await db
    .select()
    .from(spaceCertifications)
    .where(inArray(spaceCertifications.spaceId, spaceIds))
    .orderBy(asc(spaceCertifications.certifiedAt), asc(spaceCertifications.id));
  for (const row of rows) {
    const list = bySpace.get(row.spaceId) ?? [];
    list.push({
      ...(row.activityField !== null ? { activityField: row.activityField } : {}),
      ...(row.section !== null ? { section: row.section } : {}),
      via: row.via,
      certifiedAt: row.certifiedAt.toISOString(),
    });
    bySpace.set(row.spaceId, list);
  }
  return bySpace;
}

export async function isCertifiedFor(db: Executor, spaceId: string, activityField: string): Promise<boolean> {
  const rows = await db
    .select({ id: spaceCertifications.id })
    .from(spaceCertifications)
    .where(and(eq(spaceCertifications.spaceId, spaceId), eq(spaceCertifications.activityField, activityField)))
    .limit(1);
  return rows.length > 0;
}

export async function hasOpenCertificationRequest(db: Executor, spaceId: string, activityField: string): Promise<boolean> {
  const rows = await db
    .select({ id: certificationRequests.id })
    .from(certificationRequests)
    .where(and(eq(certificationRequests.spaceId, spaceId), eq(certificationRequests.activityField, activityField), inArray(certificationRequests.status, [...OPEN_CERTIFICATION_STATUSES])))
    .limit(1);
  return rows.length > 0;
}

/** The space's active administrators: who hears about certification decisions. */
export async function spaceAdministrators(db: Executor, spaceId: string): Promise<PersonRow[]> {
  const rows = await db
    .select({ person: persons })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.role, 'administrator')))
    .orderBy(asc(memberships.createdAt));
  return rows.map((row) => row.person);
}

/**
 * R44–R46: sets the space's procedure language when it has none (the company profile, or the space's first
 * procedure) and answers the language the space now has, whoever set it first. `set` says whether this call did.
 */
export async function fixProcedureLanguage(
  db: Executor,
  spaceId: string,
  language: Language,
  actor: { personId: string; name: string },
  cause: { procedureId?: string } = {},
): Promise<{ language: Language; set: boolean }> {
  const [updated] = await db
    .update(spaces)
    .set({ procedureLanguage: language })
    .where(and(eq(spaces.id, spaceId), isNull(spaces.procedureLanguage)))
    .returning({ language: spaces.procedureLanguage });
  if (updated) {
    await appendSpaceEvent(db, {
      key: spaceId,
      spaceId,
      type: 'space.procedure_language_set',
      actor,
      ...(cause.procedureId ? { subjectId: cause.procedureId } : {}),
      data: { procedureLanguage: language, ...(cause.procedureId ? { fixedByProcedure: cause.procedureId } : {}) },
    });
    return { language, set: true };
  }
  const [current] = await db.select({ language: spaces.procedureLanguage }).from(spaces).where(eq(spaces.id, spaceId));
  return { language: current!.language!, set: false };
}
