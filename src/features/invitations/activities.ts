// Side effects of the invitation lifecycle. Each activity is idempotent: rows are keyed by ids, timeline events
// and mails by the activity's own key (workflow id + run id + activity id, the same on every retry).
import { domainFailure } from '../../domain/failures';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { certificates, invitations, memberships, persons, spaces } from '../../platform/db/schema';
import { alias } from 'drizzle-orm/pg-core';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findInvitation, toInvitationView, type InvitationRow } from './store';
import { findMembershipView } from '../spaces/store';
import type { Language } from '../../domain/language';
import { spaceLanguage } from '../../domain/language';
import type { Actor } from '../../domain/access';
import type { Answer, InvitationEdit, InvitationView, InvitationWorkflowInput, MembershipView, RegistrationResult } from './contract';
import { activityKey } from '../../platform/temporal/activity-key';
import { recordInvitation } from './store';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { deliverMail } from '../../platform/mail/outbox';
import { pageLinks } from '../../domain/page-links';

const inviteeName = (row: InvitationRow) => `${row.firstName} ${row.lastName}`;

export function createInvitationActivities({ db, mailer, links }: ActivityDependencies) {
  const invitee = alias(persons, 'invitee');
  async function load(invitationId: string) {
    // The invitation, its space, its inviter and — when the invited certificate ever logged in — its person, in one
    // round trip.
    const [row] = await db
      .select({ invitation: invitations, space: spaces, inviter: persons, inviteeLanguage: invitee.language })
      .from(invitations)
      .leftJoin(spaces, eq(spaces.id, invitations.spaceId))
      .leftJoin(persons, eq(persons.id, invitations.invitedBy))
      .leftJoin(certificates, eq(certificates.ssn, invitations.certificateSsn))
      .leftJoin(invitee, eq(invitee.id, certificates.personId))
      .where(eq(invitations.id, invitationId))
      .limit(1);
    if (!row) throw domainFailure('not_found', `Invitation ${invitationId} is not recorded`);
    const { invitation, space, inviter } = row;
    if (!space || !inviter) throw domainFailure('not_found', `Invitation ${invitationId} lost its space or inviter`);
    // A mail to a known person is in that person's language; to anyone else in the space's procedure language, else
    // the inviter's.
    const language: Language = row.inviteeLanguage ?? spaceLanguage(space, inviter.language);
    return { invitation, space, inviter, language };
  }

  return {
    /** Writes the invitation row and its timeline event once (the API usually did already); refuses a duplicate or an existing member. */
    async recordInvitation(input: InvitationWorkflowInput & { expiresAt: string }): Promise<RegistrationResult> {
      return recordInvitation(db, input);
    },

    /** The invitation mail (R4), a reminder before expiry, or the notice that it was withdrawn. */
    async sendInvitationMail({ invitationId, purpose, mailKey }: { invitationId: string; purpose: 'invitation' | 'reminder' | 'cancelled'; mailKey?: string }): Promise<void> {
      // `mailKey`: the workflow names the mail when more than one invocation may try it (local, then ordinary).
      const key = mailKey ?? activityKey();
      const { invitation, space, inviter, language } = await load(invitationId);
      const common = { spaceName: space.name, companyName: space.companyName };
      if (purpose === 'cancelled') {
        await deliverMail(db, mailer, { idempotencyKey: key, to: invitation.email, kind: 'invitation-cancelled', language, params: common });
        return;
      }
      await deliverMail(db, mailer, {
        idempotencyKey: key,
        to: invitation.email,
        kind: purpose === 'reminder' ? 'invitation-reminder' : 'invitation',
        language,
        params: { ...common, certificateSsn: invitation.certificateSsn, inviterName: inviter.name, expiresAt: invitation.expiresAt, loginPortalUrl: links.loginPortalUrl, appUrl: pageLinks.invitation(links.appUrl, invitationId) },
      });
      if (purpose === 'reminder') {
        await appendSpaceEvent(db, { key, spaceId: space.id, type: 'invitation.reminded', actor: null, subjectId: invitationId, data: { invitee: inviteeName(invitation), expiresAt: invitation.expiresAt.toISOString() } });
      }
    },

    /** Tells the inviter how the invitation ended ("X joined", declined, expired). */
    async notifyInviter({ invitationId, outcome }: { invitationId: string; outcome: 'accepted' | 'declined' | 'expired' }): Promise<void> {
      const { invitation, space, inviter } = await load(invitationId);
      if (!inviter.email) return;
      const params = { inviteeName: inviteeName(invitation), spaceName: space.name };
      const idempotencyKey = activityKey();
      // Mail to the inviter: the space's procedure language, else the inviter's own language.
      const language = spaceLanguage(space, inviter.language);
      if (outcome === 'expired') {
        await deliverMail(db, mailer, { idempotencyKey, to: inviter.email, kind: 'invitation-expired', language, params: { ...params, expiresAt: invitation.expiresAt } });
      } else {
        await deliverMail(db, mailer, { idempotencyKey, to: inviter.email, kind: outcome === 'accepted' ? 'invitation-accepted' : 'invitation-declined', language, params });
      }
    },

    /** R5, R15: the membership, the invitation's state change and the timeline event in one transaction. */
    async acceptInvitation({ invitationId, answer }: { invitationId: string; answer: Answer }): Promise<MembershipView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for('update');
        if (!invitation) throw domainFailure('not_found', `Invitation ${invitationId} is not recorded`);
        if (invitation.status === 'pending') {
          const now = new Date();
          await tx
            .insert(memberships)
            .values({
              id: randomUUID(),
              spaceId: invitation.spaceId,
              personId: answer.personId,
              certificateSsn: invitation.certificateSsn,
              certificateMode: invitation.certificateMode,
              role: invitation.role,
              permissions: invitation.permissions,
              invitationId,
              createdAt: now,
            })
            .onConflictDoNothing();
          await tx.update(invitations).set({ status: 'accepted', answeredBy: answer.personId, answeredAt: now }).where(eq(invitations.id, invitationId));
          await appendSpaceEvent(tx, { key, spaceId: invitation.spaceId, type: 'invitation.accepted', actor: { personId: answer.personId, name: answer.name }, subjectId: invitationId, data: { role: invitation.role }, occurredAt: now });
        } else if (invitation.status !== 'accepted') {
          // The row's state goes with the refusal: the workflow may not know it (see invitationWorkflow).
          throw domainFailure('invitation_not_pending', `Invitation ${invitationId} is ${invitation.status}`, { status: invitation.status });
        }
        const membership = await findMembershipView(tx, invitation.spaceId, answer.personId);
        if (!membership) throw domainFailure('internal_error', 'Membership missing after acceptance');
        return membership;
      });
    },

    /** Declined, cancelled or expired: the state change and its timeline event. */
    async closeInvitation({ invitationId, status, actor }: { invitationId: string; status: 'declined' | 'cancelled' | 'expired'; actor: Actor | null }): Promise<InvitationView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const now = new Date();
        const [updated] = await tx
          .update(invitations)
          .set({ status, answeredBy: status === 'declined' ? (actor?.personId ?? null) : null, answeredAt: now })
          .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
          .returning();
        const row = updated ?? (await findInvitation(tx, invitationId));
        if (!row) throw domainFailure('not_found', `Invitation ${invitationId} is not recorded`);
        if (updated) {
          await appendSpaceEvent(tx, { key, spaceId: row.spaceId, type: `invitation.${status}`, actor, subjectId: invitationId, data: { invitee: inviteeName(row) }, occurredAt: now });
        }
        return toInvitationView(row);
      });
    },

    /** R17: master data, role, permissions and certificate mode, while pending. */
    async editInvitation({ invitationId, actor, edit }: { invitationId: string; actor: Actor; edit: InvitationEdit }): Promise<InvitationView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const [updated] = await tx
          .update(invitations)
          .set(edit)
          .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
          .returning();
        const row = updated ?? (await findInvitation(tx, invitationId));
        if (!row) throw domainFailure('not_found', `Invitation ${invitationId} is not recorded`);
        await appendSpaceEvent(tx, { key, spaceId: row.spaceId, type: 'invitation.edited', actor, subjectId: invitationId, data: { fields: Object.keys(edit) } });
        return toInvitationView(row);
      });
    },

    /** A resend restarts the expiry. */
    async recordInvitationResent({ invitationId, actor, expiresAt }: { invitationId: string; actor: Actor; expiresAt: string }): Promise<InvitationView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(invitations)
          .set({ expiresAt: new Date(expiresAt), lastSentAt: new Date() })
          .where(eq(invitations.id, invitationId))
          .returning();
        if (!row) throw domainFailure('not_found', `Invitation ${invitationId} is not recorded`);
        await appendSpaceEvent(tx, { key, spaceId: row.spaceId, type: 'invitation.resent', actor, subjectId: invitationId, data: { expiresAt } });
        return toInvitationView(row);
      });
    },
  };
}

export type InvitationActivities = ReturnType<typeof createInvitationActivities>;
