// Temporal vocabulary shared by the API (client side) and the workflows: search-attribute keys, workflow ids,
// update/query definitions and their payload types. Pure: the workflow bundle imports it.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CertificateMode, CertificationDecision, CertificationStatus, CertificationVia, InvitationStatus, Language, Permissions, Role } from './domain';

// Typed search attributes, so operators can filter every process in the Temporal UI.
export const SPACE_ID = defineSearchAttributeKey('SpaceId', SearchAttributeType.KEYWORD);
export const COMPANY_NAME = defineSearchAttributeKey('CompanyName', SearchAttributeType.KEYWORD);
/** The lifecycle status of the process (an invitation's status for invitation workflows). */
export const PROCESS_STATUS = defineSearchAttributeKey('ProcessStatus', SearchAttributeType.KEYWORD);
export const AUTHORITY = defineSearchAttributeKey('Authority', SearchAttributeType.KEYWORD);
export const SECTION = defineSearchAttributeKey('Section', SearchAttributeType.KEYWORD);
/**
 * Every space a process concerns (a mandate: the mandator's and each registered delegate's), so each of them finds
 * it. Search attributes are indexed in clear (codecs do not seal them): ids and company names only, never personal
 * data.
 */
export const SPACE_IDS = defineSearchAttributeKey('SpaceIds', SearchAttributeType.KEYWORD_LIST);
export const SEARCH_ATTRIBUTE_KEYS = [SPACE_ID, COMPANY_NAME, PROCESS_STATUS, AUTHORITY, SECTION, SPACE_IDS];

export const invitationWorkflowId = (invitationId: string) => `invitation-${invitationId}`;

/** Lifecycle durations, read from configuration by the starter and fixed for the workflow's life. */
export interface InvitationTimings {
  ttlMs: number;
  /** Reminders to the invitee, this long before expiry; skipped when already past at (re)send. */
  remindersBeforeExpiryMs: number[];
  /** At most one resend per this interval. */
  resendIntervalMs: number;
}

export interface Actor {
  personId: string;
  name: string;
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

export interface InvitationView {
  id: string;
  spaceId: string;
  certificateSsn: string;
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  permissions: Permissions;
  certificateMode: CertificateMode;
  status: InvitationStatus;
  invitedBy: string;
  expiresAt: string;
  lastSentAt: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export interface MembershipView {
  id: string;
  spaceId: string;
  personId: string;
  name: string;
  email: string | null;
  certificateSsn: string;
  certificateMode: CertificateMode;
  role: Role;
  permissions: Permissions;
  status: 'active';
  since: string;
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

// ——— Certification requests (R20, R21) ———

export const certificationWorkflowId = (requestId: string) => `certification-${requestId}`;

export interface CertificationTimings {
  /** After a request for information, the request closes when no supplement arrives within this. */
  supplementDeadlineMs: number;
  /** Staff are reminded each time a request has waited this long for a decision. */
  staffSlaMs: number;
}

/** A stored document: metadata only. Contents stay in the database, never in workflow history. */
export interface CertificationDocumentRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export interface CertificationWorkflowInput {
  requestId: string;
  spaceId: string;
  activityField: string;
  authority: string;
  note: string | null;
  /** Stored by the API before the start; the workflow records the request and links them. */
  documents: CertificationDocumentRef[];
  requestedBy: Actor;
  /** The authority's staff mailbox, resolved from configuration by the starter. */
  staffEmail: string;
  timings: CertificationTimings;
}

export interface CertificationDocumentView extends CertificationDocumentRef {
  /** The required document it is (a `requiredDocuments` code of the activity field), or null. */
  kind: string | null;
  uploadedAt: string;
}

export interface CertificationRequestView {
  id: string;
  spaceId: string;
  activityField: string;
  authority: string;
  status: CertificationStatus;
  note: string | null;
  documents: CertificationDocumentView[];
  requestedBy: string;
  /** The staff's reason for the decision, approval or rejection. */
  reason: string | null;
  /** What the staff asked for, while information is (or was last) requested. */
  informationRequest: string | null;
  supplementDueAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CertificationView {
  activityField?: string;
  section?: string;
  via: CertificationVia;
  certifiedAt: string;
}

export type CertificationRegistrationResult =
  | { outcome: 'recorded'; request: CertificationRequestView }
  | { outcome: 'refused'; code: 'already_certified' | 'certification_pending' };

/** Authority staff acting on a request: their authority must be the request's. */
export interface StaffActor extends Actor {
  authority: string;
}

export interface CertificationDecisionInput {
  staff: StaffActor;
  decision: CertificationDecision;
  /** Reason of a rejection, or the message of a request for information. */
  reason: string | null;
}

export const certificationRegistrationUpdate = defineUpdate<CertificationRegistrationResult>('certification-registration');
export const certificationDecisionUpdate = defineUpdate<CertificationRequestView, [CertificationDecisionInput]>('decision');
export const certificationSupplementUpdate = defineUpdate<CertificationRequestView, [{ actor: Actor; documents: CertificationDocumentRef[] }]>('supplement');
export const certificationWithdrawUpdate = defineUpdate<CertificationRequestView, [{ actor: Actor }]>('withdraw');
export const certificationStatusQuery = defineQuery<{ status: CertificationStatus | 'recording' | 'refused' }>('certification-status');

// ——— Mandates and activation codes (R22–R38) ———

export const mandateWorkflowId = (mandateId: string) => `mandate-${mandateId}`;

export interface MandateTimings {
  activationDeadlineMs: number;
  /** Reminders to the company's administrators this long before the activation deadline, while codes are unused. */
  activationRemindersMs: number[];
  /** Reminders to mandator and delegates this long before the end date. */
  endRemindersMs: number[];
}

/** No code ever appears here: codes exist in clear only inside the activity that prints their letters. */
export interface MandateWorkflowInput {
  mandateId: string;
  mandatorSpaceId: string;
  section: string;
  scope: { procedures: boolean; dataConsultation: boolean };
  delegateCodes: number;
  endDate: string | null;
  requestedBy: Actor;
  timings: MandateTimings;
  /** Set by the API, which records the row before the workflow's first task; absent in older histories. */
  activationDeadline?: string;
}

/** Identifies an issued code by its row id; the workflow never sees the code itself. */
export interface IssuedCodeRef {
  codeId: string;
  kind: 'holder' | 'delegate';
  letterId: string;
}

export interface ActivateCodeInput {
  codeId: string;
  spaceId: string;
  actor: Actor;
}

export interface ActivationResult {
  kind: 'holder' | 'delegate';
  mandateId: string;
  section: string;
  mandator: { spaceId: string; companyName: string };
}

export const mandateRegistrationUpdate = defineUpdate<{ mandateId: string; status: string }>('mandate-registration');
export const activateCodeUpdate = defineUpdate<ActivationResult, [ActivateCodeInput]>('activate-code');
export const revokeMandateUpdate = defineUpdate<void, [{ actor: Actor }]>('revoke');
/** R38: a delegate company moved its delegation to another of its spaces (the database already says so). */
export const delegationMovedSignal = defineSignal<[{ fromSpaceId: string; toSpaceId: string }]>('delegation-moved');
export const changeDelegateCodesUpdate = defineUpdate<void, [{ actor: Actor; delegateCodes: number }]>('change-delegate-codes');
/** R32: one delegate's access ends; the mandate and the other delegates stay. */
export const revokeDelegateUpdate = defineUpdate<void, [{ actor: Actor; delegateSpaceId: string }]>('revoke-delegate');
export const changeEndDateUpdate = defineUpdate<void, [{ actor: Actor; endDate: string | null }]>('change-end-date');
export const changeActivationDeadlineUpdate = defineUpdate<void, [{ actor: Actor; activationDeadline: string }]>('change-activation-deadline');
export const mandateStatusQuery = defineQuery<{ status: string; activationDeadline: string; endDate: string | null }>('mandate-status');

export type { Language };
