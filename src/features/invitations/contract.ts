// The invitation process as the API, the pages and the workflow share it: its workflow id, input, updates and
// query, and the views they answer. Pure: the workflow bundle imports it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, CertificateMode, InvitationStatus, Permissions, Role } from '../../domain/access';
import type { MembershipView } from '../spaces/schemas';
import type { InvitationView } from './schemas';

export type { InvitationView, MembershipView };

export const invitationWorkflowId = (invitationId: string) => `invitation-${invitationId}`;

/** Lifecycle durations, read from configuration by the starter and fixed for the workflow's life. */
export interface InvitationTimings {
  ttlMs: number;
  /** Reminders to the invitee, this long before expiry; skipped when already past at (re)send. */
  remindersBeforeExpiryMs: number[];
  /** At most one resend per this interval. */
  resendIntervalMs: number;
}

/** What the invitation workflow records. No clear-text secrets: an invitation carries none. */
export interface InvitationWorkflowInput {
  invitationId: string;
  spaceId: string;
  certificateSsn: string;
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  permissions: Permissions;
  certificateMode: CertificateMode;
  invitedBy: Actor;
  timings: InvitationTimings;
  /** Set by the API, which records the row before the workflow's first task; absent in older histories. */
  expiresAt?: string;
}

export type RegistrationResult =
  | { outcome: 'recorded'; invitation: InvitationView }
  | { outcome: 'refused'; code: 'already_invited' | 'already_member' };

/** The caller answering an invitation: the certificate they logged in with (R15). */
export interface Answer {
  personId: string;
  name: string;
  certificateSsn: string;
}

export interface InvitationEdit {
  firstName?: string;
  lastName?: string;
  email?: string;
  role?: Role;
  permissions?: Permissions;
  certificateMode?: CertificateMode;
}

/** Waits until the workflow has recorded the invitation (sent with update-with-start). */
export const registrationUpdate = defineUpdate<RegistrationResult>('registration');
export const acceptUpdate = defineUpdate<MembershipView, [Answer]>('accept');
export const declineUpdate = defineUpdate<InvitationView, [Answer]>('decline');
export const editUpdate = defineUpdate<InvitationView, [{ actor: Actor; edit: InvitationEdit }]>('edit');
export const cancelUpdate = defineUpdate<InvitationView, [{ actor: Actor }]>('cancel');
export const resendUpdate = defineUpdate<InvitationView, [{ actor: Actor }]>('resend');
export const invitationStatusQuery = defineQuery<{ status: InvitationStatus | 'recording' | 'refused'; expiresAt: string | null }>('status');

