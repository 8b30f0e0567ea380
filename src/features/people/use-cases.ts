// People (R2, R16, R40, R41): the person behind a certificate, registered on first contact, and their profile.
import type { Actor } from '../../domain/access';
import { eq } from 'drizzle-orm';
import { persons } from '../../platform/db/schema';
import type { PersonRow, Requester } from '../../platform/requester';
import { ensurePerson } from './store';
import type { Me, ProfileChange } from './schemas';

/** The requester's person, read (and registered on first contact) at most once per request. */
export async function personOf(requester: Requester): Promise<PersonRow> {
  requester.person ??= await ensurePerson(requester.deps.db, requester.caller, requester.acceptLanguage);
  return requester.person;
}

/** The requester as the actor of a timeline event or a process step. */
export async function actorOf(requester: Requester): Promise<Actor> {
  const person = await personOf(requester);
  return { personId: person.id, name: person.name };
}


const meOf = (person: PersonRow, certificateSsn: string): Me => ({ personId: person.id, certificateSsn, name: person.name, email: person.email, language: person.language });

/** My profile, with the certificate I logged in with (R2). */
export async function me(requester: Requester): Promise<Me> {
  return meOf(await personOf(requester), requester.caller.certificateSsn);
}

/** R40: the user language drives the spaces, documents and profile; its owner may change it, and the e-mail too. */
export async function changeMe(requester: Requester, change: ProfileChange): Promise<Me> {
  const person = await personOf(requester);
  const [updated] = await requester.deps.db.update(persons).set(change).where(eq(persons.id, person.id)).returning();
  requester.person = updated!;
  return meOf(updated!, requester.caller.certificateSsn);
}
