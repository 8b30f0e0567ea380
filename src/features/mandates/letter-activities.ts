// The postal side of a mandate (R25): activation codes generated, hashed and printed on letters inside issueCodes,
// where alone they exist in clear — not in its result, not in logs, not in the database (only HMACs), not in the
// JSON sidecars — and the letters handed to the post. Idempotent: a retry prints under the same letter ids.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { domainFailure } from '../../domain/failures';
import { DEFAULT_LANGUAGE, spaceLanguage, type Language } from '../../domain/language';
import type { ActivationCodeKind } from '../../domain/mandates';
import { activationCodes, letters, mandates, spaceEvents } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { writeAtomically } from '../../platform/mail/letter-pdf';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { activityKey } from '../../platform/temporal/activity-key';
import { findPerson } from '../people/store';
import { findRegisteredCompany } from '../register/store';
import { generateActivationCode, hashActivationCode, requireCodeSecret } from '../../platform/codes';
import type { IssuedCodeRef } from './contract';
import { renderLetter } from './letters';
import { administratorsMailer } from './mails';
import { loadMandate, type MandateRow } from './store';

/** Letter ids derived from what identifies a letter, so a retried issueCodes overwrites its own files. */
function letterIdFor(mandateId: string, batch: number, kind: ActivationCodeKind, index: number): string {
  const hex = createHash('sha256').update(`letter\n${mandateId}\n${batch}\n${kind}\n${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createLetterActivities(deps: ActivityDependencies) {
  const { db, postal } = deps;
  const outboxDir = () => postal.outboxDir;
  const load = loadMandate;
  const mailAdministrators = administratorsMailer(deps);

  /**
   * Who asked for the letters of a batch (trust rules): the mandator's space, and the person and day of the access
   * request (batch 0) or of the change of delegate codes that issued this batch.
   */
  async function whoAsked(mandate: MandateRow, spaceName: string, batch: number): Promise<{ spaceName: string; personName: string; requestedAt: Date }> {
    if (batch > 0) {
      const [change] = await db
        .select({ actorName: spaceEvents.actorName, occurredAt: spaceEvents.occurredAt })
        .from(spaceEvents)
        .where(and(eq(spaceEvents.spaceId, mandate.mandatorSpaceId), eq(spaceEvents.subjectId, mandate.id), eq(spaceEvents.type, 'mandate.delegate_codes_changed')))
        .orderBy(desc(spaceEvents.occurredAt))
        .limit(1);
      if (change?.actorName) return { spaceName, personName: change.actorName, requestedAt: change.occurredAt };
    }
    const requester = await findPerson(db, mandate.requestedBy);
    return { spaceName, personName: requester?.name ?? '—', requestedAt: mandate.createdAt };
  }
  return {
    /**
     * Generates `count` codes of one kind, prints one letter per code into the post outbox and stores only their
     * hashes. A retry after the rows were written returns them without new codes; a retry before that prints
     * again under the same letter ids, so no letter with a code unknown to the database stays behind.
     */
    async issueCodes({ mandateId, kind, count, batch, activationDeadline }: { mandateId: string; kind: ActivationCodeKind; count: number; batch: number; activationDeadline?: string }): Promise<IssuedCodeRef[]> {
      const existingRefs = async () =>
        (
          await db
            .select({ codeId: activationCodes.id, kind: activationCodes.kind, letterId: activationCodes.letterId })
            .from(activationCodes)
            .where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.batch, batch), eq(activationCodes.kind, kind)))
            .orderBy(asc(activationCodes.createdAt), asc(activationCodes.id))
        ).map((row) => ({ codeId: row.codeId, kind: row.kind, letterId: row.letterId }));
      const already = await existingRefs();
      if (already.length > 0 || count === 0) return already;

      const secret = requireCodeSecret(postal.codeSecret);
      const dir = outboxDir();
      const { mandate, mandator } = await load(db, mandateId);
      // R25: the register's name and address, never what the space declared.
      const company = await findRegisteredCompany(db, mandate.companyRegistrationNumber);
      if (!company) throw domainFailure('company_not_registered', `The company ${mandate.companyRegistrationNumber} is not in the company register`);
      const requester = await findPerson(db, mandate.requestedBy);
      // The space's procedure language, else the company's in the register, else the requester's (R44).
      const language: Language = spaceLanguage(mandator, company.language ?? requester?.language ?? DEFAULT_LANGUAGE);
      await mkdir(dir, { recursive: true });
      const issuedAt = new Date();
      const prepared: { letterId: string; codeId: string; codeHash: string; fileName: string }[] = [];
      for (let index = 0; index < count; index += 1) {
        const letterId = letterIdFor(mandateId, batch, kind, index);
        const code = generateActivationCode();
        const pdf = await renderLetter({
          letterId,
          kind,
          language,
          companyName: company.name,
          address: company.address,
          section: mandate.section,
          scope: mandate.scope,
          code,
          activationDeadline: activationDeadline ? new Date(activationDeadline) : mandate.activationDeadline,
          endDate: mandate.endDate,
          issuedAt,
          requestedBy: await whoAsked(mandate, mandator.name, batch),
        });
        const fileName = `${letterId}.pdf`;
        await writeAtomically(path.join(dir, fileName), pdf);
        prepared.push({ letterId, codeId: randomUUID(), codeHash: hashActivationCode(secret, code), fileName });
      }
      await db.transaction(async (tx) => {
        const recipient = { companyName: company.name, address: company.address };
        await tx
          .insert(letters)
          .values(prepared.map((entry) => ({ id: entry.letterId, mandateId, kind, batch, recipient, language, status: 'printed' as const, fileName: entry.fileName, printedAt: issuedAt })))
          .onConflictDoNothing();
        await tx
          .insert(activationCodes)
          .values(prepared.map((entry) => ({ id: entry.codeId, mandateId, kind, batch, codeHash: entry.codeHash, status: 'issued' as const, letterId: entry.letterId, activationDeadline: activationDeadline ? new Date(activationDeadline) : null, createdAt: issuedAt })))
          .onConflictDoNothing();
      });
      return existingRefs();
    },

    /**
     * Hands the printed letters of a batch to the postal adapter: the JSON sidecar beside each PDF is what the
     * pickup reads (never the code). Letters become dispatched, the mandate dispatched once its first batch is.
     */
    async dispatchLetters({ mandateId, batch, actor }: { mandateId: string; batch: number; actor: Actor | null }): Promise<void> {
      const dir = outboxDir();
      const key = activityKey();
      const rows = await db.select().from(letters).where(and(eq(letters.mandateId, mandateId), eq(letters.batch, batch)));
      const { mandate, mandator } = await load(db, mandateId);
      const asked = await whoAsked(mandate, mandator.name, batch);
      const requestedBy = { spaceName: asked.spaceName, personName: asked.personName, requestedAt: asked.requestedAt.toISOString() };
      await mkdir(dir, { recursive: true });
      for (const letter of rows) {
        const sidecar = { letterId: letter.id, kind: letter.kind, mandateId, recipient: letter.recipient, language: letter.language, requestedBy };
        await writeAtomically(path.join(dir, `${letter.id}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
      }
      await db.transaction(async (tx) => {
        const now = new Date();
        const dispatched = await tx
          .update(letters)
          .set({ status: 'dispatched', dispatchedAt: now })
          .where(and(eq(letters.mandateId, mandateId), eq(letters.batch, batch), eq(letters.status, 'printed')))
          .returning({ id: letters.id });
        await tx.update(mandates).set({ status: 'dispatched', updatedAt: now }).where(and(eq(mandates.id, mandateId), eq(mandates.status, 'requested')));
        if (dispatched.length > 0) {
          await appendSpaceEvent(tx, { key, spaceId: mandate.mandatorSpaceId, type: 'mandate.letters_dispatched', actor, subjectId: mandateId, data: { letters: rows.length, batch }, occurredAt: now });
        }
      });
      // The requesting space's administrators hear that the letters left, and to whom (the register's company).
      const recipient = rows[0]?.recipient.companyName ?? mandator.companyName;
      await mailAdministrators(key, mandator, 'mandate-letters-dispatched', (_language, sectionName) => ({ companyName: recipient, sectionName: sectionName(mandate.section), letters: rows.length }));
    },
  };
}
