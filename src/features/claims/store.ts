// The claims' rows (R48): recorded once (by the API, or by the workflow when the API did not get that far), read as
// views with the register's name of the company and the company's spaces, and the codes typed for them.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { ACTIVATION_FAILURE_WINDOW_MS } from '../../domain/mandates';
import { recentFailures, type Failures } from '../../platform/db/attempts';
import type { Executor } from '../../platform/db/client';
import { administratorClaims, claimAttempts, companyRegister, persons, spaces } from '../../platform/db/schema';
import { keysetBefore, toPage, type Page, type PageRequest, type Position } from '../../platform/pagination';
import { findRegisteredCompany } from '../register/store';
import type { SpaceRow } from '../spaces/store';
import type { ClaimRecording, ClaimWorkflowInput } from './contract';
import type { ClaimView } from './schemas';

export type ClaimRow = typeof administratorClaims.$inferSelect;

export async function findClaim(db: Executor, claimId: string): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(administratorClaims).where(eq(administratorClaims.id, claimId)).limit(1);
  return row;
}

/** The company's spaces, oldest first: a confirmed claim makes the claimant administrator of each. */
export async function companySpaces(db: Executor, registrationNumber: string): Promise<SpaceRow[]> {
  return db.select().from(spaces).where(eq(spaces.companyRegistrationNumber, registrationNumber)).orderBy(asc(spaces.createdAt), asc(spaces.id));
}

/**
 * Records the claim as letter_sent, once: a retry finds its row; another open claim of the same person and company
 * (the unique index, so it holds under races) or a company the register does not know is refused.
 */
export async function recordClaim(db: Executor, input: ClaimWorkflowInput): Promise<ClaimRecording> {
  if (await findClaim(db, input.claimId)) return { outcome: 'recorded' };
  if (!(await findRegisteredCompany(db, input.registrationNumber))) return { outcome: 'refused', code: 'company_not_registered' };
  await db
    .insert(administratorClaims)
    .values({
      id: input.claimId,
      registrationNumber: input.registrationNumber,
      claimantPersonId: input.claimant.personId,
      claimantCertificateSsn: input.certificateSsn,
      status: 'letter_sent',
      expiresAt: new Date(input.expiresAt),
      // Whole milliseconds (a JavaScript Date): the cursor of a page names its last row exactly.
      createdAt: new Date(),
    })
    .onConflictDoNothing();
  return (await findClaim(db, input.claimId)) ? { outcome: 'recorded' } : { outcome: 'refused', code: 'claim_open' };
}

/** The person's open claim of this company, if any (409 claim_open before anything starts). */
export async function openClaimOf(db: Executor, personId: string, registrationNumber: string): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(administratorClaims)
    .where(and(eq(administratorClaims.claimantPersonId, personId), eq(administratorClaims.registrationNumber, registrationNumber), eq(administratorClaims.status, 'letter_sent')))
    .limit(1);
  return row;
}

/** Views of these claims: the claimant's name, the register's name of the company and the company's spaces. */
export async function claimViews(db: Executor, rows: ClaimRow[]): Promise<ClaimView[]> {
  if (rows.length === 0) return [];
  const numbers = [...new Set(rows.map((row) => row.registrationNumber))];
  const [people, companies, spaceRows] = await Promise.all([
    db.select({ id: persons.id, name: persons.name }).from(persons).where(inArray(persons.id, [...new Set(rows.map((row) => row.claimantPersonId))])),
    db.select({ registrationNumber: companyRegister.registrationNumber, name: companyRegister.name }).from(companyRegister).where(inArray(companyRegister.registrationNumber, numbers)),
    db.select({ id: spaces.id, registrationNumber: spaces.companyRegistrationNumber }).from(spaces).where(inArray(spaces.companyRegistrationNumber, numbers)).orderBy(asc(spaces.createdAt), asc(spaces.id)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    registrationNumber: row.registrationNumber,
    companyName: row.recipient?.companyName ?? companies.find((company) => company.registrationNumber === row.registrationNumber)?.name ?? row.registrationNumber,
    claimant: { personId: row.claimantPersonId, name: people.find((person) => person.id === row.claimantPersonId)?.name ?? '—' },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    spaceIds: spaceRows.filter((space) => space.registrationNumber === row.registrationNumber).map((space) => space.id),
  }));
}

/** A page of claims matching `where`, newest first. */
export async function claimPage(db: Executor, where: SQL, query: PageRequest, after: Position | undefined): Promise<Page<ClaimView>> {
  const rows = await db
    .select()
    .from(administratorClaims)
    .where(and(where, keysetBefore(administratorClaims.createdAt, administratorClaims.id, after)))
    .orderBy(desc(administratorClaims.createdAt), desc(administratorClaims.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  return { items: await claimViews(db, page.items), nextCursor: page.nextCursor };
}

/** Wrong codes within the window, per claim and per certificate, in one statement (the limit of every code by post). */
export function recentClaimFailures(db: Executor, by: { claimId: string; certificateSsn: string }): Promise<Record<'claim' | 'certificate', Failures>> {
  const scopes = { claim: eq(claimAttempts.claimId, by.claimId), certificate: eq(claimAttempts.certificateSsn, by.certificateSsn) };
  return recentFailures(db, claimAttempts, claimAttempts, scopes, ACTIVATION_FAILURE_WINDOW_MS);
}

export async function recordClaimAttempt(db: Executor, attempt: { claimId: string; certificateSsn: string; success: boolean }): Promise<void> {
  await db.insert(claimAttempts).values({ id: randomUUID(), ...attempt });
}
