// How a process's resource is first recorded: one idempotent function per process, called by the API right after
// it started the workflow (so the caller reads its write) and by the workflow's first activity (so a row exists
// even when the API died between the start and the write). Keyed by the resource id; the unique constraints
// settle races between two starts for the same thing (409).
import { eq, sql } from 'drizzle-orm';
import { executeRows, type Executor } from './client';
import { certificationDocuments, certificationRequests, invitations, mandates } from './schema';
import { appendSpaceEvent, findCertificationRequestView, findInvitation, findSpace, isCertifiedFor, isMemberByCertificateSql, rowFromJson, spaceEventRow, toInvitationView } from './queries';
import type { MandateStatus } from '../../domain/mandates';
import type { CertificationRegistrationResult, CertificationWorkflowInput } from '../../features/certification/contract';
import type { InvitationWorkflowInput, RegistrationResult } from '../../features/invitations/contract';
import type { MandateWorkflowInput } from '../../features/mandates/contract';

/**
 * Writes the invitation row and its timeline event once; refuses a duplicate or an existing member. One statement
 * (one round trip, atomic by itself): the member check, the insert and its event, and the row as it was before.
 */
export async function recordInvitation(db: Executor, input: InvitationWorkflowInput & { expiresAt: string }): Promise<RegistrationResult> {
  const now = new Date();
  const event = spaceEventRow({
    key: `${input.invitationId}`,
    spaceId: input.spaceId,
    type: 'invitation.created',
    actor: input.invitedBy,
    subjectId: input.invitationId,
    data: { invitee: `${input.firstName} ${input.lastName}`, role: input.role, expiresAt: input.expiresAt },
    occurredAt: now,
  });
  const [row] = await executeRows<{ existing: Record<string, unknown> | null; inserted: Record<string, unknown> | null; member: boolean }>(db, sql`
    with member as (
      select ${isMemberByCertificateSql(input.spaceId, input.certificateSsn)} as yes
    ), inserted as (
      insert into invitations (id, space_id, certificate_ssn, first_name, last_name, email, role, permissions, certificate_mode, status,
                               invited_by, expires_at, last_sent_at, created_at)
      select ${input.invitationId}::uuid, ${input.spaceId}::uuid, ${input.certificateSsn}, ${input.firstName}, ${input.lastName}, ${input.email},
             ${input.role}, ${JSON.stringify(input.permissions)}::jsonb, ${input.certificateMode}, 'pending',
             ${input.invitedBy.personId}::uuid, ${input.expiresAt}::timestamptz, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
       where not (select yes from member)
      on conflict do nothing
      returning *
    ), event as (
      insert into space_events (id, space_id, type, actor_person_id, actor_name, subject_id, data, occurred_at)
      select ${event.id}, ${event.spaceId}::uuid, ${event.type}, ${event.actorPersonId}::uuid, ${event.actorName}, ${event.subjectId},
             ${JSON.stringify(event.data)}::jsonb, ${event.occurredAt.toISOString()}::timestamptz
        from inserted
      on conflict do nothing
    )
    select (select row_to_json(i) from invitations i where i.id = ${input.invitationId}::uuid) as existing,
           (select row_to_json(inserted) from inserted) as inserted,
           (select yes from member) as member`);
  const recorded = row?.existing ?? row?.inserted;
  if (recorded) return { outcome: 'recorded', invitation: toInvitationView(rowFromJson(invitations, recorded)) };
  if (row?.member) return { outcome: 'refused', code: 'already_member' };
  // The same id recorded by a statement that committed meanwhile (the workflow and the API race for it, unseen by
  // this statement's snapshot), or another pending invitation for the certificate.
  const meanwhile = await findInvitation(db, input.invitationId);
  return meanwhile ? { outcome: 'recorded', invitation: toInvitationView(meanwhile) } : { outcome: 'refused', code: 'already_invited' };
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

