// How a process's resource is first recorded: one idempotent function per process, called by the API right after
// it started the workflow (so the caller reads its write) and by the workflow's first activity (so a row exists
// even when the API died between the start and the write). Keyed by the resource id; the unique constraints
// settle races between two starts for the same thing (409).
import { eq } from 'drizzle-orm';
import type { Executor } from './client';
import { certificationDocuments, certificationRequests, invitations, mandates } from './schema';
import { appendSpaceEvent, findCertificationRequestView, findInvitation, findSpace, isCertifiedFor, isMemberByCertificate, toInvitationView } from './queries';
import type { MandateStatus } from '../shared/domain';
import type { CertificationRegistrationResult, CertificationWorkflowInput, InvitationWorkflowInput, MandateWorkflowInput, RegistrationResult } from '../shared/temporal';

/** Writes the invitation row and its timeline event once; refuses a duplicate or an existing member. */
export async function recordInvitation(db: Executor, input: InvitationWorkflowInput & { expiresAt: string }): Promise<RegistrationResult> {
  const existing = await findInvitation(db, input.invitationId);
  if (existing) return { outcome: 'recorded', invitation: toInvitationView(existing) };
  return db.transaction(async (tx) => {
    if (await isMemberByCertificate(tx, input.spaceId, input.certificateSsn)) return { outcome: 'refused', code: 'already_member' } as const;
    const now = new Date();
    const [row] = await tx
      .insert(invitations)
      .values({
        id: input.invitationId,
        spaceId: input.spaceId,
        certificateSsn: input.certificateSsn,
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        role: input.role,
        permissions: input.permissions,
        certificateMode: input.certificateMode,
        status: 'pending',
        invitedBy: input.invitedBy.personId,
        expiresAt: new Date(input.expiresAt),
        lastSentAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // The same id recorded meanwhile (the workflow and the API race for it), or another pending invitation.
      const recorded = await findInvitation(tx, input.invitationId);
      return recorded ? ({ outcome: 'recorded', invitation: toInvitationView(recorded) } as const) : ({ outcome: 'refused', code: 'already_invited' } as const);
    }
    await appendSpaceEvent(tx, {
      key: `${input.invitationId}`,
      spaceId: input.spaceId,
      type: 'invitation.created',
      actor: input.invitedBy,
      subjectId: input.invitationId,
      data: { invitee: `${input.firstName} ${input.lastName}`, role: input.role, expiresAt: input.expiresAt },
      occurredAt: now,
    });
    return { outcome: 'recorded', invitation: toInvitationView(row) } as const;
  });
}

/** The request row and its timeline event once; refused (and its stored documents removed) when certified or open. */
export async function recordCertificationRequest(db: Executor, input: CertificationWorkflowInput): Promise<CertificationRegistrationResult> {
  const existing = await findCertificationRequestView(db, input.requestId);
  if (existing) return { outcome: 'recorded', request: existing };
  return db.transaction(async (tx) => {
    const refuse = async (code: 'already_certified' | 'certification_pending') => {
      await tx.delete(certificationDocuments).where(eq(certificationDocuments.requestId, input.requestId));
      return { outcome: 'refused', code } as const;
    };
    if (await isCertifiedFor(tx, input.spaceId, input.activityField)) return refuse('already_certified');
    const now = new Date();
    // The partial unique index settles a race between two submissions for the same field.
    const [row] = await tx
      .insert(certificationRequests)
      .values({
        id: input.requestId,
        spaceId: input.spaceId,
        activityField: input.activityField,
        authority: input.authority,
        status: 'submitted',
        note: input.note,
        requestedBy: input.requestedBy.personId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const recorded = await findCertificationRequestView(tx, input.requestId);
      return recorded ? ({ outcome: 'recorded', request: recorded } as const) : refuse('certification_pending');
    }
    await appendSpaceEvent(tx, {
      key: `${input.requestId}`,
      spaceId: input.spaceId,
      type: 'certification.submitted',
      actor: input.requestedBy,
      subjectId: input.requestId,
      data: { activityField: input.activityField, authority: input.authority, documents: input.documents.map((document) => document.name) },
      occurredAt: now,
    });
    return { outcome: 'recorded', request: (await findCertificationRequestView(tx, input.requestId))! } as const;
  });
}

/** The mandate row (requested) and its timeline event once. */
export async function recordMandate(db: Executor, input: MandateWorkflowInput & { activationDeadline: string }): Promise<{ mandateId: string; status: MandateStatus }> {
  const [existing] = await db.select({ id: mandates.id, status: mandates.status }).from(mandates).where(eq(mandates.id, input.mandateId)).limit(1);
  if (existing) return { mandateId: existing.id, status: existing.status };
  return db.transaction(async (tx) => {
    const space = await findSpace(tx, input.mandatorSpaceId);
    if (!space) throw new Error(`Space ${input.mandatorSpaceId} does not exist`);
    const now = new Date();
    await tx
      .insert(mandates)
      .values({
        id: input.mandateId,
        mandatorSpaceId: input.mandatorSpaceId,
        companyRegistrationNumber: space.companyRegistrationNumber,
        section: input.section,
        scope: input.scope,
        status: 'requested',
        requestedBy: input.requestedBy.personId,
        activationDeadline: new Date(input.activationDeadline),
        endDate: input.endDate ? new Date(input.endDate) : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    await appendSpaceEvent(tx, {
      key: `${input.mandateId}`,
      spaceId: input.mandatorSpaceId,
      type: 'mandate.requested',
      actor: input.requestedBy,
      subjectId: input.mandateId,
      data: { section: input.section, scope: input.scope, delegateCodes: input.delegateCodes, endDate: input.endDate, activationDeadline: input.activationDeadline },
      occurredAt: now,
    });
    return { mandateId: input.mandateId, status: 'requested' as const };
  });
}

