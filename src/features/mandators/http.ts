// What a delegate does with a mandator beyond filing procedures: consult its data where the mandate's scope says
// so (R24, R28), and group it into another space of the delegate company (R38). The mandators list and the
// R35 check stay with the mandates (src/api/mandates, src/db/mandates).
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Executor } from '../../platform/db/client';
import { delegations, mandates } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findSpace, spaceCertificationViews } from '../spaces/store';
import { PROCEDURE_STATUSES } from '../../domain/procedures';
import { delegationMovedSignal, mandateWorkflowId } from '../mandates/contract';
import type { AppEnv } from '../../platform/http/env';
import { currentActor, requireAdministrator, requireMembership } from '../../platform/http/auth';
import { DomainError, notFound } from '../../domain/errors';
import { bearer, createRouter, jsonContent, pageOf, PageQuery, problems, UuidParam } from '../../platform/http/router';
import { AddressSchema } from '../../platform/http/schemas';
import { ProcedureSchema, spaceProcedurePage } from '../procedures/http';
import { findRegisteredCompany } from '../register/store';
import { SpaceCertificationSchema } from '../certification/schemas';

const mandatorParams = z.object({ spaceId: UuidParam('spaceId'), mandatorSpaceId: UuidParam('mandatorSpaceId') });
const ScopeSchema = z.object({ procedures: z.boolean(), dataConsultation: z.boolean() });

const MandatorDataSchema = z
  .object({
    spaceId: z.string().uuid(),
    company: z
      .object({ name: z.string(), registrationNumber: z.string(), address: AddressSchema, registered: z.boolean() })
      .openapi({ description: 'Who the mandator is: as the company register holds it (registered: true), else as its space declares it' }),
    mandates: z.array(z.object({ mandateId: z.string().uuid(), section: z.string(), scope: ScopeSchema, endDate: z.string().datetime().nullable() })).openapi({
      description: 'The active mandates this space holds from the mandator; procedures are shown for the sections whose scope grants data consultation',
    }),
    certifications: z.array(SpaceCertificationSchema),
    procedures: pageOf(ProcedureSchema, 'MandatorProcedurePage'),
  })
  .openapi('MandatorData');

const consultMandator = createRoute({
  method: 'get',
  path: '/spaces/{spaceId}/mandators/{mandatorSpaceId}',
  tags: ['Mandates'],
  summary: "Consult a mandator's data: its company, its certifications and its procedures of the mandate's section (R24, R28)",
  description:
    'Needs an active mandate whose scope grants `dataConsultation`; a mandate for procedures only → 403 `data_consultation_not_granted`. The procedures are those the mandator filed itself and those any delegate filed on its behalf, in the sections consulted; `limit`, `cursor` and `status` page them.',
  security: bearer,
  request: { params: mandatorParams, query: PageQuery.extend({ status: z.enum(PROCEDURE_STATUSES).optional() }) },
  responses: { 200: jsonContent(MandatorDataSchema, "The mandator's data"), ...problems(401, 403, 404, 422) },
});

const moveMandator = createRoute({
  method: 'post',
  path: '/spaces/{spaceId}/mandators/{mandatorSpaceId}/move',
  tags: ['Mandates'],
  summary: 'Move a mandator to another space of the same delegate company (R38); administrators of both spaces',
  description:
    'The delegations of this space for that mandator (every section) move to `toSpaceId`, a space of the same company (same registration number) where the caller is an administrator. Procedures already filed stay with the space that filed them.',
  security: bearer,
  request: {
    params: mandatorParams,
    body: { required: true, content: { 'application/json': { schema: z.object({ toSpaceId: z.string().uuid() }).strict().openapi('MandatorMove') } } },
  },
  responses: {
    200: jsonContent(z.object({ toSpaceId: z.string().uuid(), mandateIds: z.array(z.string().uuid()) }).openapi('MandatorMoved'), 'The mandates whose delegation moved'),
    ...problems(401, 403, 404, 422),
  },
});

/** The active delegations of this space for this mandator, under mandates that are active and not past their end. */
async function activeDelegations(db: Executor, delegateSpaceId: string, mandatorSpaceId: string) {
  return db
    .select({ delegation: delegations, mandate: mandates })
    .from(delegations)
    .innerJoin(mandates, eq(mandates.id, delegations.mandateId))
    .where(
      and(
        eq(delegations.delegateSpaceId, delegateSpaceId),
        eq(delegations.status, 'active'),
        eq(mandates.mandatorSpaceId, mandatorSpaceId),
        eq(mandates.status, 'active'),
        or(isNull(mandates.endDate), gt(mandates.endDate, new Date())),
      ),
    );
}

async function delegationsOrNotFound(c: Context<AppEnv>, spaceId: string, mandatorSpaceId: string) {
  const rows = await activeDelegations(c.get('deps').db, spaceId, mandatorSpaceId);
  // Not a mandator of this space: as unknown as any foreign space.
  if (rows.length === 0) throw notFound('The mandator');
  return rows;
}

export const mandatorRoutes = createRouter()
  .openapi(consultMandator, async (c) => {
    const { spaceId, mandatorSpaceId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    await requireMembership(c, spaceId);
    const rows = await delegationsOrNotFound(c, spaceId, mandatorSpaceId);
    const consulting = rows.filter((row) => row.mandate.scope.dataConsultation);
    if (consulting.length === 0) {
      throw new DomainError('data_consultation_not_granted', "The mandates of this company cover procedures only, not the consultation of its data.", {
        translatedDetail: { key: 'problem.data_consultation_not_granted.detail' },
      });
    }
    const { db } = c.get('deps');
    const mandator = (await findSpace(db, mandatorSpaceId))!;
    // Who a company is comes from the register, not from what its space declares.
    const registered = await findRegisteredCompany(db, mandator.companyRegistrationNumber);
    const sections = [...new Set(consulting.map((row) => row.mandate.section))];
    return c.json(
      {
        spaceId: mandator.id,
        company: registered
          ? { name: registered.name, registrationNumber: registered.registrationNumber, address: registered.address, registered: true }
          : { name: mandator.companyName, registrationNumber: mandator.companyRegistrationNumber, address: mandator.companyAddress, registered: false },
        mandates: rows.map((row) => ({ mandateId: row.mandate.id, section: row.mandate.section, scope: row.mandate.scope, endDate: row.mandate.endDate?.toISOString() ?? null })),
        certifications: await spaceCertificationViews(db, mandatorSpaceId),
        procedures: await spaceProcedurePage(db, mandatorSpaceId, { limit, cursor, status, sections, ownOnly: true }),
      },
      200,
    );
  })
  .openapi(moveMandator, async (c) => {
    const { spaceId, mandatorSpaceId } = c.req.valid('param');
    const { toSpaceId } = c.req.valid('json');
    const from = await requireMembership(c, spaceId);
    requireAdministrator(from, 'move a mandator to another space');
    const rows = await delegationsOrNotFound(c, spaceId, mandatorSpaceId);
    const to = await requireMembership(c, toSpaceId);
    requireAdministrator(to, 'move a mandator to another space');
    const { db } = c.get('deps');
    const source = (await findSpace(db, spaceId))!;
    const target = (await findSpace(db, toSpaceId))!;
    if (toSpaceId === spaceId || target.companyRegistrationNumber !== source.companyRegistrationNumber) {
      const message = toSpaceId === spaceId ? 'is this space' : 'is a space of another company';
      throw new DomainError('validation_failed', `toSpaceId: ${message}`, { errors: [{ path: 'toSpaceId', message }] });
    }
    const mandator = (await findSpace(db, mandatorSpaceId))!;
    const actor = currentActor(c);
    const moved = await db.transaction(async (tx) => {
      const updated = await tx
        .update(delegations)
        .set({ delegateSpaceId: toSpaceId })
        .where(and(inArray(delegations.id, rows.map((row) => row.delegation.id)), eq(delegations.status, 'active'), eq(delegations.delegateSpaceId, spaceId)))
        .returning({ id: delegations.id, mandateId: delegations.mandateId });
      const now = new Date();
      for (const delegation of updated) {
        const section = rows.find((row) => row.delegation.id === delegation.id)!.mandate.section;
        const data = { mandator: mandator.companyName, mandatorSpaceId, section, fromSpaceId: spaceId, toSpaceId };
        // The timeline of all three spaces: both of the delegate company and the mandator's (R31).
        for (const eventSpace of [spaceId, toSpaceId, mandatorSpaceId]) {
          await appendSpaceEvent(tx, { key: `${delegation.id}/${now.getTime()}/${eventSpace}`, spaceId: eventSpace, type: 'delegation.moved', actor, subjectId: delegation.mandateId, data, occurredAt: now });
        }
      }
      // SpaceIds of each mandate's workflow follow the delegation (operators find the mandate from the new space).
      // Inside the transaction: without Temporal the move rolls back and the caller gets 503.
      const { temporal } = c.get('deps');
      for (const mandateId of new Set(updated.map((row) => row.mandateId))) {
        await temporal.client.workflow.getHandle(mandateWorkflowId(mandateId)).signal(delegationMovedSignal, { fromSpaceId: spaceId, toSpaceId });
      }
      return updated;
    });
    c.get('log').info({ mandatorSpaceId, fromSpaceId: spaceId, toSpaceId, delegations: moved.length }, 'mandator moved');
    return c.json({ toSpaceId, mandateIds: [...new Set(moved.map((row) => row.mandateId))] }, 200);
  });
