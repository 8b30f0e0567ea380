// Reads of the mandate tables shared by the API and the activities, and the R35 check the procedures use.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AnyColumn, SQL } from 'drizzle-orm';
import { executeRows, type Executor } from '../../platform/db/client';
import { recentFailures, type Failures } from '../../platform/db/attempts';
import { PROCEDURE_TYPES } from '../../domain/procedures';
import { activationAttempts, activationCodes, delegations, letters, mandates, spaces } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { domainFailure } from '../../domain/failures';
import { findSpace, type SpaceRow } from '../spaces/store';
import type { MandateWorkflowInput } from './contract';
import type { MandateView } from './schemas';
import { ACTIVATION_FAILURE_WINDOW_MS, type MandateStatus } from '../../domain/mandates';

export type MandateRow = typeof mandates.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function findMandate(db: Executor, mandateId: string): Promise<MandateRow | undefined> {
  const [row] = await db.select().from(mandates).where(eq(mandates.id, mandateId)).limit(1);
  return row;
}

/**
 * Views of these mandates. `forDelegateSpace` is the received view (R31): only that space's own delegation, no
 * letters or codes of the mandator.
 */
export async function mandateViews(db: Executor, rows: MandateRow[], forDelegateSpace?: string): Promise<MandateView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const delegationRows = await db
    .select({ delegation: delegations, space: { id: spaces.id, companyName: spaces.companyName, registrationNumber: spaces.companyRegistrationNumber } })
    .from(delegations)
    .innerJoin(spaces, eq(spaces.id, delegations.delegateSpaceId))
    .where(and(inArray(delegations.mandateId, ids), forDelegateSpace ? eq(delegations.delegateSpaceId, forDelegateSpace) : undefined))
    .orderBy(asc(delegations.createdAt), asc(delegations.id));
  const letterRows = forDelegateSpace ? [] : await db.select().from(letters).where(inArray(letters.mandateId, ids)).orderBy(asc(letters.batch), asc(letters.printedAt), asc(letters.id));
  const codeRows = forDelegateSpace
    ? []
    : await db
        .select({ mandateId: activationCodes.mandateId, kind: activationCodes.kind, status: activationCodes.status, usedAt: activationCodes.usedAt, activationDeadline: activationCodes.activationDeadline })
        .from(activationCodes)
        .where(inArray(activationCodes.mandateId, ids))
        .orderBy(asc(activationCodes.batch), asc(activationCodes.createdAt), asc(activationCodes.id));
  const mandatorRows = await db
    .select({ id: spaces.id, companyName: spaces.companyName, registrationNumber: spaces.companyRegistrationNumber })
    .from(spaces)
    .where(inArray(spaces.id, [...new Set(rows.map((row) => row.mandatorSpaceId))]));
  // Grouped by mandate once: a delegate of thousands of mandators gets its list in linear time.
  const byMandate = <T extends { mandateId: string }>(items: T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const group = groups.get(item.mandateId);
      if (group) group.push(item);
      else groups.set(item.mandateId, [item]);
    }
    return groups;
  };
  const delegatesOf = byMandate(delegationRows.map((entry) => ({ ...entry, mandateId: entry.delegation.mandateId })));
  const lettersOf = byMandate(letterRows);
  const codesOf = byMandate(codeRows);
  const mandators = new Map(mandatorRows.map((space) => [space.id, space]));
  return rows.map((row) => {
    const mandator = mandators.get(row.mandatorSpaceId)!;
    return {
      id: row.id,
      section: row.section,
      scope: row.scope,
      status: row.status,
      activationDeadline: row.activationDeadline.toISOString(),
      endDate: iso(row.endDate),
      createdAt: row.createdAt.toISOString(),
      mandator: { spaceId: mandator.id, companyName: mandator.companyName, registrationNumber: mandator.registrationNumber },
      delegates: (delegatesOf.get(row.id) ?? []).map((entry) => ({
        spaceId: entry.space.id,
        companyName: entry.space.companyName,
        registrationNumber: entry.space.registrationNumber,
        status: entry.delegation.status,
        since: entry.delegation.createdAt.toISOString(),
        endedAt: iso(entry.delegation.endedAt),
      })),
      letters: (lettersOf.get(row.id) ?? []).map((letter) => ({ id: letter.id, kind: letter.kind, status: letter.status, language: letter.language, printedAt: letter.printedAt.toISOString(), dispatchedAt: iso(letter.dispatchedAt) })),
      codes: (codesOf.get(row.id) ?? []).map((code) => ({ kind: code.kind, status: code.status, usedAt: iso(code.usedAt), activationDeadline: (code.activationDeadline ?? row.activationDeadline).toISOString() })),
    };
  });
}

export async function mandatesGivenBy(db: Executor, spaceId: string): Promise<MandateView[]> {
  const rows = await db.select().from(mandates).where(eq(mandates.mandatorSpaceId, spaceId)).orderBy(desc(mandates.createdAt), desc(mandates.id));
  return mandateViews(db, rows);
}

export async function mandatesReceivedBy(db: Executor, spaceId: string): Promise<MandateView[]> {
  const rows = await db
    .selectDistinct({ mandate: mandates })
    .from(mandates)
    .innerJoin(delegations, eq(delegations.mandateId, mandates.id))
    .where(eq(delegations.delegateSpaceId, spaceId));
  const sorted = rows.map((row) => row.mandate).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
  return mandateViews(db, sorted, spaceId);
}

/**
 * R35 and rights at every use, the one home of "does a mandate still cover this": SQL that is true while an active
 * delegation of `delegateSpaceId` under an active mandate of `mandatorSpaceId`, not past its end date, covers
 * `section` with the procedures scope. Each argument is a value or an expression of the enclosing statement.
 */
export function activeMandateCoversSql(delegateSpaceId: SQL | string, mandatorSpaceId: SQL | string, section: SQL | string): SQL {
  return sql`exists (select 1 from ${delegations} join ${mandates} on ${mandates.id} = ${delegations.mandateId}
                      where ${delegations.delegateSpaceId} = ${delegateSpaceId} and ${delegations.status} = 'active'
                        and ${mandates.mandatorSpaceId} = ${mandatorSpaceId} and ${mandates.section} = ${section}
                        and ${mandates.status} = 'active' and (${mandates.scope} ->> 'procedures')::boolean
                        and (${mandates.endDate} is null or ${mandates.endDate} > now()))`;
}

/** The section of a procedure whose type is `type` (an expression), as SQL: the catalog's one mapping. */
export function sectionOfTypeSql(type: SQL | AnyColumn): SQL {
  return sql`(case ${type} ${sql.join(PROCEDURE_TYPES.map((each) => sql`when ${each.code} then ${each.section}`), sql` `)} end)`;
}

/** `activeMandateCoversSql`, asked once. */
export async function activeMandateCovers(db: Executor, query: { delegateSpaceId: string; mandatorSpaceId: string; section: string }): Promise<boolean> {
  const [row] = await executeRows<{ covers: boolean }>(db, sql`select ${activeMandateCoversSql(query.delegateSpaceId, query.mandatorSpaceId, query.section)} as covers`);
  return row?.covers === true;
}

/** Wrong codes within the window, counted per space and per certificate in one statement (anti-automation). */
export async function recentActivationFailures(db: Executor, by: { spaceId: string; certificateSsn: string }, now = new Date()): Promise<Record<'space' | 'certificate', Failures>> {
  const scopes = { space: eq(activationAttempts.spaceId, by.spaceId), certificate: eq(activationAttempts.certificateSsn, by.certificateSsn) };
  return recentFailures(db, activationAttempts, activationAttempts, scopes, ACTIVATION_FAILURE_WINDOW_MS, now);
}

/** An active holder mandate of this company for this section other than `exceptMandateId` (R33). */
export async function activeHolderMandate(db: Executor, registrationNumber: string, section: string, exceptMandateId: string): Promise<MandateRow | undefined> {
  const [row] = await db
    .select()
    .from(mandates)
    .where(and(eq(mandates.companyRegistrationNumber, registrationNumber), eq(mandates.section, section), eq(mandates.status, 'active'), sql`${mandates.id} <> ${exceptMandateId}`))
    .limit(1);
  return row;
}

/** The mandate row (requested) and its timeline event once. */
export async function recordMandate(db: Executor, input: MandateWorkflowInput & { activationDeadline: string }): Promise<{ mandateId: string; status: MandateStatus }> {
  const [existing] = await db.select({ id: mandates.id, status: mandates.status }).from(mandates).where(eq(mandates.id, input.mandateId)).limit(1);
  if (existing) return { mandateId: existing.id, status: existing.status };
  return db.transaction(async (tx) => {
    const space = await findSpace(tx, input.mandatorSpaceId);
    if (!space) throw new Error(`Space ${input.mandatorSpaceId} does not exist`);
    const now = new Date();
    await tx
      .insert(mandates)
      .values({
        id: input.mandateId,
        mandatorSpaceId: input.mandatorSpaceId,
        companyRegistrationNumber: space.companyRegistrationNumber,
        section: input.section,
        scope: input.scope,
        status: 'requested',
        requestedBy: input.requestedBy.personId,
        activationDeadline: new Date(input.activationDeadline),
        endDate: input.endDate ? new Date(input.endDate) : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    await appendSpaceEvent(tx, {
      key: `${input.mandateId}`,
      spaceId: input.mandatorSpaceId,
      type: 'mandate.requested',
      actor: input.requestedBy,
      subjectId: input.mandateId,
      data: { section: input.section, scope: input.scope, delegateCodes: input.delegateCodes, endDate: input.endDate, activationDeadline: input.activationDeadline },
      occurredAt: now,
    });
    return { mandateId: input.mandateId, status: 'requested' as const };
  });
}

/** The mandate and its mandator's space, for an activity (a failure that names what is missing otherwise). */
export async function loadMandate(tx: Executor, mandateId: string): Promise<{ mandate: MandateRow; mandator: SpaceRow }> {
  const mandate = await findMandate(tx, mandateId);
  if (!mandate) throw domainFailure('not_found', `Mandate ${mandateId} is not recorded`);
  const mandator = await findSpace(tx, mandate.mandatorSpaceId);
  if (!mandator) throw domainFailure('not_found', `Mandate ${mandateId} lost its space`);
  return { mandate, mandator };
}
