// What a delegate does with its mandators (R27, R28, R35, R38): the list of companies it acts for, the consultation
// of a mandator's data where the mandate's scope says so (R24), and the move of a mandator into another space of
// the delegate company. Filing procedures for a mandator is the procedures' (R35).
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { DomainError, invalid, notFound } from '../../domain/errors';
import type { ProcedureStatus } from '../../domain/procedures';
import type { Executor } from '../../platform/db/client';
import { delegations, mandates, procedures } from '../../platform/db/schema';
import { PROCEDURE_TYPES } from '../../domain/procedures';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { delegationMovedSignal, mandateWorkflowId } from '../mandates/contract';
import { actorOf } from '../people/use-cases';
import { spaceProcedurePage } from '../procedures/store';
import { findRegisteredCompany } from '../register/store';
import { requireAdministrator, requireMembership } from '../spaces/access';
import { findSpace, spaceCertificationViews } from '../spaces/store';
import type { MandatorData, MandatorMoved } from './schemas';

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

async function delegationsOrNotFound(requester: Requester, spaceId: string, mandatorSpaceId: string) {
  const rows = await activeDelegations(requester.deps.db, spaceId, mandatorSpaceId);
  // Not a mandator of this space: as unknown as any foreign space.
  if (rows.length === 0) throw notFound('The mandator');
  return rows;
}

/** R24, R28: the mandator's company (from the register), certifications and procedures of the consulted sections. */
export async function consultMandator(requester: Requester, spaceId: string, mandatorSpaceId: string, query: PageRequest & { status?: ProcedureStatus | undefined }): Promise<MandatorData> {
  await requireMembership(requester, spaceId);
  const rows = await delegationsOrNotFound(requester, spaceId, mandatorSpaceId);
  const consulting = rows.filter((row) => row.mandate.scope.dataConsultation);
  if (consulting.length === 0) {
    throw new DomainError('data_consultation_not_granted', 'The mandates of this company cover procedures only, not the consultation of its data.', {
      translatedDetail: { key: 'problem.data_consultation_not_granted.detail' },
    });
  }
  const { db } = requester.deps;
  const mandator = (await findSpace(db, mandatorSpaceId))!;
  // Who a company is comes from the register, not from what its space declares.
  const registered = await findRegisteredCompany(db, mandator.companyRegistrationNumber);
  const sections = [...new Set(consulting.map((row) => row.mandate.section))];
  return {
    spaceId: mandator.id,
    company: registered
      ? { name: registered.name, registrationNumber: registered.registrationNumber, address: registered.address, registered: true }
      : { name: mandator.companyName, registrationNumber: mandator.companyRegistrationNumber, address: mandator.companyAddress, registered: false },
    mandates: rows.map((row) => ({ mandateId: row.mandate.id, section: row.mandate.section, scope: row.mandate.scope, endDate: row.mandate.endDate?.toISOString() ?? null })),
    certifications: await spaceCertificationViews(db, mandatorSpaceId),
    procedures: await spaceProcedurePage(db, mandatorSpaceId, { ...query, sections, ownOnly: true }),
  };
}

/** R38: the delegations for a mandator move to another space of the same delegate company; administrators of both. */
export async function moveMandator(requester: Requester, spaceId: string, mandatorSpaceId: string, toSpaceId: string): Promise<MandatorMoved> {
  const from = await requireMembership(requester, spaceId);
  requireAdministrator(from, 'move a mandator to another space');
  const rows = await delegationsOrNotFound(requester, spaceId, mandatorSpaceId);
  const to = await requireMembership(requester, toSpaceId);
  requireAdministrator(to, 'move a mandator to another space');
  const { db, temporal } = requester.deps;
  const source = (await findSpace(db, spaceId))!;
  const target = (await findSpace(db, toSpaceId))!;
  if (toSpaceId === spaceId || target.companyRegistrationNumber !== source.companyRegistrationNumber) {
    throw invalid([{ path: 'toSpaceId', message: toSpaceId === spaceId ? 'is this space' : 'is a space of another company' }]);
  }
  const mandator = (await findSpace(db, mandatorSpaceId))!;
  const actor = await actorOf(requester);
  const moved = await db.transaction(async (tx) => {
    const updated = await tx
      .update(delegations)
      .set({ delegateSpaceId: toSpaceId })
      .where(and(inArray(delegations.id, rows.map((row) => row.delegation.id)), eq(delegations.status, 'active'), eq(delegations.delegateSpaceId, spaceId)))
      .returning({ id: delegations.id, mandateId: delegations.mandateId });
    // R38: what the delegation filed for the mandator in the moved sections moves along, so the new space carries it on.
    const movedSections = [...new Set(updated.map((delegation) => rows.find((row) => row.delegation.id === delegation.id)!.mandate.section))];
    const movedTypes = PROCEDURE_TYPES.filter((type) => movedSections.includes(type.section)).map((type) => type.code);
    if (movedTypes.length > 0) {
      await tx
        .update(procedures)
        .set({ spaceId: toSpaceId, updatedAt: new Date() })
        .where(and(eq(procedures.spaceId, spaceId), eq(procedures.onBehalfOf, mandatorSpaceId), inArray(procedures.type, movedTypes)));
    }
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
    for (const mandateId of new Set(updated.map((row) => row.mandateId))) {
      await temporal.client.workflow.getHandle(mandateWorkflowId(mandateId)).signal(delegationMovedSignal, { fromSpaceId: spaceId, toSpaceId });
    }
    return updated;
  });
  requester.log.info({ mandatorSpaceId, fromSpaceId: spaceId, toSpaceId, delegations: moved.length }, 'mandator moved');
  return { toSpaceId, mandateIds: [...new Set(moved.map((row) => row.mandateId))] };
}
