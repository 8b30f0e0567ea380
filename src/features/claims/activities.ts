// The claim's side effects (R48), each idempotent: the row, the letter (the code generated, printed and hashed here
// alone — never in the result, the logs, the sidecar or history), the mails through the outbox under keys that a
// retry repeats, and the memberships a confirmation gives.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { permissionsForRole, type Actor } from '../../domain/access';
import { DEFAULT_LANGUAGE, type Language } from '../../domain/language';
import { domainFailure } from '../../domain/failures';
import { pageLinks } from '../../domain/page-links';
import { generateActivationCode, hashActivationCode, requireCodeSecret } from '../../platform/codes';
import { administratorClaims, memberships, persons } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { writeAtomically } from '../../platform/mail/letter-pdf';
import { deliverMail } from '../../platform/mail/outbox';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { activityKey } from '../../platform/temporal/activity-key';
import { derivedUuid } from '../../platform/temporal/ids';
import { findPerson } from '../people/store';
import { findRegisteredCompany } from '../register/store';
import { lockSpace, spaceAdministrators } from '../spaces/store';
import type { ClaimWorkflowInput } from './contract';
import { renderClaimLetter } from './letter';
import { companySpaces, findClaim, recordClaim, type ClaimRow } from './store';

export function createClaimActivities(deps: ActivityDependencies) {
  const { db, mailer, postal, links } = deps;

  const load = async (claimId: string): Promise<ClaimRow> => {
    const claim = await findClaim(db, claimId);
    if (!claim) throw domainFailure('not_found', `Claim ${claimId} is not recorded`);
    return claim;
  };
  const companyNameOf = async (claim: ClaimRow) => claim.recipient?.companyName ?? (await findRegisteredCompany(db, claim.registrationNumber))?.name ?? claim.registrationNumber;

  return {
    /** The row, once (the API usually wrote it already). */
    recordClaim: (input: ClaimWorkflowInput) => recordClaim(db, input),

    /**
     * Prints the letter with a fresh code into the post outbox, hands it over (its JSON sidecar, without the code)
     * and stores the code's HMAC. A retry after the row took the hash does nothing; one before prints again under
     * the same letter id, so no letter with a code unknown to the database stays behind.
     */
    async postClaimLetter({ claimId }: { claimId: string }): Promise<{ letterId: string }> {
      const claim = await load(claimId);
      if (claim.codeHash && claim.letterId) return { letterId: claim.letterId };
      const secret = requireCodeSecret(postal.codeSecret);
      const company = await findRegisteredCompany(db, claim.registrationNumber);
      if (!company) throw domainFailure('company_not_registered', `The company ${claim.registrationNumber} is not in the company register`);
      const claimant = await findPerson(db, claim.claimantPersonId);
      // The register's language, else the claimant's.
      const language: Language = company.language ?? claimant?.language ?? DEFAULT_LANGUAGE;
      const letterId = derivedUuid('administrator-claim-letter', claimId);
      const issuedAt = new Date();
      const code = generateActivationCode();
      const recipient = { companyName: company.name, address: company.address };
      const pdf = await renderClaimLetter({
        letterId,
        language,
        companyName: company.name,
        registrationNumber: company.registrationNumber,
        address: company.address,
        claimantName: claimant?.name ?? '—',
        requestedAt: claim.createdAt,
        code,
        expiresAt: claim.expiresAt,
        issuedAt,
      });
      const dir = postal.outboxDir;
      await mkdir(dir, { recursive: true });
      await writeAtomically(path.join(dir, `${letterId}.pdf`), pdf);
      const requestedBy = { personName: claimant?.name ?? '—', requestedAt: claim.createdAt.toISOString() };
      const sidecar = { letterId, kind: 'administrator-claim', claimId, recipient, language, requestedBy };
      await writeAtomically(path.join(dir, `${letterId}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
      await db
        .update(administratorClaims)
        .set({ codeHash: hashActivationCode(secret, code), letterId, recipient, letterLanguage: language })
        .where(and(eq(administratorClaims.id, claimId), eq(administratorClaims.status, 'letter_sent')));
      return { letterId };
    },

    /** At once, every active administrator of every space of the company: who claims, and until when to object. */
    async warnAdministrators({ claimId }: { claimId: string }): Promise<void> {
      const key = activityKey();
      const claim = await load(claimId);
      const claimant = await findPerson(db, claim.claimantPersonId);
      const companyName = await companyNameOf(claim);
      const told = new Set<string>();
      for (const space of await companySpaces(db, claim.registrationNumber)) {
        for (const admin of await spaceAdministrators(db, space.id)) {
          if (!admin.email || told.has(admin.id) || admin.id === claim.claimantPersonId) continue;
          told.add(admin.id);
          const params = { claimantName: claimant?.name ?? '—', companyName, requestedAt: claim.createdAt, deadline: claim.expiresAt, appUrl: pageLinks.space(links.appUrl, space.id) };
          await deliverMail(db, mailer, { idempotencyKey: `${key}/${admin.id}`, to: admin.email, kind: 'claim-requested', language: admin.language, params });
        }
      }
    },

    /**
     * The claimant becomes an active administrator of every space of the company (an existing member is promoted),
     * with an event in each timeline. Once: a retry finds the claim confirmed and answers the same spaces.
     */
    async confirmClaim({ claimId, actor }: { claimId: string; actor: Actor }): Promise<{ spaceIds: string[] }> {
      return db.transaction(async (tx) => {
        const [claim] = await tx.select().from(administratorClaims).where(eq(administratorClaims.id, claimId)).for('update');
        if (!claim) throw domainFailure('not_found', `Claim ${claimId} is not recorded`);
        const spaceRows = await companySpaces(tx, claim.registrationNumber);
        const spaceIds = spaceRows.map((space) => space.id);
        if (claim.status === 'confirmed') return { spaceIds };
        if (claim.status !== 'letter_sent') throw domainFailure('claim_closed', `Claim ${claimId} is ${claim.status}`);
        const now = new Date();
        const administrator = permissionsForRole('administrator');
        if (!administrator.ok) throw new Error('the administrator role has no permissions');
        for (const space of spaceRows) {
          await lockSpace(tx, space.id);
          const [existing] = await tx.select().from(memberships).where(and(eq(memberships.spaceId, space.id), eq(memberships.personId, claim.claimantPersonId))).limit(1);
          if (existing) {
            await tx.update(memberships).set({ role: 'administrator', permissions: administrator.permissions }).where(eq(memberships.id, existing.id));
          } else {
            await tx.insert(memberships).values({
              id: derivedUuid('administrator-claim-membership', claimId, space.id),
              spaceId: space.id,
              personId: claim.claimantPersonId,
              certificateSsn: claim.claimantCertificateSsn,
              certificateMode: 'invited-only',
              role: 'administrator',
              permissions: administrator.permissions,
              createdAt: now,
            });
          }
          const data = { registrationNumber: claim.registrationNumber, promoted: existing ? existing.role : null };
          await appendSpaceEvent(tx, { key: `${claimId}/${space.id}`, spaceId: space.id, type: 'administrator.claim_confirmed', actor, subjectId: claimId, data, occurredAt: now });
        }
        await tx.update(administratorClaims).set({ status: 'confirmed', decidedBy: actor.personId, decidedAt: now }).where(eq(administratorClaims.id, claimId));
        return { spaceIds };
      });
    },

    /** An administrator objected: the claim ends, and every space of the company records who did. */
    async objectClaim({ claimId, actor }: { claimId: string; actor: Actor; spaceId: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [claim] = await tx.select().from(administratorClaims).where(eq(administratorClaims.id, claimId)).for('update');
        if (!claim || claim.status === 'objected') return;
        if (claim.status !== 'letter_sent') throw domainFailure('claim_closed', `Claim ${claimId} is ${claim.status}`);
        const now = new Date();
        const claimant = await findPerson(tx, claim.claimantPersonId);
        for (const space of await companySpaces(tx, claim.registrationNumber)) {
          await appendSpaceEvent(tx, { key: `${claimId}/${space.id}`, spaceId: space.id, type: 'administrator.claim_objected', actor, subjectId: claimId, data: { claimant: claimant?.name ?? null }, occurredAt: now });
        }
        await tx.update(administratorClaims).set({ status: 'objected', decidedBy: actor.personId, decidedAt: now }).where(eq(administratorClaims.id, claimId));
      });
    },

    /** The deadline passed without the code. */
    async expireClaim({ claimId }: { claimId: string }): Promise<void> {
      await db.update(administratorClaims).set({ status: 'expired', decidedAt: new Date() }).where(and(eq(administratorClaims.id, claimId), eq(administratorClaims.status, 'letter_sent')));
    },

    /**
     * Who hears of the end: confirmed — every member of every space of the company, once per person (the claimant
     * included); objected or expired — the claimant.
     */
    async mailClaimOutcome({ claimId }: { claimId: string }): Promise<void> {
      const key = activityKey();
      const claim = await load(claimId);
      const companyName = await companyNameOf(claim);
      if (claim.status === 'confirmed') {
        const claimant = await findPerson(db, claim.claimantPersonId);
        const told = new Set<string>();
        for (const space of await companySpaces(db, claim.registrationNumber)) {
          const members = await db.select({ person: persons }).from(memberships).innerJoin(persons, eq(persons.id, memberships.personId)).where(eq(memberships.spaceId, space.id));
          for (const { person } of members) {
            if (!person.email || told.has(person.id)) continue;
            told.add(person.id);
            const params = { claimantName: claimant?.name ?? '—', companyName, spaceName: space.name };
            await deliverMail(db, mailer, { idempotencyKey: `${key}/${person.id}`, to: person.email, kind: 'claim-confirmed', language: person.language, params });
          }
        }
        return;
      }
      const claimant = await findPerson(db, claim.claimantPersonId);
      if (!claimant?.email) return;
      const idempotencyKey = `${key}/${claimant.id}`;
      if (claim.status === 'objected') await deliverMail(db, mailer, { idempotencyKey, to: claimant.email, kind: 'claim-objected', language: claimant.language, params: { companyName } });
      if (claim.status === 'expired') await deliverMail(db, mailer, { idempotencyKey, to: claimant.email, kind: 'claim-expired', language: claimant.language, params: { companyName, deadline: claim.expiresAt } });
    },
  };
}

export type ClaimActivities = ReturnType<typeof createClaimActivities>;
