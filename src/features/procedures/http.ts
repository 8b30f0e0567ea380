// Procedures (R12–R14, R20, R35, R42–R45): the catalog of procedure types, and a space's procedures — created
// and edited by members with editProcedures, signed by members with signProcedures, then submitted. The language
// is fixed at creation (the space's procedure language, else the creator's, with the R43 fallback). There is no
// lifecycle to wait for, so the API writes the rows itself; each notification (signed, submitted) is a short
// workflow so its mail goes through an activity and the outbox (R42).
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, asc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Executor } from '../../platform/db/client';
import { persons, procedures, spaces } from '../../platform/db/schema';
import { activeMandateCovers } from '../mandates/store';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findPerson } from '../people/store';
import { findSpace, fixProcedureLanguage, isCertifiedFor } from '../spaces/store';
import { rowFromJson } from '../../platform/db/sql';
import { t, type MessageKey } from '../../platform/i18n';
import { findActivityField } from '../../domain/certification';
import { LANGUAGES, type Language } from '../../domain/language';
import { PROCEDURE_STATUSES, PROCEDURE_TYPES, findProcedureType, procedureNotificationWorkflowId, type ProcedureEvent, type ProcedureType } from '../../domain/procedures';
import { chooseProcedureLanguage, spaceLanguage } from '../../domain/language';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import type { procedureNotificationWorkflow } from './workflow';
import { currentPerson, readPageAsMember, requireMembership, requirePermission } from '../../platform/http/auth';
import type { AppEnv } from '../../platform/http/env';
import { startProcess } from '../../platform/temporal/process-start';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError, notFound } from '../../domain/errors';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { LanguageSchema } from '../../platform/http/schemas';
import { withinAnswerDeadline } from '../../platform/temporal/updates';
import { renderProcedurePdf } from './pdf';
import { findRegisteredCompany } from '../register/store';

type ProcedureRow = typeof procedures.$inferSelect;
type FieldValue = string | number | boolean;

// ——— Schemas ———

const ProcedureStatusSchema = z.enum(PROCEDURE_STATUSES).openapi('ProcedureStatus');
const FieldValueSchema = z.union([z.string().trim().max(2000), z.number().finite(), z.boolean()]);
const DataSchema = z
  .record(z.string().min(1).max(100), FieldValueSchema)
  .openapi('ProcedureData', { description: "Form fields of the procedure type (GET /catalog/procedures lists each type's `fields`)" });
/** JSON merge patch (RFC 7386) of the form data: null removes a field. */
const DataPatchSchema = z.record(z.string().min(1).max(100), FieldValueSchema.nullable()).openapi('ProcedureDataPatch');

const ProcedureTypeSchema = z
  .object({
    code: z.string(),
    section: z.string().openapi({ description: 'A section code (GET /catalog/sections)' }),
    languages: z.array(LanguageSchema).openapi({ description: 'The languages this type is offered in (R43)' }),
    requiresCertification: z.string().optional().openapi({ description: 'Activity field the space must be certified for (R20; GET /catalog/activity-fields)' }),
    names: z.object({ fr: z.string(), de: z.string(), en: z.string() }),
    fields: z.array(z.string()),
  })
  .openapi('ProcedureType');

export const ProcedureSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    type: z.string(),
    section: z.string(),
    status: ProcedureStatusSchema,
    language: LanguageSchema,
    languageFallback: z
      .object({ requested: LanguageSchema, used: LanguageSchema })
      .nullable()
      .openapi({ description: 'Set when the type is not offered in the wanted language and another was used (R43)' }),
    data: DataSchema,
    onBehalfOf: z.string().uuid().nullable(),
    filedBy: z
      .object({ spaceId: z.string().uuid(), companyName: z.string() })
      .nullable()
      .openapi({ description: 'Seen by the mandator: the delegate space that filed this procedure on its behalf (R28, R35); null in the filing space’s own view.' }),
    createdBy: z.string().uuid(),
    signedBy: z.string().uuid().nullable(),
    signedAt: z.string().datetime().nullable(),
    submittedBy: z.string().uuid().nullable(),
    submittedAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Procedure');

const CreateProcedureSchema = z
  .object({
    type: z.enum(PROCEDURE_TYPES.map((type) => type.code) as [string, ...string[]]).openapi({ description: 'A code from GET /catalog/procedures', example: 'vat-return' }),
    onBehalfOf: z.string().uuid().optional().openapi({ description: "A mandator's spaceId (GET /spaces/{spaceId}/mandators, R35)" }),
    data: DataSchema.default({}),
  })
  .strict()
  // checkFields stated for the document: per type, only that type's own fields in `data`.
  .openapi('CreateProcedure', {
    anyOf: PROCEDURE_TYPES.map((type) => ({
      properties: { type: { enum: [type.code] }, data: { properties: Object.fromEntries(type.fields.map((field) => [field, {}])), additionalProperties: false } },
    })),
  });

const PatchProcedureSchema = z.object({ data: DataPatchSchema }).strict().openapi('PatchProcedure');

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

const createProcedure = createRoute({
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

const listProcedures = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/procedures',
  tags: ['Procedures'],
  summary: "The space's procedures, oldest first",
  security: bearer,
  request: { params: spaceParams, query: PageQuery.extend({ status: ProcedureStatusSchema.optional() }) },
  responses: { 200: jsonContent(pageOf(ProcedureSchema, 'ProcedurePage'), 'Page of procedures'), ...problems(401, 404, 422) },
});

const getProcedure = createRoute({
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

const procedurePdf = createRoute({
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

// ——— Helpers ———

const typeName = (language: Language, code: string) => t(language, `procedure.type.${code}` as MessageKey);
const statusName = (language: Language, status: ProcedureRow['status']) => t(language, `procedure.status.${status}` as MessageKey);

function toProcedureView(row: ProcedureRow, filers: ReadonlyMap<string, string> = new Map(), forSpaceId?: string) {
  return {
    id: row.id,
    spaceId: row.spaceId,
    type: row.type,
    section: findProcedureType(row.type)?.section ?? '',
    status: row.status,
    language: row.language,
    languageFallback: row.languageFallbackFrom ? { requested: row.languageFallbackFrom, used: row.language } : null,
    data: row.data,
    onBehalfOf: row.onBehalfOf,
    filedBy: row.onBehalfOf && row.onBehalfOf === forSpaceId ? { spaceId: row.spaceId, companyName: filers.get(row.spaceId) ?? '' } : null,
    createdBy: row.createdBy,
    signedBy: row.signedBy,
    signedAt: row.signedAt?.toISOString() ?? null,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function procedureTypeOrFail(code: string): ProcedureType {
  const type = findProcedureType(code);
  if (!type) {
    const message = `unknown procedure type; one of ${PROCEDURE_TYPES.map((each) => each.code).join(', ')}`;
    throw new DomainError('validation_failed', `type: ${message}`, { errors: [{ path: 'type', message }] });
  }
  return type;
}

/** Only the type's own fields: the PDF and the authority know no others. */
function checkFields(type: ProcedureType, data: Record<string, unknown>) {
  const unknown = Object.keys(data).filter((key) => !(type.fields as readonly string[]).includes(key));
  if (unknown.length > 0) {
    const errors = unknown.map((key) => ({ path: `data.${key}`, message: `not a field of ${type.code}; one of ${type.fields.join(', ')}` }));
    throw new DomainError('validation_failed', `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
}

/**
 * R35 — INTEGRATION POINT for the mandates issue (issue 5). The single place that decides whether this space may
 * act on behalf of the company `onBehalfOf` for a procedure of `section`. Until mandates exist, acting on behalf of
 * anyone is refused with 403 mandate_required; the lead replaces the body with the mandates check.
 */
/** R35: acting for a mandator needs an active mandate of theirs covering the procedure's section with the procedures scope. */
async function requireMandate(db: Executor, spaceId: string, onBehalfOf: string, type: ProcedureType): Promise<void> {
  if (await activeMandateCovers(db, { delegateSpaceId: spaceId, mandatorSpaceId: onBehalfOf, section: type.section })) return;
  throw new DomainError('mandate_required', 'This space holds no active mandate of that company for this procedure.', {
    translatedDetail: { key: 'problem.mandate_required.detail' },
  });
}

/** Rights at every use: a write to a procedure filed on behalf of a mandator needs the mandate still active. */
async function requireMandateStill(db: Executor, row: ProcedureRow): Promise<void> {
  if (!row.onBehalfOf) return;
  if (await activeMandateCovers(db, { delegateSpaceId: row.spaceId, mandatorSpaceId: row.onBehalfOf, section: procedureTypeOrFail(row.type).section })) return;
  throw new DomainError('mandate_required', 'The mandate under which this procedure was filed is no longer active.', {
    translatedDetail: { key: 'problem.mandate_required.revoked.detail' },
  });
}

async function spaceProcedure(db: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, procedureId)).limit(1);
  if (!row || row.spaceId !== spaceId) throw notFound('The procedure');
  return row;
}

/** Reading (not changing): the filing space's procedure, or one a delegate filed on this space's behalf (R28, R35). */
async function readableProcedure(db: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, procedureId)).limit(1);
  if (!row || (row.spaceId !== spaceId && row.onBehalfOf !== spaceId)) throw notFound('The procedure');
  return row;
}

/** Views as `forSpaceId` sees them: `filedBy` names the delegate that filed a procedure on that space's behalf. */
async function procedureViews(db: Executor, rows: ProcedureRow[], forSpaceId?: string) {
  // Only the viewing mandator's rows name their filer: no lookup for anything else.
  const filerIds = forSpaceId ? [...new Set(rows.filter((row) => row.onBehalfOf === forSpaceId).map((row) => row.spaceId))] : [];
  const filers = new Map(
    filerIds.length === 0 ? [] : (await db.select({ id: spaces.id, companyName: spaces.companyName }).from(spaces).where(inArray(spaces.id, filerIds))).map((space) => [space.id, space.companyName] as const),
  );
  return rows.map((row) => toProcedureView(row, filers, forSpaceId));
}

/**
 * A page of the procedures that belong to a space, oldest first: those it filed for itself or for a mandator, and
 * those its delegates filed on its behalf (R28, R35). `sections` narrows to procedure types of those sections.
 * Each row is the procedure's and `filerCompanyName`: for one a delegate filed on this space's behalf, the filing
 * space's company, which `filedBy` names (`procedurePage`); null for the others.
 */
function procedurePageQuery(
  db: Executor,
  spaceId: string,
  query: { limit: number; cursor?: string; status?: ProcedureRow['status']; sections?: readonly string[]; ownOnly?: boolean },
) {
  const after = decodeCursor(query.cursor);
  const types = query.sections ? PROCEDURE_TYPES.filter((type) => query.sections!.includes(type.section)).map((type) => type.code) : undefined;
  const filer = alias(spaces, 'filer');
  return db
    .select({ ...getTableColumns(procedures), filerCompanyName: sql<string | null>`${filer.companyName}`.as('filer_company_name') })
    .from(procedures)
    .leftJoin(filer, and(eq(procedures.onBehalfOf, spaceId), eq(filer.id, procedures.spaceId)))
    .where(
      and(
        // ownOnly: the mandator's own view for a delegate: what it filed itself and what was filed on its behalf.
        query.ownOnly ? or(and(eq(procedures.spaceId, spaceId), isNull(procedures.onBehalfOf)), eq(procedures.onBehalfOf, spaceId)) : or(eq(procedures.spaceId, spaceId), eq(procedures.onBehalfOf, spaceId)),
        types ? inArray(procedures.type, types.length ? types : ['']) : undefined,
        query.status ? eq(procedures.status, query.status) : undefined,
        keysetAfter(procedures.createdAt, procedures.id, after),
      ),
    )
    .orderBy(asc(procedures.createdAt), asc(procedures.id))
    .limit(query.limit + 1);
}

/** `procedurePageQuery`'s rows as the page `spaceId` sees: views as `procedureViews` writes them, and the cursor. */
function procedurePage(rows: (ProcedureRow & { filerCompanyName: string | null })[], limit: number, spaceId: string) {
  const page = toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  const filers = new Map(page.items.flatMap((row) => (row.filerCompanyName === null ? [] : [[row.spaceId, row.filerCompanyName] as const])));
  return { items: page.items.map((row) => toProcedureView(row, filers, spaceId)), nextCursor: page.nextCursor };
}

/** `procedurePageQuery`'s page, read and viewed. */
export async function spaceProcedurePage(db: Executor, spaceId: string, query: Parameters<typeof procedurePageQuery>[2]) {
  return procedurePage(await procedurePageQuery(db, spaceId, query), query.limit, spaceId);
}

/** Locks the row for a state change; 404 when it is not this space's. */
async function lockProcedure(tx: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await tx.select().from(procedures).where(eq(procedures.id, procedureId)).for('update');
  if (!row || row.spaceId !== spaceId) throw notFound('The procedure');
  return row;
}

const notDraft = (row: ProcedureRow) =>
  new DomainError('procedure_not_draft', `The procedure is ${row.status}; only a draft can be edited or signed.`, {
    translatedDetail: { key: 'problem.procedure_not_draft.detail', params: (language) => ({ status: statusName(language, row.status) }) },
  });

const notSigned = (row: ProcedureRow) =>
  new DomainError('procedure_not_signed', `The procedure is ${row.status}; only a signed procedure can be submitted.`, {
    translatedDetail: { key: 'problem.procedure_not_signed.detail', params: (language) => ({ status: statusName(language, row.status) }) },
  });

/** The two steps after a draft: who may take them, from which status, and what each records. */
const PROCEDURE_STEPS = {
  signed: { permission: 'signProcedures', from: 'draft', refuse: notDraft, by: 'signedBy', at: 'signedAt' },
  submitted: { permission: 'editProcedures', from: 'signed', refuse: notSigned, by: 'submittedBy', at: 'submittedAt' },
} as const;

/**
 * Signs or submits a procedure: the permission, the status it must be in and the mandate (on behalf of a mandator)
 * are checked under the row lock; the timeline event and the notification start in the same transaction.
 */
async function advanceProcedure(c: Context<AppEnv>, params: { spaceId: string; procedureId: string }, event: 'signed' | 'submitted') {
  const { spaceId, procedureId } = params;
  const step = PROCEDURE_STEPS[event];
  const membership = await requireMembership(c, spaceId);
  requirePermission(membership, step.permission);
  const person = currentPerson(c);
  const space = (await findSpace(c.get('deps').db, spaceId))!;
  const row = await c.get('deps').db.transaction(async (tx) => {
    const current = await lockProcedure(tx, spaceId, procedureId);
    if (current.status !== step.from) throw step.refuse(current);
    await requireMandateStill(tx, current);
    const now = new Date();
    const [updated] = await tx
      .update(procedures)
      .set({ status: event, [step.by]: person.id, [step.at]: now, updatedAt: now })
      .where(and(eq(procedures.id, procedureId), eq(procedures.status, step.from)))
      .returning();
    await appendSpaceEvent(tx, { key: `${procedureId}`, spaceId, type: `procedure.${event}`, actor: { personId: person.id, name: person.name }, subjectId: procedureId, data: { type: current.type }, occurredAt: now });
    await startNotification(c, updated!, event, space.companyName);
    return updated!;
  });
  return c.json((await procedureViews(c.get('deps').db, [row]))[0]!, 200);
}

/**
 * Starts the notification inside the transaction that changes the status: if Temporal is down, the change rolls
 * back and the caller gets 503 and can retry, instead of a change without its mail. The activity waits (retries)
 * until the change is committed. The workflow id makes a second start a no-op.
 */
async function startNotification(c: Context<AppEnv>, row: ProcedureRow, event: ProcedureEvent, companyName: string) {
  const { temporal } = c.get('deps');
  try {
    await withinAnswerDeadline(c, () =>
      temporal.client.workflow.start<typeof procedureNotificationWorkflow>('procedureNotificationWorkflow', {
        workflowId: procedureNotificationWorkflowId(row.id, event),
        taskQueue: temporal.taskQueue,
        args: [{ procedureId: row.id, event }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: SPACE_ID, value: row.spaceId },
          { key: COMPANY_NAME, value: companyName },
          { key: PROCESS_STATUS, value: event },
        ],
        staticSummary: `Notify the creator that procedure ${row.type} (${row.id}) of ${companyName} was ${event}`,
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

// ——— Handlers ———

export const procedureRoutes = createRouter()
  .openapi(listCatalog, (c) =>
    c.json(
      PROCEDURE_TYPES.map((type) => ({
        code: type.code,
        section: type.section,
        languages: [...type.languages],
        ...(type.requiresCertification ? { requiresCertification: type.requiresCertification } : {}),
        names: Object.fromEntries(LANGUAGES.map((language) => [language, typeName(language, type.code)])) as Record<Language, string>,
        fields: [...type.fields],
      })),
      200,
    ),
  )
  .openapi(createProcedure, async (c) => {
    const { spaceId } = c.req.valid('param');
    const body = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requirePermission(membership, 'editProcedures');
    const type = procedureTypeOrFail(body.type);
    checkFields(type, body.data);
    const { db } = c.get('deps');
    const person = currentPerson(c);
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
    const view = await startProcess(c, {
      kind: 'procedure',
      scope: [spaceId],
      request: body,
      record: async (procedureId) => {
        // R44–R46: the language of the space the procedure belongs to — the mandator's for one on its behalf. A
        // space without one gets it fixed here by its first procedure: the creator's language, or for a mandator its
        // language in the company register, else that of the person who set its space up (a delegate's staff do not
        // choose the mandator's language).
        const owner = (await findSpace(db, body.onBehalfOf ?? spaceId))!;
        // Once fixed (R46) the space's language is the answer: no register or person lookup.
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
        c.get('log').info({ procedureId, spaceId, type: type.code, language: choice.language }, 'procedure created');
        return toProcedureView(row);
      },
    });
    return c.json(view, 201);
  })
  .openapi(listProcedures, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    // The caller's rights and the page, with the filers' companies, in one round trip.
    const query = procedurePageQuery(c.get('deps').db, spaceId, { limit, cursor, status });
    const { rows } = await readPageAsMember<Record<string, unknown>>(c, spaceId, query.getSQL(), sql`created_at, id`);
    const page = rows.map((json) => ({ ...rowFromJson(procedures, json), filerCompanyName: json.filer_company_name as string | null }));
    return c.json(procedurePage(page, limit, spaceId), 200);
  })
  .openapi(getProcedure, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    const { db } = c.get('deps');
    return c.json((await procedureViews(db, [await readableProcedure(db, spaceId, procedureId)], spaceId))[0]!, 200);
  })
  .openapi(patchProcedure, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    const { data } = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requirePermission(membership, 'editProcedures');
    const person = currentPerson(c);
    const row = await c.get('deps').db.transaction(async (tx) => {
      const current = await lockProcedure(tx, spaceId, procedureId);
      if (current.status !== 'draft') throw notDraft(current);
      await requireMandateStill(tx, current);
      const type = procedureTypeOrFail(current.type);
      checkFields(type, data);
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
    return c.json((await procedureViews(c.get('deps').db, [row]))[0]!, 200);
  })
  // R13, R14: a manager signs; a member "without signature" never does.
  .openapi(signProcedure, (c) => advanceProcedure(c, c.req.valid('param'), 'signed'))
  // Submitting hands over what a signer already signed: editing rights suffice.
  .openapi(submitProcedure, (c) => advanceProcedure(c, c.req.valid('param'), 'submitted'))
  .openapi(procedurePdf, async (c) => {
    const { spaceId, procedureId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    const { db } = c.get('deps');
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
    return new Response(bytes, {
      status: 200,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="procedure-${row.id}.pdf"`, 'content-language': row.language, 'x-content-type-options': 'nosniff' },
    });
  });
