// Cancelling a pending invitation: through DELETE …/invitations/{id} and through DELETE …/members/{id} on a pending
// invitee of the member list (R18, R19). One place for who may (inviteUsers, and no escalation: the invitation
// grants nothing the caller lacks) and for the workflow update.
import type { Context } from 'hono';
import type { InvitationRow } from './store';
import { cancelUpdate, invitationWorkflowId } from './contract';
import type { AppEnv } from '../../platform/http/env';
import { currentActor, requireMayGrant, requirePermission, type MembershipRow } from '../../platform/http/auth';
import { DomainError } from '../../domain/errors';
import { sendUpdate } from '../../platform/temporal/updates';

export const notPending = (invitation: InvitationRow | undefined) => new DomainError('invitation_not_pending', `The invitation is ${invitation?.status ?? 'closed'}, not pending.`);

export async function cancelPendingInvitation(c: Context<AppEnv>, membership: MembershipRow, invitation: InvitationRow): Promise<void> {
  requirePermission(membership, 'inviteUsers');
  requireMayGrant(membership, invitation);
  const { client } = c.get('deps').temporal;
  await sendUpdate(
    c,
    () => client.workflow.getHandle(invitationWorkflowId(invitation.id)).executeUpdate(cancelUpdate, { args: [{ actor: currentActor(c) }] }),
    () => notPending(invitation),
  );
}
