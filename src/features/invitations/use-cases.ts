// Invitations (R1–R19): the one home of each invitation rule. The API's routes and the pages call these; the
// invitation workflow owns the lifecycle (R4, R5, R15–R18) and answers its updates through validators.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { certificateMismatchRefusal, escalationRefusal, permissionsAfterChange, permissionsForRole } from '../../domain/access';
import { DomainError, allowedPermissions, notFound, refuseWith } from '../../domain/errors';
import { invitations, memberships, persons, spaces } from '../../platform/db/schema';
import { decodeCursor, keysetAfter, toPage, type Page, type PageRequest } from '../../platform/pagination';
import { takeAllowance } from '../../platform/db/rate-limits';
import type { Requester } from '../../platform/requester';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../platform/temporal/search-attributes';
import { startProcess } from '../../platform/temporal/process-start';
import { updateProcess } from '../../platform/temporal/updates';
import { actorOf, personOf } from '../people/use-cases';
import { readTablePageAsMember, requireMembership, requireMembershipWith, requirePermission, type MembershipRow } from '../spaces/access';
import { isMemberByCertificateSql } from '../spaces/store';
import type { MembershipView } from '../spaces/schemas';
import { acceptUpdate, cancelUpdate, declineUpdate, editUpdate, invitationWorkflowId, resendUpdate, type InvitationEdit, type InvitationWorkflowInput } from './contract';
import type { CreateInvitation, EditInvitation, InvitationView, MyInvitation } from './schemas';
import { findInvitation, hasPendingInvitationSql, recordInvitation, toInvitationView, type InvitationRow } from './store';

const alreadyMember = () => new DomainError('already_member', 'This certificate already belongs to a member of the space.');
const alreadyInvited = () => new DomainError('already_invited', 'This certificate already has a pending invitation to the space.');
export const notPending = (invitation: InvitationRow | undefined) => new DomainError('invitation_not_pending', `The invitation is ${invitation?.status ?? 'closed'}, not pending.`);

async function spaceInvitation(requester: Requester, spaceId: string, invitationId: string): Promise<InvitationRow> {
  const invitation = await findInvitation(requester.deps.db, invitationId);
  if (!invitation || invitation.spaceId !== spaceId) throw notFound('The invitation');
  return invitation;
}

const HOUR_MS = 3600_000;
/**
 * Mails to one recipient are limited per space and per certificate of the caller (throw-away spaces give no new
 * mails): invitations, their resends and edits of the address cannot bomb a mailbox.
 */
function takeMailAllowance(requester: Requester, spaceId: string, email: string): Promise<void> {
  const recipient = email.toLowerCase();
  const { limits } = requester.deps.config;
  const allowance = (bucket: string) => ({ bucket, limit: limits.mailsPerRecipientHour, windowMs: HOUR_MS });
  return takeAllowance(requester.deps.db, [allowance(`mail:${spaceId}:${recipient}`), allowance(`mail-by:${requester.caller.certificateSsn}:${recipient}`)], {
    note: 'Too many mails to this recipient.',
    detailKey: 'problem.too_many_requests.mails',
  });
}

/** R1–R9, R12: an administrator (or a member with inviteUsers) invites a certificate with a role it holds itself. */
export async function invite(requester: Requester, spaceId: string, body: CreateInvitation): Promise<InvitationView> {
  // The caller's rights, the space and whether the certificate is already in it, in one round trip.
  const { membership, row } = await requireMembershipWith<{ name: string; company_name: string; member: boolean; invited: boolean }>(
    requester,
    spaceId,
    sql`select s.name, s.company_name, ${isMemberByCertificateSql(spaceId, body.certificateSsn)} as member,
               ${hasPendingInvitationSql(spaceId, body.certificateSsn)} as invited
          from spaces s where s.id = ${spaceId}`,
  );
  const space = row!;
  requirePermission(membership, 'inviteUsers');
  const permissions = allowedPermissions(permissionsForRole(body.role, body.permissions));
  refuseWith(escalationRefusal(membership, { role: body.role, permissions }));
  const { db, config } = requester.deps;
  const actor = await actorOf(requester);
  // The expiry is fixed here, so the row and the workflow's timer agree.
  const expiresAt = new Date(Date.now() + config.lifecycle.invitationTtlMs).toISOString();
  const inputOf = (invitationId: string): InvitationWorkflowInput & { expiresAt: string } => ({
    invitationId,
    spaceId,
    certificateSsn: body.certificateSsn,
    firstName: body.firstName,
    lastName: body.lastName,
    email: body.email,
    role: body.role,
    permissions,
    certificateMode: body.certificateMode,
    invitedBy: actor,
    timings: {
      ttlMs: config.lifecycle.invitationTtlMs,
      remindersBeforeExpiryMs: config.lifecycle.invitationRemindersMs,
      resendIntervalMs: config.lifecycle.invitationResendIntervalMs,
    },
    expiresAt,
  });
  const view = await startProcess(requester, {
    owner: actor.personId,
    kind: 'invitation',
    scope: [spaceId],
    request: body,
    // Known refusals before anything starts; the row's constraints settle the races.
    precheck: async () => {
      if (space.member) throw alreadyMember();
      if (space.invited) throw alreadyInvited();
      await takeMailAllowance(requester, spaceId, body.email);
    },
    workflow: (invitationId) => ({
      type: 'invitationWorkflow',
      workflowId: invitationWorkflowId(invitationId),
      args: [inputOf(invitationId)],
      searchAttributes: [
        { key: SPACE_ID, value: spaceId },
        { key: COMPANY_NAME, value: space.company_name },
        { key: PROCESS_STATUS, value: 'pending' },
      ],
      // Sealed like every payload, and free of personal data all the same (ids, never names or certificates).
      summary: `Invitation ${invitationId} to the space "${space.name}" of ${space.company_name} as ${body.role}`,
      details: `Invited by person ${actor.personId}. Space ${spaceId}. Certificate mode: ${body.certificateMode}.`,
    }),
    record: async (invitationId) => {
      const result = await recordInvitation(db, inputOf(invitationId));
      if (result.outcome === 'refused') throw result.code === 'already_member' ? alreadyMember() : alreadyInvited();
      return result.invitation;
    },
  });
  requester.log.info({ invitationId: view.id, spaceId }, 'invitation started');
  return view;
}

/** The space's invitations, oldest first; every member sees them (R11). */
export async function listInvitations(requester: Requester, spaceId: string, query: PageRequest & { status?: InvitationView['status'] | undefined }): Promise<Page<InvitationView>> {
  const after = decodeCursor(query.cursor);
  const page = requester.deps.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.spaceId, spaceId), query.status ? eq(invitations.status, query.status) : undefined, keysetAfter(invitations.createdAt, invitations.id, after)))
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .limit(query.limit + 1);
  // The caller's rights and the page in one round trip.
  const { rows } = await readTablePageAsMember(requester, spaceId, invitations, page, sql`created_at, id`);
  const { items, nextCursor } = toPage(rows, query.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  return { items: items.map(toInvitationView), nextCursor };
}

export async function getInvitation(requester: Requester, spaceId: string, invitationId: string): Promise<InvitationView> {
  await requireMembership(requester, spaceId);
  return toInvitationView(await spaceInvitation(requester, spaceId, invitationId));
}

/** R17: master data, role, permissions and mode while pending; within what the editor holds (no escalation). */
export async function editInvitation(requester: Requester, spaceId: string, invitationId: string, body: EditInvitation): Promise<InvitationView> {
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, 'inviteUsers');
  const invitation = await spaceInvitation(requester, spaceId, invitationId);
  const { permissions: _asked, ...fields } = body;
  const edit: InvitationEdit = fields;
  if (body.role !== undefined || body.permissions !== undefined) edit.permissions = allowedPermissions(permissionsAfterChange(invitation, body));
  // The invitation as it is and as it will be: both must lie within what the caller holds.
  refuseWith(escalationRefusal(membership, invitation, { role: body.role ?? invitation.role, permissions: edit.permissions ?? invitation.permissions }));
  // A new address gets the invitation mail: limited like any mail to a recipient, and then nothing is changed.
  if (body.email !== undefined && body.email.toLowerCase() !== invitation.email.toLowerCase() && invitation.status === 'pending') await takeMailAllowance(requester, spaceId, body.email);
  const actor = await actorOf(requester);
  return updateProcess(requester, invitationWorkflowId(invitationId), editUpdate, { args: [{ actor, edit }] }, () => notPending(invitation));
}

/** Cancels a pending invitation: the rights cancelling needs, and no escalation (it grants nothing the caller lacks). */
export async function cancelPendingInvitation(requester: Requester, membership: MembershipRow, invitation: InvitationRow): Promise<void> {
  requirePermission(membership, 'inviteUsers');
  refuseWith(escalationRefusal(membership, invitation));
  const actor = await actorOf(requester);
  await updateProcess(requester, invitationWorkflowId(invitation.id), cancelUpdate, { args: [{ actor }] }, () => notPending(invitation));
}

export async function cancelInvitation(requester: Requester, spaceId: string, invitationId: string): Promise<void> {
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, 'inviteUsers');
  await cancelPendingInvitation(requester, membership, await spaceInvitation(requester, spaceId, invitationId));
}

/** The invitation mail again; the expiry restarts (at most once per INVITATION_RESEND_INTERVAL). */
export async function resendInvitation(requester: Requester, spaceId: string, invitationId: string): Promise<InvitationView> {
  const membership = await requireMembership(requester, spaceId);
  requirePermission(membership, 'inviteUsers');
  const invitation = await spaceInvitation(requester, spaceId, invitationId);
  // Sending an invitation again is granting it again: within what the caller holds (no escalation).
  refuseWith(escalationRefusal(membership, invitation));
  if (invitation.status === 'pending') await takeMailAllowance(requester, spaceId, invitation.email);
  const actor = await actorOf(requester);
  return updateProcess(requester, invitationWorkflowId(invitationId), resendUpdate, { args: [{ actor }] }, () => notPending(invitation));
}

/**
 * The invitee's answer: only the invited certificate may answer (R15), only while pending. `again`: the row holds
 * this very answer by this person already — their earlier request's workflow task may have been lost after its
 * activity wrote the row (a server restart), so the workflow hears the answer again and catches up (found by the
 * chaos run, seed 3: an accepted row beside a workflow waiting as pending), or refuses it as it knows it answered.
 */
async function answerOf(requester: Requester, invitationId: string, answering: 'accepted' | 'declined') {
  const invitation = await findInvitation(requester.deps.db, invitationId);
  if (!invitation) throw notFound('The invitation');
  refuseWith(certificateMismatchRefusal(invitation.certificateSsn, requester.caller.certificateSsn));
  const person = await personOf(requester);
  const again = invitation.status === answering && invitation.answeredBy === person.id;
  if (invitation.status !== 'pending' && !again) throw notPending(invitation);
  return { invitation, again, answer: { personId: person.id, name: person.name, certificateSsn: requester.caller.certificateSsn } };
}

/** R5, R15, R16: the invitee accepts and becomes an active member — unless the person already is one, by another certificate. */
export async function acceptInvitation(requester: Requester, invitationId: string): Promise<MembershipView> {
  const { invitation, again, answer } = await answerOf(requester, invitationId, 'accepted');
  if (!again) {
    const [member] = await requester.deps.db
      .select({ id: memberships.id, invitationId: memberships.invitationId })
      .from(memberships)
      .where(and(eq(memberships.spaceId, invitation.spaceId), eq(memberships.personId, answer.personId)))
      .limit(1);
    // A parallel accept of this same invitation may have won since it was read as pending.
    if (member?.invitationId === invitationId) throw notPending({ ...invitation, status: 'accepted' });
    if (member) throw alreadyMember();
  }
  return updateProcess(requester, invitationWorkflowId(invitationId), acceptUpdate, { args: [answer] }, () => notPending(invitation));
}

/** R5: the invitee declines. */
export async function declineInvitation(requester: Requester, invitationId: string): Promise<InvitationView> {
  const { invitation, answer } = await answerOf(requester, invitationId, 'declined');
  return updateProcess(requester, invitationWorkflowId(invitationId), declineUpdate, { args: [answer] }, () => notPending(invitation));
}

/** R5: the pending invitations addressed to my certificate, oldest first, each naming who invited (R11). */
export async function myInvitations(requester: Requester, query: PageRequest & { invitationId?: string }): Promise<Page<MyInvitation>> {
  const after = decodeCursor(query.cursor);
  const rows = await requester.deps.db
    .select({
      id: invitations.id,
      spaceId: invitations.spaceId,
      spaceName: spaces.name,
      companyName: spaces.companyName,
      role: invitations.role,
      permissions: invitations.permissions,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      inviterName: persons.name,
    })
    .from(invitations)
    .innerJoin(spaces, eq(spaces.id, invitations.spaceId))
    .innerJoin(persons, eq(persons.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.certificateSsn, requester.caller.certificateSsn),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, sql`now()`),
        query.invitationId ? eq(invitations.id, query.invitationId) : undefined,
        keysetAfter(invitations.createdAt, invitations.id, after),
      ),
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(({ createdAt: _createdAt, expiresAt, inviterName, ...rest }) => ({ ...rest, expiresAt: expiresAt.toISOString(), invitedBy: { name: inviterName } })), nextCursor: page.nextCursor };
}

/** One pending invitation addressed to me (the page the invitation mail links to), or undefined. */
export async function myInvitation(requester: Requester, invitationId: string): Promise<MyInvitation | undefined> {
  return (await myInvitations(requester, { limit: 1, invitationId })).items[0];
}
