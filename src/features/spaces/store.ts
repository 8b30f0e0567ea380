// A space's rows: the space, its memberships and administrators, what it is certified for (R21, R22), and its
// procedure language (R44–R46).
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { certificates, memberships, persons, spaceCertifications, spaces } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import type { PersonRow } from '../../platform/requester';
import type { Language } from '../../domain/language';
import type { CertificationView } from './schemas';
import type { MembershipView } from './schemas';

export type SpaceRow = typeof spaces.$inferSelect;


export async function findSpace(db: Executor, spaceId: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, spaceId)).limit(1);
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


/** Locks the space row: membership changes that must keep an administrator (R10) serialise on it. */
export async function lockSpace(db: Executor, spaceId: string): Promise<void> {
  await db.execute(sql`select id from spaces where id = ${spaceId} for update`);
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
