// Mandates and activation codes (R22–R38). The API checks access and answers what the database already knows
// (unknown, used, expired codes; the brute-force limit); the mandate workflow owns the lifecycle and is reached
// through update-with-start (access request) and updates whose validators answer 409/410 without history.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { activationAttempts, activationCodes, delegations, mandates, spaces } from '../../platform/db/schema';
import { findSpace } from '../spaces/store';
import { rowFromJson } from '../../platform/db/sql';
import { activeHolderMandate, findMandate, mandatesGivenBy, mandatesReceivedBy, mandateViews, recentActivationFailures, type MandateRow } from './store';
import { hashEnteredCode, requireCodeSecret } from './codes';
import { findRegisteredCompany } from '../register/store';
import { ACTIVATION_CODE_KINDS, ACTIVATION_CODE_STATUSES, ACTIVATION_FAILURE_LIMIT, ACTIVATION_FAILURE_WINDOW_MS, DELEGATION_STATUSES, LETTER_STATUSES, MANDATE_MAX_YEARS, isAllowedMandateEndDate, MANDATE_END_DATE_RULE, MANDATE_STATUSES, MAX_DELEGATE_CODES } from '../../domain/mandates';
import { PROCEDURE_TYPES } from '../../domain/procedures';
import { SECTIONS, SECTION_CODES, findSection } from '../../domain/sections';
import { COMPANY_NAME, PROCESS_STATUS, SECTION, SPACE_ID, SPACE_IDS } from '../../platform/temporal/search-attributes';
import { activateCodeUpdate, changeActivationDeadlineUpdate, changeDelegateCodesUpdate, changeEndDateUpdate, mandateWorkflowId, revokeDelegateUpdate, revokeMandateUpdate, type MandateWorkflowInput } from './contract';
import type { AppEnv } from '../../platform/http/env';
import { currentActor, currentCaller, readPageAsMember, requireAdministrator, requireMembership, staffAuthority } from '../../platform/http/auth';
import { startProcess } from '../../platform/temporal/process-start';
import { recordMandate } from './store';
import { decodeCursor, keysetAfter, toPage } from '../../platform/http/pagination';
import { DomainError, notFound } from '../../domain/errors';
import { bearer, createRouter, idempotencyHeader, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { sendUpdate } from '../../platform/temporal/updates';
import { DayOrDateTimeSchema, toInstant } from '../../platform/http/schemas';

const body = <T extends z.ZodTypeAny>(schema: T) => ({ required: true as const, content: { 'application/json': { schema } } });
const spaceParams = z.object({ spaceId: UuidParam('spaceId') });
const mandateParams = z.object({ spaceId: UuidParam('spaceId'), mandateId: UuidParam('mandateId') });
const staffMandateParams = z.object({ mandateId: UuidParam('mandateId') });

const SectionCodeSchema = z.enum(SECTION_CODES).openapi('SectionCode');
const SectionSchema = z
  .object({
    code: SectionCodeSchema,
    names: z.object({ fr: z.string(), de: z.string(), en: z.string() }),
    authority: z.string().openapi({ description: 'The administering authority: its staff (the `staff` claim) set deadlines of this section’s mandates' }),
    procedures: z.array(z.string()).openapi({ description: 'Procedure type codes the section covers' }),
  })
  .openapi('Section');
const ScopeSchema = z
  .object({
    procedures: z.boolean().openapi({
      description:
        "The delegate may start, edit, sign and submit procedures on the mandator's behalf (R35) — every procedure type of the mandate's section, as GET /catalog/sections lists them; a mandate covers one section, so a narrower set of procedures means a mandate for another section.",
    }),
    dataConsultation: z.boolean().openapi({
      description: "The delegate may consult the mandator's company, certifications and procedures of the section: GET /spaces/{spaceId}/mandators/{mandatorSpaceId} (R24, R28).",
    }),
  })
  .strict()
  .refine((scope) => scope.procedures || scope.dataConsultation, 'choose procedures, dataConsultation or both')
  // The rule above, stated for the document: at least one flag is true.
  .openapi('MandateScope', { description: 'R24: procedures, data consultation or both', anyOf: [{ properties: { procedures: { enum: [true] } } }, { properties: { dataConsultation: { enum: [true] } } }] });
const EndDateSchema = DayOrDateTimeSchema(`End date of use (R34), at most ${MANDATE_MAX_YEARS} years ahead`);

const AccessRequestSchema = z
  .object({ section: SectionCodeSchema, scope: ScopeSchema, delegateCodes: z.number().int().min(0).max(MAX_DELEGATE_CODES), endDate: EndDateSchema.optional() })
  .strict()
  .openapi('AccessRequest');
const AccessRequestAnswerSchema = z
  .object({ id: z.string().uuid().openapi({ description: 'The access request; it is the mandate it creates' }), mandateId: z.string().uuid(), status: z.enum(MANDATE_STATUSES) })
  .openapi('AccessRequestAnswer');
const ActivationSchema = z.object({ code: z.string().min(1).max(64).openapi({ example: 'ABCD-EFGH-JKMN', description: 'Case- and dash-insensitive' }) }).strict().openapi('ActivationCodeEntry');
const ActivationAnswerSchema = z
  .object({ kind: z.enum(ACTIVATION_CODE_KINDS), mandateId: z.string().uuid(), section: z.string(), mandator: z.object({ spaceId: z.string().uuid(), companyName: z.string() }) })
  .openapi('ActivationResult');
const PartySchema = z.object({ spaceId: z.string().uuid(), companyName: z.string(), registrationNumber: z.string() });
const MandateSchema = z
  .object({
    id: z.string().uuid(),
    section: z.string(),
    scope: z.object({ procedures: z.boolean(), dataConsultation: z.boolean() }),
    status: z.enum(MANDATE_STATUSES),
    activationDeadline: z.string().datetime(),
    endDate: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    mandator: PartySchema,
    delegates: z.array(PartySchema.extend({ status: z.enum(DELEGATION_STATUSES), since: z.string().datetime(), endedAt: z.string().datetime().nullable() })),
    letters: z.array(z.object({ id: z.string().uuid(), kind: z.enum(ACTIVATION_CODE_KINDS), status: z.enum(LETTER_STATUSES), language: z.string(), printedAt: z.string().datetime(), dispatchedAt: z.string().datetime().nullable() })),
    codes: z.array(
      z.object({
        kind: z.enum(ACTIVATION_CODE_KINDS),
        status: z.enum(ACTIVATION_CODE_STATUSES),
        usedAt: z.string().datetime().nullable(),
        activationDeadline: z.string().datetime().openapi({ description: "The mandate's, or the own deadline of delegate codes issued later" }),
      }),
    ),
  })
  .openapi('Mandate');
const MandatorSchema = PartySchema.extend({
  mandateId: z.string().uuid(),
  section: z.string(),
  scope: z.object({ procedures: z.boolean(), dataConsultation: z.boolean() }),
  since: z.string().datetime(),
  endDate: z.string().datetime().nullable(),
}).openapi('Mandator', { description: 'A company this space acts for (R27, R28); spaceId is what onBehalfOf takes (R35)' });

const listSections = createRoute({
  method: 'get',
  path: '/catalog/sections',
  tags: ['Mandates'],
  summary: 'Sections (Rubriken) a holder code certifies and a mandate covers, with their procedure types',
  security: bearer,
  responses: { 200: jsonContent(z.array(SectionSchema), 'The catalog'), ...problems(401) },
});

const createAccessRequest = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/access-requests',
  tags: ['Mandates'],
  summary: 'Request activation codes for a section: the holder code and delegate codes are posted to the company (R25); administrators only',
  security: bearer,
  request: { params: spaceParams, headers: idempotencyHeader, body: body(AccessRequestSchema) },
  responses: { 201: jsonContent(AccessRequestAnswerSchema, 'The mandate, requested'), ...problems(401, 403, 404, 422, 503) },
});

const enterCode = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/activation-codes',
  tags: ['Mandates'],
  summary: 'Register an activation code (R29, R30); any member of any role (R37)',
  security: bearer,
  request: { params: spaceParams, body: body(ActivationSchema) },
  responses: { 200: jsonContent(ActivationAnswerSchema, 'What the code gave this space'), ...problems(401, 404, 409, 410, 422, 429, 503) },
});

const listMandates = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandates',
  tags: ['Mandates'],
  summary: 'Mandates this space gave and received (R31); every member sees them (R36)',
  security: bearer,
  request: { params: spaceParams },
  responses: { 200: jsonContent(z.object({ given: z.array(MandateSchema), received: z.array(MandateSchema) }).openapi('MandateLists'), 'Given and received'), ...problems(401, 404, 422) },
});

const revokeMandate = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandates/{mandateId}/revoke',
  tags: ['Mandates'],
  summary: 'Revoke a mandate this space gave; its delegates lose access at once (R32)',
  security: bearer,
  request: { params: mandateParams },
  responses: { 200: jsonContent(MandateSchema, 'The revoked mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const patchMandate = createRoute({
  method: 'patch',
  path: '/spaces/{spaceId}/mandates/{mandateId}',
  tags: ['Mandates'],
  summary: 'Change the end date of use (R34); null removes it',
  security: bearer,
  request: { params: mandateParams, body: body(z.object({ endDate: EndDateSchema.nullable() }).strict().openapi('MandateEndDate')) },
  responses: { 200: jsonContent(MandateSchema, 'The mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const changeDelegateCodes = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandates/{mandateId}/delegate-codes',
  tags: ['Mandates'],
  summary: 'New delegate codes by post, with their own activation deadline; unused delegate codes become void, registered delegates keep their access (R32, R34)',
  security: bearer,
  request: { params: mandateParams, headers: idempotencyHeader, body: body(z.object({ delegateCodes: z.number().int().min(1).max(MAX_DELEGATE_CODES) }).strict().openapi('DelegateCodesChange')) },
  responses: { 200: jsonContent(MandateSchema, 'The mandate with its new letters'), ...problems(401, 403, 404, 409, 422, 503) },
});

const revokeDelegate = createRoute({
  method: 'delete',
  path: '/spaces/{spaceId}/mandates/{mandateId}/delegates/{delegateSpaceId}',
  tags: ['Mandates'],
  summary: "End one delegate's access (R32); the mandate and the other delegates stay; administrators only",
  security: bearer,
  request: { params: mandateParams.extend({ delegateSpaceId: UuidParam('delegateSpaceId') }) },
  responses: { 204: { description: 'The delegation ended' }, ...problems(401, 403, 404, 409, 422, 503) },
});

const staffPatchMandate = createRoute({
  method: 'patch',
  path: '/staff/mandates/{mandateId}',
  tags: ['Staff'],
  summary: "Staff of the section's administering authority set the activation deadline and the end date of use (R34); other staff get 404",
  security: bearer,
  request: {
    params: staffMandateParams,
    body: body(
      z
        .object({ activationDeadline: DayOrDateTimeSchema('Activation deadline of the unused codes (R34)').optional(), endDate: EndDateSchema.nullable().optional() })
        .strict()
        .refine((value) => value.activationDeadline !== undefined || value.endDate !== undefined, 'name activationDeadline, endDate or both')
        .openapi('StaffMandateChange', { minProperties: 1 }),
    ),
  },
  responses: { 200: jsonContent(MandateSchema, 'The mandate'), ...problems(401, 403, 404, 409, 422, 503) },
});

const listMandators = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandators',
  tags: ['Mandates'],
  summary: 'The companies this space acts for through active delegations (R27, R28, R35)',
  security: bearer,
  request: { params: spaceParams, query: PageQuery },
  responses: { 200: jsonContent(pageOf(MandatorSchema, 'MandatorPage'), 'Page of mandators, oldest delegation first'), ...problems(401, 404, 422) },
});

function checkEndDate(endDate: string | null | undefined, path: string): void {
  if (endDate === null || endDate === undefined) return;
  if (!isAllowedMandateEndDate(toInstant(endDate).getTime(), Date.now())) {
    throw new DomainError('validation_failed', `${path}: ${MANDATE_END_DATE_RULE}`, { errors: [{ path, message: MANDATE_END_DATE_RULE }] });
  }
}

/** The mandate, given by this space, or 404. Changing it needs an administrator of the mandator's space (R10, R32). */
async function givenMandate(c: Context<AppEnv>, spaceId: string, mandateId: string): Promise<MandateRow> {
  const membership = await requireMembership(c, spaceId);
  const mandate = await findMandate(c.get('deps').db, mandateId);
  if (!mandate || mandate.mandatorSpaceId !== spaceId) throw notFound('The mandate');
  requireAdministrator(membership, 'change the mandates of the space');
  return mandate;
}

async function viewOf(c: Context<AppEnv>, mandateId: string) {
  const db = c.get('deps').db;
  return (await mandateViews(db, [(await findMandate(db, mandateId))!]))[0]!;
}

const notActive = (mandate: MandateRow) => () => new DomainError('mandate_not_active', `The mandate is ${mandate.status}.`);
const handleOf = (c: Context<AppEnv>, mandateId: string) => c.get('deps').temporal.client.workflow.getHandle(mandateWorkflowId(mandateId));

export const mandateRoutes = createRouter()
  .openapi(listSections, (c) =>
    c.json(
      SECTIONS.map((section) => ({ code: section.code, names: section.names, authority: section.authority, procedures: PROCEDURE_TYPES.filter((type) => type.section === section.code).map((type) => type.code) })),
      200,
    ),
  )
  .openapi(createAccessRequest, async (c) => {
    const { spaceId } = c.req.valid('param');
    const request = c.req.valid('json');
    const membership = await requireMembership(c, spaceId);
    requireAdministrator(membership, 'request activation codes');
    checkEndDate(request.endDate, 'endDate');
    const { db, config } = c.get('deps');
    requireCodeSecret(config.activationCodeSecret);
    const actor = currentActor(c);
    const space = (await findSpace(db, spaceId))!;
    // R25: the codes go to the register's address, so only a company of the register can ask for them.
    if (!(await findRegisteredCompany(db, space.companyRegistrationNumber))) {
      throw new DomainError('company_not_registered', `The registration number ${space.companyRegistrationNumber} is not in the company register.`, {
        translatedDetail: { key: 'problem.company_not_registered.detail', params: { registrationNumber: space.companyRegistrationNumber } },
      });
    }
    // The deadline is fixed here, so the row and the workflow's timer agree.
    const activationDeadline = new Date(Date.now() + config.lifecycle.activationDeadlineMs).toISOString();
    const inputOf = (mandateId: string): MandateWorkflowInput & { activationDeadline: string } => ({
      mandateId,
      mandatorSpaceId: spaceId,
      section: request.section,
      scope: { procedures: request.scope.procedures, dataConsultation: request.scope.dataConsultation },
      delegateCodes: request.delegateCodes,
      endDate: request.endDate ? toInstant(request.endDate).toISOString() : null,
      requestedBy: actor,
      timings: {
        activationDeadlineMs: config.lifecycle.activationDeadlineMs,
        activationRemindersMs: config.lifecycle.activationRemindersMs,
        endRemindersMs: config.lifecycle.mandateEndRemindersMs,
      },
      activationDeadline,
    });
    const answer = await startProcess(c, {
      kind: 'access-request',
      scope: [spaceId],
      request,
      workflow: async (mandateId) => {
        const space = (await findSpace(db, spaceId))!;
        return {
          type: 'mandateWorkflow',
          workflowId: mandateWorkflowId(mandateId),
          args: [inputOf(mandateId)],
          searchAttributes: [
            { key: SPACE_ID, value: spaceId },
            { key: COMPANY_NAME, value: space.companyName },
            { key: SECTION, value: request.section },
            { key: PROCESS_STATUS, value: 'requested' },
            // The delegates' spaces join as they register (mandateWorkflow).
            { key: SPACE_IDS, value: [spaceId] },
          ],
          summary: `Mandate of ${space.companyName} (${space.companyRegistrationNumber}) for the section ${request.section}: holder code and ${request.delegateCodes} delegate code(s) by post`,
          details: `Requested by person ${actor.personId} from the space "${space.name}" (${spaceId}). Scope: ${JSON.stringify(request.scope)}.`,
        };
      },
      record: async (mandateId) => {
        const recorded = await recordMandate(db, inputOf(mandateId));
        return { id: recorded.mandateId, mandateId: recorded.mandateId, status: recorded.status };
      },
    });
    c.get('log').info({ mandateId: answer.mandateId, spaceId, section: request.section }, 'access request started');
    return c.json(answer, 201);
  })
  .openapi(enterCode, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { code } = c.req.valid('json');
    await requireMembership(c, spaceId);
    const { db, config } = c.get('deps');
    const secret = requireCodeSecret(config.activationCodeSecret);
    const { certificateSsn } = currentCaller(c);
    // Anti-automation: per space and per caller (certificate), so that new spaces give no new guesses.
    const recent = await recentActivationFailures(db, { spaceId, certificateSsn });
    for (const [failures, what] of [[recent.space, 'from this space'], [recent.certificate, 'with this certificate']] as const) {
      if (failures.count >= ACTIVATION_FAILURE_LIMIT) {
        const retryAfterSeconds = Math.max(1, Math.ceil(((failures.oldest?.getTime() ?? Date.now()) + ACTIVATION_FAILURE_WINDOW_MS - Date.now()) / 1000));
        throw new DomainError('too_many_attempts', `Too many wrong codes ${what}; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
    }
    const record = (success: boolean) => db.insert(activationAttempts).values({ id: randomUUID(), spaceId, certificateSsn, success });
    // Unknown codes and codes of another situation (R30) get the same answer, and both count as failures.
    const invalid = async () => {
      await record(false);
      return new DomainError('invalid_code', 'This activation code is not valid.');
    };
    const hash = hashEnteredCode(secret, code);
    const [row] = hash ? await db.select().from(activationCodes).where(eq(activationCodes.codeHash, hash)).limit(1) : [];
    const mandate = row ? await findMandate(db, row.mandateId) : undefined;
    if (!row || !mandate) throw await invalid();
    if (row.kind === 'holder' ? mandate.mandatorSpaceId !== spaceId : mandate.mandatorSpaceId === spaceId) throw await invalid();
    if (row.status === 'used') throw new DomainError('code_already_used', 'This activation code has already been used.');
    if (row.status !== 'issued') throw new DomainError('code_expired', 'This activation code has expired or was replaced.');
    if (row.kind === 'holder') {
      const space = (await findSpace(db, spaceId))!;
      if (await activeHolderMandate(db, space.companyRegistrationNumber, mandate.section, mandate.id)) {
        throw new DomainError('holder_code_already_active', 'A holder code is already active for this section and company.');
      }
    }
    const result = await sendUpdate(
      c,
      () => handleOf(c, mandate.id).executeUpdate(activateCodeUpdate, { args: [{ codeId: row.id, spaceId, actor: currentActor(c) }] }),
      () => new DomainError('code_expired', 'This activation code has expired.'),
    );
    await record(true);
    return c.json(result, 200);
  })
  .openapi(listMandates, async (c) => {
    const { spaceId } = c.req.valid('param');
    await requireMembership(c, spaceId);
    const db = c.get('deps').db;
    return c.json({ given: await mandatesGivenBy(db, spaceId), received: await mandatesReceivedBy(db, spaceId) }, 200);
  })
  .openapi(revokeMandate, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    const mandate = await givenMandate(c, spaceId, mandateId);
    await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(revokeMandateUpdate, { args: [{ actor: currentActor(c) }] }), notActive(mandate));
    return c.json(await viewOf(c, mandateId), 200);
  })
  .openapi(patchMandate, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    const { endDate } = c.req.valid('json');
    checkEndDate(endDate, 'endDate');
    const mandate = await givenMandate(c, spaceId, mandateId);
    const iso = endDate === null ? null : toInstant(endDate).toISOString();
    await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(changeEndDateUpdate, { args: [{ actor: currentActor(c), endDate: iso }] }), notActive(mandate));
    return c.json(await viewOf(c, mandateId), 200);
  })
  .openapi(changeDelegateCodes, async (c) => {
    const { spaceId, mandateId } = c.req.valid('param');
    const { delegateCodes } = c.req.valid('json');
    const mandate = await givenMandate(c, spaceId, mandateId);
    const view = await startProcess(c, {
      kind: 'delegate-codes',
      scope: [spaceId, mandateId],
      request: { mandateId, delegateCodes },
      // The update id derives from the key too: a retry re-attaches to the same change instead of posting again.
      record: async (changeId) => {
        await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(changeDelegateCodesUpdate, { updateId: changeId, args: [{ actor: currentActor(c), delegateCodes }] }), notActive(mandate));
        return viewOf(c, mandateId);
      },
    });
    return c.json(view, 200);
  })
  .openapi(revokeDelegate, async (c) => {
    const { spaceId, mandateId, delegateSpaceId } = c.req.valid('param');
    const mandate = await givenMandate(c, spaceId, mandateId);
    const [delegation] = await c
      .get('deps')
      .db.select({ id: delegations.id })
      .from(delegations)
      .where(and(eq(delegations.mandateId, mandateId), eq(delegations.delegateSpaceId, delegateSpaceId), eq(delegations.status, 'active')))
      .limit(1);
    if (!delegation) throw notFound('The delegate');
    await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(revokeDelegateUpdate, { args: [{ actor: currentActor(c), delegateSpaceId }] }), notActive(mandate));
    return c.body(null, 204);
  })
  .openapi(staffPatchMandate, async (c) => {
    const { mandateId } = c.req.valid('param');
    const change = c.req.valid('json');
    const authority = staffAuthority(c);
    checkEndDate(change.endDate, 'endDate');
    if (change.activationDeadline !== undefined && toInstant(change.activationDeadline).getTime() <= Date.now()) {
      throw new DomainError('validation_failed', 'activationDeadline: must lie in the future', { errors: [{ path: 'activationDeadline', message: 'must lie in the future' }] });
    }
    const mandate = await findMandate(c.get('deps').db, mandateId);
    // Staff act within their authority: another authority's mandate does not exist for them.
    if (!mandate || findSection(mandate.section)?.authority !== authority) throw notFound('The mandate');
    const actor = currentActor(c);
    if (change.activationDeadline !== undefined) {
      const activationDeadline = toInstant(change.activationDeadline).toISOString();
      await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(changeActivationDeadlineUpdate, { args: [{ actor, activationDeadline }] }), notActive(mandate));
    }
    if (change.endDate !== undefined) {
      const endDate = change.endDate === null ? null : toInstant(change.endDate).toISOString();
      await sendUpdate(c, () => handleOf(c, mandateId).executeUpdate(changeEndDateUpdate, { args: [{ actor, endDate }] }), notActive(mandate));
    }
    return c.json(await viewOf(c, mandateId), 200);
  })
  .openapi(listMandators, async (c) => {
    const { spaceId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor);
    // The caller's rights and the page in one round trip: each row the delegation, its mandate and the mandator's
    // space, each as its table's JSON (rowFromJson reads them back as a select of the three tables would).
    type Json = Record<string, unknown>;
    const { rows } = await readPageAsMember<{ delegation: Json; mandate: Json; mandator: Json }>(
      c,
      spaceId,
      sql`
      select to_json(${delegations}) as delegation, to_json(${mandates}) as mandate, to_json(${spaces}) as mandator, ${delegations.createdAt}, ${delegations.id}
        from ${delegations}
        join ${mandates} on ${mandates.id} = ${delegations.mandateId}
        join ${spaces} on ${spaces.id} = ${mandates.mandatorSpaceId}
       where ${and(eq(delegations.delegateSpaceId, spaceId), eq(delegations.status, 'active'), eq(mandates.status, 'active'), keysetAfter(delegations.createdAt, delegations.id, after))}
       order by ${delegations.createdAt}, ${delegations.id}
       limit ${limit + 1}`,
      sql`created_at, id`,
    );
    const read = rows.map((row) => ({ delegation: rowFromJson(delegations, row.delegation), mandate: rowFromJson(mandates, row.mandate), mandator: rowFromJson(spaces, row.mandator) }));
    const page = toPage(read, limit, (row) => ({ at: row.delegation.createdAt.toISOString(), id: row.delegation.id }));
    return c.json(
      {
        items: page.items.map((row) => ({
          spaceId: row.mandator.id,
          companyName: row.mandator.companyName,
          registrationNumber: row.mandator.companyRegistrationNumber,
          mandateId: row.mandate.id,
          section: row.mandate.section,
          scope: row.mandate.scope,
          since: row.delegation.createdAt.toISOString(),
          endDate: row.mandate.endDate ? row.mandate.endDate.toISOString() : null,
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
