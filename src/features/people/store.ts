// Persons and their certificates (R2, R16).
import { eq } from 'drizzle-orm';
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
  if (known) return known.person;
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

