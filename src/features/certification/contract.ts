// The certification process as the API, the pages and the workflow share it. Pure: the workflow bundle imports it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/access';
import type { CertificationDecision, CertificationStatus } from '../../domain/certification';
import type { CertificationRequestView } from './schemas';

export type { CertificationRequestView };

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

