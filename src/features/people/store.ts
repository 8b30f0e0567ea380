// Persons and their certificates (R2, R16).
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { certificates, persons } from '../../platform/db/schema';
import type { PersonRow } from '../../platform/requester';


export async function findPerson(db: Executor, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
  return row;
}


/** The person owning a certificate, if that certificate ever logged in. */
export async function findPersonIdByCertificate(db: Executor, ssn: string): Promise<string | undefined> {
  const [row] = await db.select({ personId: certificates.personId }).from(certificates).where(eq(certificates.ssn, ssn)).limit(1);
  return row?.personId;
}
