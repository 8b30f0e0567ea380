// Procedures (R12–R14, R20, R35, R42–R45): the one home of each rule of a procedure. Members with editProcedures
// create and edit drafts, members with signProcedures sign them, then they are submitted. The language is fixed at
// creation (the owning space's procedure language, R44–R46, with the R43 fallback). There is no lifecycle to wait
// for, so the use-cases write the rows; each notification (signed, submitted) is a short workflow so its mail goes
// through an activity and the outbox (R42).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { findActivityField } from '../../domain/certification';
import { DomainError, invalid } from '../../domain/errors';
import { chooseProcedureLanguage, LANGUAGES, spaceLanguage, type Language } from '../../domain/language';
import { findProcedureType, missingRequiredFields, procedureNotificationWorkflowId, PROCEDURE_TYPES, type ProcedureEvent, type ProcedureType } from '../../domain/procedures';
import type { Executor } from '../../platform/db/client';
import { persons, procedures, spaces } from '../../platform/db/schema';
import { rowFromJson } from '../../platform/db/sql';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { t, type MessageKey } from '../../platform/i18n';
import type { Page, PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { startProcess, startWorkflow } from '../../platform/temporal/process-start';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { activeMandateCovers } from '../mandates/store';
import { personOf } from '../people/use-cases';
import { findRegisteredCompany } from '../register/store';
import { readPageAsMember, requireMembership, requirePermission } from '../spaces/access';
import { findSpace, fixProcedureLanguage, isCertifiedFor } from '../spaces/store';
import { findPerson } from '../people/store';
import { renderProcedurePdf } from './pdf';
import type { CreateProcedure, FieldValue, ProcedureView } from './schemas';
import { lockProcedure, procedurePage, procedurePageQuery, procedureViews, readableProcedure, spaceProcedure, toProcedureView, type ProcedureRow } from './store';

const typeName = (language: Language, code: string) => t(language, `procedure.type.${code}` as MessageKey);

/** The catalog of procedure types with their names in the three languages (R43: the languages each is offered in). */
export function procedureCatalog() {
  return PROCEDURE_TYPES.map((type) => ({
    code: type.code,
    section: type.section,
    languages: [...type.languages],
    ...(type.requiresCertification ? { requiresCertification: type.requiresCertification } : {}),
    names: Object.fromEntries(LANGUAGES.map((language) => [language, typeName(language, type.code)])) as Record<Language, string>,
    fields: [...type.fields],
    requiredFields: [...type.requiredFields],
  }));
}

function procedureTypeOrFail(code: string): ProcedureType {
  const type = findProcedureType(code);
  if (!type) throw invalid([{ path: 'type', message: `unknown procedure type; one of ${PROCEDURE_TYPES.map((each) => each.code).join(', ')}` }]);
  return type;
}

/** Only the type's own fields: the PDF and the authority know no others. */
function checkFields(type: ProcedureType, data: Record<string, unknown>) {
  const unknown = Object.keys(data).filter((key) => !(type.fields as readonly string[]).includes(key));
  if (unknown.length > 0) throw invalid(unknown.map((key) => ({ path: `data.${key}`, message: `not a field of ${type.code}; one of ${type.fields.join(', ')}` })));
}

/** R35: acting for a mandator needs an active mandate of theirs covering the procedure's section with the procedures scope. */
async function requireMandate(db: Executor, spaceId: string, onBehalfOf: string, type: ProcedureType): Promise<void> {
  if (await activeMandateCovers(db, { delegateSpaceId: spaceId, mandatorSpaceId: onBehalfOf, section: type.section })) return;
  throw new DomainError('mandate_required', 'This space holds no active mandate of that company for this procedure.', { translatedDetail: { key: 'problem.mandate_required.detail' } });
}

/** Rights at every use: a write to a procedure filed on behalf of a mandator needs the mandate still active. */
async function requireMandateStill(db: Executor, row: ProcedureRow): Promise<void> {
  if (!row.onBehalfOf) return;
  if (await activeMandateCovers(db, { delegateSpaceId: row.spaceId, mandatorSpaceId: row.onBehalfOf, section: procedureTypeOrFail(row.type).section })) return;
  throw new DomainError('mandate_required', 'The mandate under which this procedure was filed is no longer active.', { translatedDetail: { key: 'problem.mandate_required.revoked.detail' } });
}

const statusWord = (status: ProcedureRow['status']) => ({ status: { message: `procedure.status.${status}` } });
const notDraft = (row: ProcedureRow) =>
  new DomainError('procedure_not_draft', `The procedure is ${row.status}; only a draft can be edited or signed.`, { translatedDetail: { key: 'problem.procedure_not_draft.detail', params: statusWord(row.status) } });
const notSigned = (row: ProcedureRow) =>
  new DomainError('procedure_not_signed', `The procedure is ${row.status}; only a signed procedure can be submitted.`, { translatedDetail: { key: 'problem.procedure_not_signed.detail', params: statusWord(row.status) } });

/** R12, R20, R35, R44–R46: a draft of a type, for the space itself or on behalf of a mandator. */
export async function createProcedure(requester: Requester, spaceId: string, body: CreateProcedure): Promise<ProcedureView> {
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, 'editProcedures');
  const type = procedureTypeOrFail(body.type);
  checkFields(type, body.data);
  const { db } = requester.deps;
  const person = await personOf(requester);
  // R35: the one call site of the mandates check.
  if (body.onBehalfOf !== undefined) await requireMandate(db, spaceId, body.onBehalfOf, type);
  // R20: a procedure for a mandator needs the mandator's certification, else the space's own.
  const certifiedSpace = body.onBehalfOf ?? spaceId;
  if (type.requiresCertification && !(await isCertifiedFor(db, certifiedSpace, type.requiresCertification))) {
    const field = findActivityField(type.requiresCertification);
    throw new DomainError('certification_required', `${type.code} requires the space to be certified for ${type.requiresCertification}.`, {
      translatedDetail: {
        key: 'problem.certification_required.detail',
        params: (language) => ({ procedureName: typeName(language, type.code), activityFieldName: field?.names[language] ?? type.requiresCertification! }),
      },
    });
  }
  return startProcess(requester, {
    owner: person.id,
    kind: 'procedure',
    scope: [spaceId],
    request: body,
    record: async (procedureId) => {
      // R44–R46: the language of the space the procedure belongs to — the mandator's for one on its behalf. A space
      // without one gets it fixed here by its first procedure: the creator's language, or for a mandator its
      // language in the company register, else that of the person who set its space up (a delegate's staff do not
      // choose the mandator's language). Once fixed (R46) the space's language is the answer: no further lookup.
      const owner = (await findSpace(db, body.onBehalfOf ?? spaceId))!;
      const personLanguage = owner.procedureLanguage
        ? owner.procedureLanguage
        : body.onBehalfOf
          ? ((await findRegisteredCompany(db, owner.companyRegistrationNumber))?.language ?? (await findPerson(db, owner.createdBy))?.language ?? person.language)
          : person.language;
      const now = new Date();
      let choice: ReturnType<typeof chooseProcedureLanguage> = { language: person.language, fallback: null };
      const row = await db.transaction(async (tx) => {
        const fixed = await fixProcedureLanguage(tx, owner.id, spaceLanguage(owner, personLanguage), { personId: person.id, name: person.name }, { procedureId });
        choice = chooseProcedureLanguage(type, fixed.language);
        const [inserted] = await tx
          .insert(procedures)
          .values({
            id: procedureId,
            spaceId,
            type: type.code,
            language: choice.language,
            languageFallbackFrom: choice.fallback?.requested ?? null,
            status: 'draft',
            data: body.data,
            onBehalfOf: body.onBehalfOf ?? null,
            createdBy: person.id,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning();
        // A concurrent retry with the same Idempotency-Key inserted it first: answer that one.
        if (!inserted) return spaceProcedure(tx, spaceId, procedureId);
        await appendSpaceEvent(tx, {
          key: `${procedureId}`,
          spaceId,
          type: 'procedure.created',
          actor: { personId: person.id, name: person.name },
          subjectId: procedureId,
          data: { type: type.code, language: choice.language, ...(choice.fallback ? { languageFallback: choice.fallback } : {}) },
          occurredAt: now,
        });
        return inserted;
      });
      requester.log.info({ procedureId, spaceId, type: type.code, language: choice.language }, 'procedure created');
      return toProcedureView(row);
    },
  });
}

/** The space's procedures, oldest first, and those delegates filed on its behalf (`filedBy`, R28, R35). */
export async function listProcedures(requester: Requester, spaceId: string, query: PageRequest & { status?: ProcedureRow['status'] | undefined; type?: string | undefined }): Promise<Page<ProcedureView>> {
  // The caller's rights and the page, with the filers' companies, in one round trip.
  const page = procedurePageQuery(requester.deps.db, spaceId, query);
  const { rows } = await readPageAsMember<Record<string, unknown>>(requester, spaceId, page.getSQL(), sql`created_at, id`);
  return procedurePage(
    rows.map((json) => ({ ...rowFromJson(procedures, json), filerCompanyName: json.filer_company_name as string | null })),
    query.limit,
    spaceId,
  );
}

export async function getProcedure(requester: Requester, spaceId: string, procedureId: string): Promise<ProcedureView> {
  await requireMembership(requester, spaceId);
  const { db } = requester.deps;
  return (await procedureViews(db, [await readableProcedure(db, spaceId, procedureId)], spaceId))[0]!;
}

/** Edits a draft's form data (merge patch: null removes a field); needs editProcedures and, for a mandator, the mandate. */
export async function editProcedure(requester: Requester, spaceId: string, procedureId: string, data: Record<string, FieldValue | null>): Promise<ProcedureView> {
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, 'editProcedures');
  const person = await personOf(requester);
  const { db } = requester.deps;
  const row = await db.transaction(async (tx) => {
    const current = await lockProcedure(tx, spaceId, procedureId);
    if (current.status !== 'draft') throw notDraft(current);
    await requireMandateStill(tx, current);
    checkFields(procedureTypeOrFail(current.type), data);
    const merged: Record<string, FieldValue> = { ...current.data };
    for (const [key, value] of Object.entries(data)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const now = new Date();
    const [updated] = await tx.update(procedures).set({ data: merged, updatedAt: now }).where(eq(procedures.id, procedureId)).returning();
    await appendSpaceEvent(tx, {
      key: `${procedureId}/${randomUUID()}`,
      spaceId,
      type: 'procedure.edited',
      actor: { personId: person.id, name: person.name },
      subjectId: procedureId,
      data: { fields: Object.keys(data) },
      occurredAt: now,
    });
    return updated!;
  });
  return (await procedureViews(db, [row]))[0]!;
}

/** A procedure is complete before it is signed or submitted: every required field of its type carries a value. */
function requireComplete(row: ProcedureRow): void {
  const missing = missingRequiredFields(procedureTypeOrFail(row.type), row.data);
  if (missing.length === 0) return;
  throw new DomainError('procedure_incomplete', `Missing required fields: ${missing.join(', ')}.`, {
    errors: missing.map((field) => ({ path: `data.${field}`, message: 'required', key: 'validation.required' })),
    translatedDetail: { key: 'problem.procedure_incomplete.detail', params: (language) => ({ fields: missing.map((field) => t(language, `procedure.field.${field}` as MessageKey)).join(', ') }) },
  });
}

/** The two steps after a draft: who may take them, from which status, and what each records. */
const PROCEDURE_STEPS = {
  // R13, R14: a manager signs; a member "without signature" never does.
  signed: { permission: 'signProcedures', from: 'draft', refuse: notDraft, by: 'signedBy', at: 'signedAt' },
  // Submitting hands over what a signer already signed: editing rights suffice.
  submitted: { permission: 'editProcedures', from: 'signed', refuse: notSigned, by: 'submittedBy', at: 'submittedAt' },
} as const;

/**
 * Signs or submits a procedure: the permission, the status it must be in and the mandate (on behalf of a mandator)
 * are checked under the row lock; the timeline event and the notification start in the same transaction — if
 * Temporal is down the change rolls back and the caller can retry, instead of a change without its mail.
 */
export async function advanceProcedure(requester: Requester, spaceId: string, procedureId: string, event: ProcedureEvent): Promise<ProcedureView> {
  const step = PROCEDURE_STEPS[event];
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, step.permission);
  const person = await personOf(requester);
  const { db } = requester.deps;
  const space = (await findSpace(db, spaceId))!;
  const row = await db.transaction(async (tx) => {
    const current = await lockProcedure(tx, spaceId, procedureId);
    if (current.status !== step.from) throw step.refuse(current);
    await requireMandateStill(tx, current);
    requireComplete(current);
    const now = new Date();
    const [updated] = await tx
      .update(procedures)
      .set({ status: event, [step.by]: person.id, [step.at]: now, updatedAt: now })
      .where(and(eq(procedures.id, procedureId), eq(procedures.status, step.from)))
      .returning();
    await appendSpaceEvent(tx, { key: `${procedureId}`, spaceId, type: `procedure.${event}`, actor: { personId: person.id, name: person.name }, subjectId: procedureId, data: { type: current.type }, occurredAt: now });
    // The activity waits (retries) until this change is committed; the workflow id makes a second start a no-op.
    await startWorkflow(requester, {
      type: 'procedureNotificationWorkflow',
      workflowId: procedureNotificationWorkflowId(updated!.id, event),
      args: [{ procedureId: updated!.id, event }],
      searchAttributes: [
        { key: SPACE_ID, value: updated!.spaceId },
        { key: COMPANY_NAME, value: space.companyName },
        { key: PROCESS_STATUS, value: event },
      ],
      summary: `Notify the creator that procedure ${updated!.type} (${updated!.id}) of ${space.companyName} was ${event}`,
    });
    return updated!;
  });
  return (await procedureViews(db, [row]))[0]!;
}

/** The form as a PDF in the procedure language (R42); a mandator reads those filed on its behalf too. */
export async function procedurePdf(requester: Requester, spaceId: string, procedureId: string): Promise<{ bytes: Uint8Array; language: Language; id: string }> {
  await requireMembership(requester, spaceId);
  const { db } = requester.deps;
  const row = await readableProcedure(db, spaceId, procedureId);
  const type = procedureTypeOrFail(row.type);
  // The filing space: the delegate's for a procedure a mandator reads.
  const space = (await findSpace(db, row.spaceId))!;
  const people = new Map(
    (await db
      .select({ id: persons.id, name: persons.name })
      .from(persons)
      .where(inArray(persons.id, [row.createdBy, ...(row.signedBy ? [row.signedBy] : [])]))).map((each) => [each.id, each.name]),
  );
  const mandator = row.onBehalfOf ? (await db.select({ companyName: spaces.companyName }).from(spaces).where(eq(spaces.id, row.onBehalfOf)))[0] : undefined;
  const bytes = await renderProcedurePdf({
    id: row.id,
    type,
    language: row.language,
    languageFallbackFrom: row.languageFallbackFrom,
    status: row.status,
    data: row.data,
    company: { name: space.companyName, registrationNumber: space.companyRegistrationNumber },
    spaceName: space.name,
    onBehalfOf: mandator?.companyName ?? row.onBehalfOf,
    createdBy: people.get(row.createdBy) ?? row.createdBy,
    createdAt: row.createdAt,
    signedBy: row.signedBy ? (people.get(row.signedBy) ?? row.signedBy) : null,
    signedAt: row.signedAt,
    submittedAt: row.submittedAt,
    generatedAt: new Date(),
  });
  return { bytes, language: row.language, id: row.id };
}

