// The invitation rows: how an invitation is first recorded (by the API right after it started the workflow, and by
// the workflow's first task), found and viewed.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { executeRows, type Executor } from '../../platform/db/client';
import { invitations } from '../../platform/db/schema';
import { iso, rowFromJson } from '../../platform/db/sql';
import { spaceEventRow } from '../../platform/db/timeline';
import { webhookOutboxCtes } from '../../platform/db/webhook-outbox';
import { isMemberByCertificateSql } from '../spaces/store';
import type { InvitationView, InvitationWorkflowInput, RegistrationResult } from './contract';


export type InvitationRow = typeof invitations.$inferSelect;


export function toInvitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    spaceId: row.spaceId,
    certificateSsn: row.certificateSsn,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    role: row.role,
    permissions: row.permissions,
    certificateMode: row.certificateMode,
    status: row.status,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    lastSentAt: iso(row.lastSentAt),
    createdAt: row.createdAt.toISOString(),
    answeredAt: iso(row.answeredAt),
  };
}


export async function findInvitation(db: Executor, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId)).limit(1);
  return row;
}


const pendingInvitationOf = (spaceId: string, ssn: string) => and(eq(invitations.spaceId, spaceId), eq(invitations.certificateSsn, ssn), eq(invitations.status, 'pending'))!;


/** The certificate has a pending invitation to the space (SQL boolean). */
export function hasPendingInvitationSql(spaceId: string, ssn: string): SQL {
  return sql`exists (select 1 from ${invitations} where ${pendingInvitationOf(spaceId, ssn)})`;
}

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
  // The event for API callers goes with the timeline event, in this statement (src/platform/db/webhook-outbox.ts).
  const outbox = webhookOutboxCtes(event, 'event');
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
      returning id
    )${outbox ? sql`, ${outbox}` : sql``}
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
