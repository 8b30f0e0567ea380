// Persons and their certificates (R2, R16).
import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { languageFromAcceptLanguage } from '../../domain/language';
import type { Executor } from '../../platform/db/client';
import { certificates, persons } from '../../platform/db/schema';
import type { Caller, PersonRow } from '../../platform/requester';
import type { Database } from '../../platform/db/client';


export async function findPerson(db: Executor, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
  return row;
}


/** The person owning a certificate, if that certificate ever logged in. */
export async function findPersonIdByCertificate(db: Executor, ssn: string): Promise<string | undefined> {
  const [row] = await db.select({ personId: certificates.personId }).from(certificates).where(eq(certificates.ssn, ssn)).limit(1);
  return row?.personId;
}

/**
 * The caller's person: registered on first contact (R2, R41). Certificates of one person are linked by the
 * login portal's `pid` claim (R16).
 */
export async function ensurePerson(db: Database, caller: Caller, acceptLanguage: string | undefined): Promise<PersonRow> {
  // The common case, one round trip: the certificate is known.
  const [known] = await db
    .select({ person: persons })
    .from(certificates)
    .innerJoin(persons, eq(persons.id, certificates.personId))
    .where(eq(certificates.ssn, caller.certificateSsn))
    .limit(1);
  if (known) return relinkedAtLogin(db, known.person, caller);
  return db.transaction(async (tx) => {
    let personId: string | undefined;
    if (caller.portalPersonId) {
      const [linked] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.portalPersonId, caller.portalPersonId));
      personId = linked?.id;
    }
    if (!personId) {
      const [created] = await tx
        .insert(persons)
        .values({ id: randomUUID(), portalPersonId: caller.portalPersonId, name: caller.name, email: caller.email, language: languageFromAcceptLanguage(acceptLanguage) })
        .onConflictDoNothing()
        .returning({ id: persons.id });
      personId = created?.id;
      if (!personId && caller.portalPersonId) {
        const [linked] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.portalPersonId, caller.portalPersonId));
        personId = linked?.id;
      }
    }
    if (!personId) throw new Error('could not register the person');
    await tx.insert(certificates).values({ ssn: caller.certificateSsn, personId }).onConflictDoNothing();
    const ownerId = (await findPersonIdByCertificate(tx, caller.certificateSsn)) ?? personId;
    const [person] = await tx.select().from(persons).where(eq(persons.id, ownerId));
    return person!;
  });
}


/**
 * R16 and the profile at every login, not only the first: the login's e-mail claim is the person's e-mail, and a
 * `pid` claim links the certificate to that person — set on a person first seen without one, or, when another
 * person already carries it, the certificate (and its memberships) moves to that person. Nothing is written when
 * nothing changed (the common case stays one round trip).
 */
async function relinkedAtLogin(db: Database, person: PersonRow, caller: Caller): Promise<PersonRow> {
  const emailChanged = caller.email !== null && caller.email !== person.email;
  const pidToLink = caller.portalPersonId !== null && person.portalPersonId === null ? caller.portalPersonId : null;
  if (!emailChanged && !pidToLink) return person;
  return db.transaction(async (tx) => {
    let ownerId = person.id;
    if (pidToLink) {
      const [other] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.portalPersonId, pidToLink));
      if (!other) {
        await tx.update(persons).set({ portalPersonId: pidToLink }).where(eq(persons.id, person.id));
      } else {
        ownerId = other.id;
        await tx.update(certificates).set({ personId: other.id }).where(eq(certificates.ssn, caller.certificateSsn));
        // The memberships of this certificate follow it, where the person is not a member of that space already.
        await tx.execute(sql`update memberships m set person_id = ${other.id}
                              where m.certificate_ssn = ${caller.certificateSsn} and m.person_id = ${person.id}
                                and not exists (select 1 from memberships o where o.space_id = m.space_id and o.person_id = ${other.id})`);
      }
    }
    if (emailChanged) await tx.update(persons).set({ email: caller.email }).where(eq(persons.id, ownerId));
    const [owner] = await tx.select().from(persons).where(eq(persons.id, ownerId));
    return owner!;
  });
}
