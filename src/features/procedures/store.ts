// The procedure rows: how a space's procedures (its own and those filed on its behalf) are read, paged and viewed.
import { and, asc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { notFound } from '../../domain/errors';
import { findProcedureType, PROCEDURE_TYPES } from '../../domain/procedures';
import type { Executor } from '../../platform/db/client';
import { procedures, spaces } from '../../platform/db/schema';
import { decodeCursor, keysetAfter, toPage } from '../../platform/pagination';
import { activeMandateCovers, activeMandateCoversSql, sectionOfTypeSql } from '../mandates/store';
import type { ProcedureView } from './schemas';

export type ProcedureRow = typeof procedures.$inferSelect;

export function toProcedureView(row: ProcedureRow, filers: ReadonlyMap<string, string> = new Map(), forSpaceId?: string): ProcedureView {
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

export async function spaceProcedure(db: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, procedureId)).limit(1);
  if (!row || row.spaceId !== spaceId) throw notFound('The procedure');
  return row;
}

/** Reading (not changing): the filing space's procedure, or one a delegate filed on this space's behalf (R28, R35). */
export async function readableProcedure(db: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await db.select().from(procedures).where(eq(procedures.id, procedureId)).limit(1);
  if (!row || (row.spaceId !== spaceId && row.onBehalfOf !== spaceId)) throw notFound('The procedure');
  // Reading ends with the mandate: the filing delegate no longer reads what it filed for the mandator (the mandator does).
  if (row.spaceId === spaceId && row.onBehalfOf && row.onBehalfOf !== spaceId) {
    const section = findProcedureType(row.type)?.section ?? '';
    if (!(await activeMandateCovers(db, { delegateSpaceId: spaceId, mandatorSpaceId: row.onBehalfOf, section }))) throw notFound('The procedure');
  }
  return row;
}

/** Views as `forSpaceId` sees them: `filedBy` names the delegate that filed a procedure on that space's behalf. */
export async function procedureViews(db: Executor, rows: ProcedureRow[], forSpaceId?: string) {
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
export function procedurePageQuery(
  db: Executor,
  spaceId: string,
  query: { limit: number; cursor?: string | undefined; status?: ProcedureRow['status'] | undefined; type?: string | undefined; sections?: readonly string[]; ownOnly?: boolean },
) {
  const after = decodeCursor(query.cursor);
  const types = query.sections ? PROCEDURE_TYPES.filter((type) => query.sections!.includes(type.section)).map((type) => type.code) : undefined;
  const filer = alias(spaces, 'filer');
  const stillCovered = activeMandateCoversSql(sql`${procedures.spaceId}`, sql`${procedures.onBehalfOf}`, sectionOfTypeSql(procedures.type));
  return db
    .select({ ...getTableColumns(procedures), filerCompanyName: sql<string | null>`${filer.companyName}`.as('filer_company_name') })
    .from(procedures)
    .leftJoin(filer, and(eq(procedures.onBehalfOf, spaceId), eq(filer.id, procedures.spaceId)))
    .where(
      and(
        // ownOnly: the mandator's own view for a delegate: what it filed itself and what was filed on its behalf.
        query.ownOnly
          ? or(and(eq(procedures.spaceId, spaceId), isNull(procedures.onBehalfOf)), eq(procedures.onBehalfOf, spaceId))
          : // Reading ends with the mandate: what this space filed for a mandator stays in its list while a mandate covers it.
            or(and(eq(procedures.spaceId, spaceId), or(isNull(procedures.onBehalfOf), stillCovered)), eq(procedures.onBehalfOf, spaceId)),
        types ? inArray(procedures.type, types.length ? types : ['']) : undefined,
        query.status ? eq(procedures.status, query.status) : undefined,
        query.type ? eq(procedures.type, query.type) : undefined,
        keysetAfter(procedures.createdAt, procedures.id, after),
      ),
    )
    .orderBy(asc(procedures.createdAt), asc(procedures.id))
    .limit(query.limit + 1);
}

/** `procedurePageQuery`'s rows as the page `spaceId` sees: views as `procedureViews` writes them, and the cursor. */
export function procedurePage(rows: (ProcedureRow & { filerCompanyName: string | null })[], limit: number, spaceId: string) {
  const page = toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  const filers = new Map(page.items.flatMap((row) => (row.filerCompanyName === null ? [] : [[row.spaceId, row.filerCompanyName] as const])));
  return { items: page.items.map((row) => toProcedureView(row, filers, spaceId)), nextCursor: page.nextCursor };
}

/** `procedurePageQuery`'s page, read and viewed. */
export async function spaceProcedurePage(db: Executor, spaceId: string, query: Parameters<typeof procedurePageQuery>[2]) {
  return procedurePage(await procedurePageQuery(db, spaceId, query), query.limit, spaceId);
}

/** Locks the row for a state change; 404 when it is not this space's. */
export async function lockProcedure(tx: Executor, spaceId: string, procedureId: string): Promise<ProcedureRow> {
  const [row] = await tx.select().from(procedures).where(eq(procedures.id, procedureId)).for('update');
  if (!row || row.spaceId !== spaceId) throw notFound('The procedure');
  return row;
}
