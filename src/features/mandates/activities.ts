// Side effects of the mandate lifecycle (R22–R38) after the letters (letter-activities.ts): activation, reminders,
// expiry, revocation and endings. Idempotent like the others: rows keyed by ids, events and mails by the activity key.
import { domainFailure } from '../../domain/failures';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { activationCodes, delegations, mandates, spaceCertifications, spaceEvents, spaces } from '../../platform/db/schema';
import { timelineEventId } from '../../domain/timeline';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findSpace, type SpaceRow } from '../spaces/store';
import { loadMandate, type MandateRow } from './store';
import { createLetterActivities } from './letter-activities';
import { administratorsMailer } from './mails';
import { type MandateStatus } from '../../domain/mandates';
import type { ActivateCodeInput, ActivationResult, MandateWorkflowInput } from './contract';
import type { Actor } from '../../domain/access';
import { recordMandate } from './store';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { activityKey } from '../../platform/temporal/activity-key';

/** Codes of one batch, or all (undefined: histories from before per-batch deadlines). */
const inBatch = (batch: number | undefined) => (batch === undefined ? undefined : eq(activationCodes.batch, batch));

/** Postgres unique violation (R33's partial unique index), through Drizzle's wrapping. */
function isUniqueViolation(error: unknown): boolean {
  for (let current = error as { code?: string; cause?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as typeof current, depth += 1) {
    if (current.code === '23505') return true;
  }
  return false;
}

export function createMandateActivities(deps: ActivityDependencies) {
  const { db } = deps;
  const load = loadMandate;
  const mailAdministrators = administratorsMailer(deps);
  /** Ends the active delegations (all, or those through these codes) with an event on each delegate's space. */
  async function endDelegations(tx: Executor, key: string, mandate: MandateRow, mandator: SpaceRow, actor: Actor | null, reason: string, codeIds?: string[]): Promise<string[]> {
    const now = new Date();
    // A retry of this activity finds the delegations its first attempt ended (and whose mails that attempt may not have
    // sent — an SMTP refusal): the events keyed by this activity name them, so they are told still (the outbox's key
    // makes each mail leave once).
    const endedEarlier = await tx.select({ id: delegations.id, delegateSpaceId: delegations.delegateSpaceId }).from(delegations).where(and(eq(delegations.mandateId, mandate.id), eq(delegations.status, 'ended')));
    const eventIds = new Map(endedEarlier.map((delegation) => [timelineEventId('delegation.ended', `${key}/${delegation.id}`), delegation.delegateSpaceId]));
    const toldEarlier = eventIds.size === 0 ? [] : await tx.select({ id: spaceEvents.id }).from(spaceEvents).where(inArray(spaceEvents.id, [...eventIds.keys()]));
    const ended = await tx
      .update(delegations)
      .set({ status: 'ended', endedAt: now })
      .where(and(eq(delegations.mandateId, mandate.id), eq(delegations.status, 'active'), codeIds ? inArray(delegations.activationCodeId, codeIds.length ? codeIds : ['00000000-0000-0000-0000-000000000000']) : undefined))
      .returning();
    for (const delegation of ended) {
      await appendSpaceEvent(tx, {
        key: `${key}/${delegation.id}`,
        spaceId: delegation.delegateSpaceId,
        type: 'delegation.ended',
        actor,
        subjectId: mandate.id,
        data: { mandator: mandator.companyName, section: mandate.section, reason },
        occurredAt: now,
      });
    }
    return [...toldEarlier.map((event) => eventIds.get(event.id)!), ...ended.map((delegation) => delegation.delegateSpaceId)];
  }

  /**
   * The mandator's certification by activation code for the mandate's section ends with the mandate, unless another
   * active mandate of the space holds the section (R33 allows one per company, so normally none).
   */
  async function removeCodeCertification(tx: Executor, key: string, mandate: MandateRow, actor: Actor | null, reason: string, now: Date): Promise<boolean> {
    const [other] = await tx
      .select({ id: mandates.id })
      .from(mandates)
      .where(and(eq(mandates.mandatorSpaceId, mandate.mandatorSpaceId), eq(mandates.section, mandate.section), eq(mandates.status, 'active'), sql`${mandates.id} <> ${mandate.id}`))
      .limit(1);
    if (other) return false;
    const removed = await tx
      .delete(spaceCertifications)
      .where(and(eq(spaceCertifications.spaceId, mandate.mandatorSpaceId), eq(spaceCertifications.section, mandate.section), eq(spaceCertifications.via, 'activation-code')))
      .returning({ id: spaceCertifications.id });
    if (removed.length === 0) return false;
    await appendSpaceEvent(tx, { key, spaceId: mandate.mandatorSpaceId, type: 'mandate.certification_removed', actor, subjectId: mandate.id, data: { section: mandate.section, reason }, occurredAt: now });
    return true;
  }

  async function tellEndedDelegates(key: string, mandate: MandateRow, mandator: SpaceRow, delegateSpaceIds: string[]) {
    for (const spaceId of new Set(delegateSpaceIds)) {
      const space = await findSpace(db, spaceId);
      if (space) await mailAdministrators(key, space, 'mandate-delegation-ended', (_language, sectionName) => ({ mandatorName: mandator.companyName, sectionName: sectionName(mandate.section) }));
    }
  }

  return {
    ...createLetterActivities(deps),

    /** The mandate row (status requested) and its timeline event, once. */
    async recordMandate(input: MandateWorkflowInput & { activationDeadline: string }): Promise<{ mandateId: string; status: MandateStatus }> {
      return recordMandate(db, input);
    },

    /**
     * R22, R30, R33: marks the code used and, in the same transaction, makes the holder's space the active mandator
     * (certified for the section) or links the delegate's space.
     */
    async activateCode({ mandateId, codeId, spaceId, actor }: ActivateCodeInput & { mandateId: string }): Promise<ActivationResult> {
      const key = activityKey();
      let result: ActivationResult;
      let delegateActivated = false;
      try {
        result = await db.transaction(async (tx) => {
          const [code] = await tx.select().from(activationCodes).where(eq(activationCodes.id, codeId)).for('update');
          if (!code || code.mandateId !== mandateId) throw domainFailure('invalid_code', 'Unknown code');
          const [mandate] = await tx.select().from(mandates).where(eq(mandates.id, mandateId)).for('update');
          const mandator = mandate && (await findSpace(tx, mandate.mandatorSpaceId));
          if (!mandate || !mandator) throw domainFailure('invalid_code', 'Unknown mandate');
          const answer: ActivationResult = { kind: code.kind, mandateId, section: mandate.section, mandator: { spaceId: mandator.id, companyName: mandator.companyName } };
          // A retry of this very activation finds its own work done — and still owes the mail its first attempt may
          // have failed to send (the outbox's key makes it leave once).
          if (code.status === 'used' && code.usedBySpaceId === spaceId) {
            delegateActivated = code.kind === 'delegate';
            return answer;
          }
          if (code.status === 'used') throw domainFailure('code_already_used', 'This code has already been used.');
          if (code.status !== 'issued') throw domainFailure('code_expired', 'This code is no longer valid.');
          const now = new Date();
          if (code.kind === 'holder') {
            if (spaceId !== mandate.mandatorSpaceId) throw domainFailure('invalid_code', 'Wrong code for this space');
            await tx.update(mandates).set({ status: 'active', activatedAt: now, updatedAt: now }).where(eq(mandates.id, mandateId));
            await tx.insert(spaceCertifications).values({ id: randomUUID(), spaceId, section: mandate.section, via: 'activation-code', certifiedAt: now }).onConflictDoNothing();
            await appendSpaceEvent(tx, { key, spaceId, type: 'mandate.holder_activated', actor, subjectId: mandateId, data: { section: mandate.section }, occurredAt: now });
          } else {
            if (mandate.status !== 'active') throw domainFailure('mandate_not_active', 'The holder code of this mandate has not been entered yet.');
            if (spaceId === mandate.mandatorSpaceId) throw domainFailure('invalid_code', 'Wrong code for this space');
            const [delegate] = await tx.select().from(spaces).where(eq(spaces.id, spaceId));
            await tx.insert(delegations).values({ id: randomUUID(), mandateId, delegateSpaceId: spaceId, activationCodeId: codeId, status: 'active', createdAt: now }).onConflictDoNothing();
            await appendSpaceEvent(tx, { key, spaceId: mandator.id, type: 'mandate.delegate_activated', actor, subjectId: mandateId, data: { delegate: delegate?.companyName, delegateSpaceId: spaceId, section: mandate.section }, occurredAt: now });
            await appendSpaceEvent(tx, { key, spaceId, type: 'delegation.started', actor, subjectId: mandateId, data: { mandator: mandator.companyName, mandatorSpaceId: mandator.id, section: mandate.section, scope: mandate.scope }, occurredAt: now });
            delegateActivated = true;
          }
          await tx.update(activationCodes).set({ status: 'used', usedBySpaceId: spaceId, usedAt: now }).where(eq(activationCodes.id, codeId));
          return answer;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw domainFailure('holder_code_already_active', 'A holder code is already active for this section and company.');
        throw error;
      }
      if (delegateActivated) {
        const { mandate, mandator } = await load(db, mandateId);
        const delegate = await findSpace(db, spaceId);
        await mailAdministrators(key, mandator, 'mandate-delegate-activated', (_language, sectionName) => ({ delegateName: delegate?.companyName ?? spaceId, mandatorName: mandator.companyName, sectionName: sectionName(mandate.section) }));
      }
      return result;
    },

    /** Reminds the mandator's administrators of unused codes before the activation deadline. */
    async sendActivationReminder({ mandateId, batch }: { mandateId: string; batch?: number }): Promise<void> {
      const key = activityKey();
      const { mandate, mandator } = await load(db, mandateId);
      const unused = await db
        .select({ id: activationCodes.id, activationDeadline: activationCodes.activationDeadline })
        .from(activationCodes)
        .where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.status, 'issued'), inBatch(batch)));
      if (unused.length === 0) return;
      const deadline = unused[0]!.activationDeadline ?? mandate.activationDeadline;
      await mailAdministrators(key, mandator, 'mandate-activation-reminder', (_language, sectionName) => ({
        companyName: mandator.companyName,
        sectionName: sectionName(mandate.section),
        activationDeadline: deadline,
        unusedCodes: unused.length,
      }));
      await appendSpaceEvent(db, { key, spaceId: mandator.id, type: 'mandate.activation_reminded', actor: null, subjectId: mandateId, data: { unusedCodes: unused.length, activationDeadline: deadline.toISOString(), ...(batch !== undefined ? { batch } : {}) } });
    },

    /** The activation deadline passed: unused codes expire; without its holder code the mandate expires too. */
    async expireCodes({ mandateId, batch }: { mandateId: string; batch?: number }): Promise<{ status: MandateStatus }> {
      const key = activityKey();
      const result = await db.transaction(async (tx) => {
        const now = new Date();
        // Only the mandate's own deadline (the holder code's) can expire the mandate; a later batch's cannot.
        const closed =
          batch === undefined || batch === 0
            ? await tx
                .update(mandates)
                .set({ status: 'expired', closedAt: now, updatedAt: now })
                .where(and(eq(mandates.id, mandateId), inArray(mandates.status, ['requested', 'dispatched'])))
                .returning({ id: mandates.id })
            : [];
        // A mandate that expires takes all its unused codes with it; otherwise only this batch's expire.
        const expired = await tx
          .update(activationCodes)
          .set({ status: 'expired' })
          .where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.status, 'issued'), closed.length > 0 ? undefined : inBatch(batch)))
          .returning({ id: activationCodes.id });
        const { mandate } = await load(tx, mandateId);
        if (closed.length > 0) {
          await appendSpaceEvent(tx, { key, spaceId: mandate.mandatorSpaceId, type: 'mandate.expired', actor: null, subjectId: mandateId, data: { section: mandate.section, expiredCodes: expired.length }, occurredAt: now });
        } else if (expired.length > 0) {
          await appendSpaceEvent(tx, { key, spaceId: mandate.mandatorSpaceId, type: 'mandate.codes_expired', actor: null, subjectId: mandateId, data: { section: mandate.section, expiredCodes: expired.length }, occurredAt: now });
        }
        return { status: mandate.status };
      });
      // Everyone concerned hears of an ending: the mandator's administrators (a retry finds the mail sent).
      if (result.status === 'expired' && (batch === undefined || batch === 0)) {
        const { mandate, mandator } = await load(db, mandateId);
        await mailAdministrators(key, mandator, 'mandate-expired', (_language, sectionName) => ({ mandatorName: mandator.companyName, sectionName: sectionName(mandate.section) }));
      }
      return result;
    },

    /** Revoked by the mandator or ended at its end date: delegates lose access in the same transaction. */
    async closeMandate({ mandateId, status, actor }: { mandateId: string; status: 'revoked' | 'ended'; actor: Actor | null }): Promise<void> {
      const key = activityKey();
      const { mandate, mandator, endedSpaces } = await db.transaction(async (tx) => {
        const now = new Date();
        const { mandate, mandator } = await load(tx, mandateId);
        const changed = await tx
          .update(mandates)
          .set({ status, closedAt: now, updatedAt: now })
          .where(and(eq(mandates.id, mandateId), inArray(mandates.status, ['requested', 'dispatched', 'active'])))
          .returning({ id: mandates.id });
        await tx.update(activationCodes).set({ status: 'void' }).where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.status, 'issued')));
        const endedSpaces = await endDelegations(tx, key, mandate, mandator, actor, status);
        // The certification the holder code gave (R22) ends with the mandate, in the same transaction.
        const certificationRemoved = mandate.activatedAt !== null && (await removeCodeCertification(tx, key, mandate, actor, status, now));
        if (changed.length > 0) {
          await appendSpaceEvent(tx, { key, spaceId: mandator.id, type: status === 'revoked' ? 'mandate.revoked' : 'mandate.ended', actor, subjectId: mandateId, data: { section: mandate.section, delegatesEnded: endedSpaces.length, certificationRemoved }, occurredAt: now });
        }
        return { mandate, mandator, endedSpaces };
      });
      await mailAdministrators(key, mandator, status === 'revoked' ? 'mandate-revoked' : 'mandate-ended', (_language, sectionName) => ({ mandatorName: mandator.companyName, sectionName: sectionName(mandate.section) }));
      await tellEndedDelegates(key, mandate, mandator, endedSpaces);
    },

    /** R32: the old delegate codes become void and the delegations through them end; new codes follow. */
    async voidDelegateCodes({ mandateId, actor, activationDeadline, unusedOnly }: { mandateId: string; actor: Actor; activationDeadline: string; unusedOnly?: boolean }): Promise<void> {
      const key = activityKey();
      if (unusedOnly) {
        // Trust rules: registered delegates keep their access; the mandate's deadline stays; the new codes get theirs.
        await db.transaction(async (tx) => {
          const { mandate } = await load(tx, mandateId);
          const voided = await tx
            .update(activationCodes)
            .set({ status: 'void' })
            .where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.kind, 'delegate'), inArray(activationCodes.status, ['issued', 'expired'])))
            .returning({ id: activationCodes.id });
          await appendSpaceEvent(tx, { key, spaceId: mandate.mandatorSpaceId, type: 'mandate.delegate_codes_changed', actor, subjectId: mandateId, data: { section: mandate.section, voidedCodes: voided.length, delegatesEnded: 0, newCodesActivationDeadline: activationDeadline } });
        });
        return;
      }
      const { mandate, mandator, endedSpaces } = await db.transaction(async (tx) => {
        const now = new Date();
        const { mandate, mandator } = await load(tx, mandateId);
        await tx.update(activationCodes).set({ status: 'void' }).where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.kind, 'delegate'), inArray(activationCodes.status, ['issued', 'expired'])));
        const used = await tx.select({ id: activationCodes.id }).from(activationCodes).where(and(eq(activationCodes.mandateId, mandateId), eq(activationCodes.kind, 'delegate')));
        const endedSpaces = await endDelegations(
          tx,
          key,
          mandate,
          mandator,
          actor,
          'codes-changed',
          used.map((row) => row.id),
        );
        await tx.update(mandates).set({ activationDeadline: new Date(activationDeadline), updatedAt: now }).where(eq(mandates.id, mandateId));
        await appendSpaceEvent(tx, { key, spaceId: mandator.id, type: 'mandate.delegate_codes_changed', actor, subjectId: mandateId, data: { section: mandate.section, delegatesEnded: endedSpaces.length, activationDeadline }, occurredAt: now });
        return { mandate, mandator, endedSpaces };
      });
      await tellEndedDelegates(key, mandate, mandator, endedSpaces);
    },

    /** R32: the mandator ends one delegate's access; the mandate and the other delegates stay. */
    async endDelegation({ mandateId, delegateSpaceId, actor }: { mandateId: string; delegateSpaceId: string; actor: Actor }): Promise<void> {
      const key = activityKey();
      const { mandate, mandator, endedSpaces } = await db.transaction(async (tx) => {
        const { mandate, mandator } = await load(tx, mandateId);
        const codeIds = (
          await tx
            .select({ id: delegations.activationCodeId })
            .from(delegations)
            .where(and(eq(delegations.mandateId, mandateId), eq(delegations.delegateSpaceId, delegateSpaceId), eq(delegations.status, 'active')))
        ).map((row) => row.id);
        const endedSpaces = await endDelegations(tx, key, mandate, mandator, actor, 'delegate-revoked', codeIds);
        if (endedSpaces.length > 0) {
          const [delegate] = await tx.select({ companyName: spaces.companyName }).from(spaces).where(eq(spaces.id, delegateSpaceId));
          await appendSpaceEvent(tx, { key, spaceId: mandator.id, type: 'mandate.delegate_revoked', actor, subjectId: mandateId, data: { section: mandate.section, delegate: delegate?.companyName ?? null, delegateSpaceId } });
        }
        return { mandate, mandator, endedSpaces };
      });
      await tellEndedDelegates(key, mandate, mandator, endedSpaces);
    },

    async recordEndDate({ mandateId, actor, endDate }: { mandateId: string; actor: Actor; endDate: string | null }): Promise<void> {
      const key = activityKey();
      await db.transaction(async (tx) => {
        const [row] = await tx.update(mandates).set({ endDate: endDate ? new Date(endDate) : null, updatedAt: new Date() }).where(eq(mandates.id, mandateId)).returning();
        if (!row) throw domainFailure('not_found', `Mandate ${mandateId} is not recorded`);
        await appendSpaceEvent(tx, { key, spaceId: row.mandatorSpaceId, type: 'mandate.end_date_changed', actor, subjectId: mandateId, data: { endDate } });
      });
    },

    async recordActivationDeadline({ mandateId, actor, activationDeadline }: { mandateId: string; actor: Actor; activationDeadline: string }): Promise<void> {
      const key = activityKey();
      await db.transaction(async (tx) => {
        const [row] = await tx.update(mandates).set({ activationDeadline: new Date(activationDeadline), updatedAt: new Date() }).where(eq(mandates.id, mandateId)).returning();
        if (!row) throw domainFailure('not_found', `Mandate ${mandateId} is not recorded`);
        await appendSpaceEvent(tx, { key, spaceId: row.mandatorSpaceId, type: 'mandate.activation_deadline_changed', actor, subjectId: mandateId, data: { activationDeadline } });
      });
    },

    /** Before the end date: the mandator's and the active delegates' administrators. */
    async sendEndReminder({ mandateId }: { mandateId: string }): Promise<void> {
      const key = activityKey();
      const { mandate, mandator } = await load(db, mandateId);
      if (!mandate.endDate || mandate.status !== 'active') return;
      const endDate = mandate.endDate;
      const active = await db.select({ spaceId: delegations.delegateSpaceId }).from(delegations).where(and(eq(delegations.mandateId, mandateId), eq(delegations.status, 'active')));
      for (const spaceId of new Set([mandator.id, ...active.map((row) => row.spaceId)])) {
        const space = await findSpace(db, spaceId);
        if (!space) continue;
        await mailAdministrators(key, space, 'mandate-end-reminder', (_language, sectionName) => ({ mandatorName: mandator.companyName, sectionName: sectionName(mandate.section), endDate }));
        await appendSpaceEvent(db, { key: `${key}/${spaceId}`, spaceId, type: 'mandate.end_reminded', actor: null, subjectId: mandateId, data: { endDate: endDate.toISOString(), mandator: mandator.companyName, section: mandate.section } });
      }
    },
  };
}

export type MandateActivities = ReturnType<typeof createMandateActivities>;
