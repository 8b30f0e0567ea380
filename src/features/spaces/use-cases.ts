// Professional spaces (R3, R11, R44–R46): the caller of createSpace becomes its first administrator; a space shows
// its company (registered or not), what it is certified for and the caller's own rights; its procedure language is
// set once.
import { and, asc, eq, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { permissionsForRole, type Permissions, type Role } from '../../domain/access';
import { DomainError, invalid } from '../../domain/errors';
import type { Language } from '../../domain/language';
import type { Executor } from '../../platform/db/client';
import { memberships, spaces } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { decodeCursor, keysetAfter, toPage, type Page, type PageRequest } from '../../platform/pagination';
import type { Requester } from '../../platform/requester';
import { personOf } from '../people/use-cases';
import { findRegisteredCompany, registeredNumbers } from '../register/store';
import { requireAdministrator, requireMembership } from './access';
import type { CertificationView, CreateSpace, SpaceView } from './schemas';
import { certificationsBySpace, findSpace, fixProcedureLanguage, spaceCertificationViews, type SpaceRow } from './store';

function toSpaceView(space: SpaceRow, role: Role, permissions: Permissions, certifications: CertificationView[] = [], registered = false): SpaceView {
  return {
    id: space.id,
    name: space.name,
    company: { name: space.companyName, registrationNumber: space.companyRegistrationNumber, address: space.companyAddress, registered },
    procedureLanguage: space.procedureLanguage ?? null,
    // By decided requests (R21) and, with the mandate process, by activation codes (R22).
    certifications,
    myRole: role,
    myPermissions: permissions,
    createdAt: space.createdAt.toISOString(),
  };
}

const isRegistered = async (db: Executor, space: SpaceRow) => (await registeredNumbers(db, [space.companyRegistrationNumber])).has(space.companyRegistrationNumber);

/** A new space; its creator is its first administrator (R10). */
export async function createSpace(requester: Requester, body: CreateSpace): Promise<SpaceView> {
  const { db } = requester.deps;
  // R47: the register names a registered company, whatever the space typed; any other keeps what was typed.
  const registered = await findRegisteredCompany(db, body.company.registrationNumber);
  const company = registered ?? { name: body.company.name, address: body.company.address };
  const missing = (['name', 'address'] as const).filter((field) => company[field] === undefined);
  if (missing.length > 0) throw invalid(missing.map((field) => ({ path: `company.${field}`, message: 'required for a company the register does not know' })));
  const person = await personOf(requester);
  const administrator = permissionsForRole('administrator');
  if (!administrator.ok) throw new Error('administrator preset');
  const now = new Date();
  const space = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(spaces)
      .values({
        id: randomUUID(),
        name: body.name,
        companyName: company.name!,
        companyRegistrationNumber: body.company.registrationNumber,
        companyAddress: company.address!,
        procedureLanguage: body.procedureLanguage ?? null,
        createdBy: person.id,
        createdAt: now,
      })
      .returning();
    await tx.insert(memberships).values({
      id: randomUUID(),
      spaceId: row!.id,
      personId: person.id,
      certificateSsn: requester.caller.certificateSsn,
      certificateMode: 'any',
      role: 'administrator',
      permissions: administrator.permissions,
      createdAt: now,
    });
    await appendSpaceEvent(tx, { key: `${row!.id}`, spaceId: row!.id, type: 'space.created', actor: { personId: person.id, name: person.name }, data: { name: body.name }, occurredAt: now });
    return row!;
  });
  return toSpaceView(space, 'administrator', administrator.permissions, [], registered !== undefined);
}

/** The spaces where I am an active member, with the certificate I logged in with (R16), oldest first. */
export async function listMySpaces(requester: Requester, query: PageRequest): Promise<Page<SpaceView>> {
  const after = decodeCursor(query.cursor);
  const person = await personOf(requester);
  const { db } = requester.deps;
  const rows = await db
    .select({ space: spaces, membership: memberships })
    .from(memberships)
    .innerJoin(spaces, eq(spaces.id, memberships.spaceId))
    .where(
      and(
        eq(memberships.personId, person.id),
        or(eq(memberships.certificateMode, 'any'), eq(memberships.certificateSsn, requester.caller.certificateSsn)),
        keysetAfter(spaces.createdAt, spaces.id, after),
      ),
    )
    .orderBy(asc(spaces.createdAt), asc(spaces.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.space.createdAt.toISOString(), id: row.space.id }));
  const certifications = await certificationsBySpace(
    db,
    page.items.map((row) => row.space.id),
  );
  const registered = await registeredNumbers(
    db,
    page.items.map((row) => row.space.companyRegistrationNumber),
  );
  return {
    items: page.items.map((row) => toSpaceView(row.space, row.membership.role, row.membership.permissions, certifications.get(row.space.id), registered.has(row.space.companyRegistrationNumber))),
    nextCursor: page.nextCursor,
  };
}

/** One space I am a member of (404 for anyone else), with my rights in it. */
export async function getSpace(requester: Requester, spaceId: string): Promise<SpaceView> {
  const membership = await requireMembership(requester, spaceId);
  const { db } = requester.deps;
  const space = (await findSpace(db, spaceId))!;
  return toSpaceView(space, membership.role, membership.permissions, await spaceCertificationViews(db, spaceId), await isRegistered(db, space));
}

/** R44–R46: an administrator sets the space's procedure language, once. */
export async function setProcedureLanguage(requester: Requester, spaceId: string, procedureLanguage: Language): Promise<SpaceView> {
  const membership = await requireMembership(requester, spaceId);
  requireAdministrator(membership, 'set the procedure language');
  const person = await personOf(requester);
  const { db } = requester.deps;
  const space = await db.transaction(async (tx) => {
    const fixed = await fixProcedureLanguage(tx, spaceId, procedureLanguage, { personId: person.id, name: person.name });
    if (!fixed.set) throw new DomainError('procedure_language_fixed', 'The procedure language of this space is already set and cannot be changed (R46).');
    return (await findSpace(tx, spaceId))!;
  });
  return toSpaceView(space, membership.role, membership.permissions, await spaceCertificationViews(db, spaceId), await isRegistered(db, space));
}
