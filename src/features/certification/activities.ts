// Side effects of the certification lifecycle (R20–R22). Idempotent like every activity: rows are keyed by the
// request id, state changes are guarded by the expected status, timeline events and mails by the activity's key.
import { domainFailure } from '../../domain/failures';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { certificationRequests, spaceCertifications } from '../../platform/db/schema';
import { appendSpaceEvent } from '../../platform/db/timeline';
import { findCertificationRequest, findCertificationRequestView, type CertificationRequestRow } from './store';
import { findSpace, spaceAdministrators } from '../spaces/store';
import type { Executor } from '../../platform/db/client';
import { DEFAULT_LANGUAGE, type Language } from '../../domain/language';
import { type CertificationDecision } from '../../domain/certification';
import { findActivityField, findAuthority } from '../../domain/certification';
import { spaceLanguage } from '../../domain/language';
import type { Actor } from '../../domain/access';
import type { CertificationDocumentRef, CertificationRegistrationResult, CertificationRequestView, CertificationWorkflowInput, StaffActor } from './contract';
import { recordCertificationRequest } from './store';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { activityKey } from '../../platform/temporal/activity-key';
import { deliverMail } from '../../platform/mail/outbox';
import { pageLinks } from '../../domain/page-links';

const fieldName = (code: string, language: Language) => findActivityField(code)?.names[language] ?? code;
/** The authority opening a sentence, with its article (the mails' templates start with it). */
const authorityName = (code: string, language: Language) => findAuthority(code)?.subject[language] ?? code;

const DECIDED_STATUS = { approve: 'approved', reject: 'rejected', 'request-information': 'information_requested' } as const;

export function createCertificationActivities({ db, mailer, links }: ActivityDependencies) {
  async function view(executor: Executor, requestId: string): Promise<CertificationRequestView> {
    const found = await findCertificationRequestView(executor, requestId);
    if (!found) throw domainFailure('not_found', `Certification request ${requestId} is not recorded`);
    return found;
  }

  async function load(requestId: string) {
    const request = await findCertificationRequest(db, requestId);
    if (!request) throw domainFailure('not_found', `Certification request ${requestId} is not recorded`);
    const space = await findSpace(db, request.spaceId);
    if (!space) throw domainFailure('not_found', `Certification request ${requestId} lost its space`);
    return { request, space };
  }

  /** A retried transition finds the row already there; anything else is a real conflict. */
  async function transitioned(executor: Executor, requestId: string, expected: CertificationRequestRow['status']): Promise<CertificationRequestView> {
    const current = await view(executor, requestId);
    if (current.status !== expected) throw domainFailure('already_decided', `Certification request ${requestId} is ${current.status}`);
    return current;
  }

  return {
    /**
     * Writes the request and its timeline event once and links the documents the API stored. Refuses a field the
     * space is already certified for or has an open request for (then the staged documents are removed).
     */
    async recordCertificationRequest(input: CertificationWorkflowInput): Promise<CertificationRegistrationResult> {
      return recordCertificationRequest(db, input);
    },

    /** Tells the authority's staff (in French, the administration's working language) what waits for them. */
    async notifyCertificationStaff({
      requestId,
      staffEmail,
      purpose,
      waitingSince,
    }: {
      requestId: string;
      staffEmail: string;
      purpose: 'submitted' | 'supplemented' | 'reminder';
      waitingSince?: string;
    }): Promise<void> {
      const key = activityKey();
      const { request, space } = await load(requestId);
      const language = DEFAULT_LANGUAGE;
      const common = { companyName: space.companyName, spaceName: space.name, activityFieldName: fieldName(request.activityField, language) };
      const link = { requestId, appUrl: pageLinks.staffRequest(links.appUrl, requestId) };
      if (purpose === 'submitted') {
        await deliverMail(db, mailer, { idempotencyKey: key, to: staffEmail, kind: 'certification-staff-submitted', language, params: { ...common, ...link } });
      } else if (purpose === 'supplemented') {
        await deliverMail(db, mailer, { idempotencyKey: key, to: staffEmail, kind: 'certification-staff-supplemented', language, params: { ...common, ...link } });
      } else {
        const since = new Date(waitingSince ?? request.updatedAt.toISOString());
        await deliverMail(db, mailer, { idempotencyKey: key, to: staffEmail, kind: 'certification-staff-reminder', language, params: { ...common, ...link, waitingSince: since } });
        await appendSpaceEvent(db, { key, spaceId: space.id, type: 'certification.staff_reminded', actor: null, subjectId: requestId, data: { activityField: request.activityField, authority: request.authority, waitingSince: since.toISOString() } });
      }
    },

    /** The staff decision: status, certification (on approval) and timeline event in one transaction. */
    async decideCertificationRequest({
      requestId,
      staff,
      decision,
      reason,
      supplementDueAt,
    }: {
      requestId: string;
      staff: StaffActor;
      decision: CertificationDecision;
      reason: string | null;
      supplementDueAt: string | null;
    }): Promise<CertificationRequestView> {
      const key = activityKey();
      const status = DECIDED_STATUS[decision];
      return db.transaction(async (tx) => {
        const now = new Date();
        const [updated] = await tx
          .update(certificationRequests)
          .set(
            decision === 'request-information'
              ? { status, informationRequest: reason, supplementDueAt: supplementDueAt ? new Date(supplementDueAt) : null, updatedAt: now }
              : { status, reason, decidedBy: staff.personId, decidedAt: now, updatedAt: now },
          )
          .where(and(eq(certificationRequests.id, requestId), eq(certificationRequests.status, 'submitted')))
          .returning();
        if (!updated) return transitioned(tx, requestId, status);
        if (decision === 'approve') {
          await tx
            .insert(spaceCertifications)
            .values({ id: randomUUID(), spaceId: updated.spaceId, activityField: updated.activityField, via: 'request', requestId, certifiedAt: now })
            .onConflictDoNothing();
        }
        await appendSpaceEvent(tx, {
          key,
          spaceId: updated.spaceId,
          type: `certification.${status}`,
          actor: { personId: staff.personId, name: staff.name },
          subjectId: requestId,
          data: {
            activityField: updated.activityField,
            authority: updated.authority,
            ...(reason ? { [decision === 'request-information' ? 'message' : 'reason']: reason } : {}),
            ...(supplementDueAt && decision === 'request-information' ? { supplementDueAt } : {}),
          },
          occurredAt: now,
        });
        return view(tx, requestId);
      });
    },

    /** The company's answer to a request for information: back to the staff for a decision. */
    async recordCertificationSupplement({ requestId, actor, documents }: { requestId: string; actor: Actor; documents: CertificationDocumentRef[] }): Promise<CertificationRequestView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const now = new Date();
        const [updated] = await tx
          .update(certificationRequests)
          .set({ status: 'submitted', supplementDueAt: null, updatedAt: now })
          .where(and(eq(certificationRequests.id, requestId), eq(certificationRequests.status, 'information_requested')))
          .returning();
        if (!updated) return transitioned(tx, requestId, 'submitted');
        await appendSpaceEvent(tx, {
          key,
          spaceId: updated.spaceId,
          type: 'certification.supplemented',
          actor,
          subjectId: requestId,
          data: { activityField: updated.activityField, documents: documents.map((document) => document.name) },
          occurredAt: now,
        });
        return view(tx, requestId);
      });
    },

    /** Withdrawn by an administrator, or closed when the supplement deadline passed. */
    async closeCertificationRequest({ requestId, status, actor }: { requestId: string; status: 'withdrawn' | 'closed'; actor: Actor | null }): Promise<CertificationRequestView> {
      const key = activityKey();
      return db.transaction(async (tx) => {
        const now = new Date();
        const [updated] = await tx
          .update(certificationRequests)
          .set({ status, decidedAt: now, updatedAt: now })
          .where(and(eq(certificationRequests.id, requestId), inArray(certificationRequests.status, ['submitted', 'information_requested'])))
          .returning();
        if (!updated) return transitioned(tx, requestId, status);
        await appendSpaceEvent(tx, { key, spaceId: updated.spaceId, type: `certification.${status}`, actor, subjectId: requestId, data: { activityField: updated.activityField }, occurredAt: now });
        return view(tx, requestId);
      });
    },

    /**
     * Tells every administrator of the space about a decision, a request for information or the closure, in the
     * space's procedure language, else the administrator's own language (R42, R44).
     */
    async notifyCertificationAdministrators({ requestId, outcome }: { requestId: string; outcome: 'information_requested' | 'approved' | 'rejected' | 'closed' }): Promise<void> {
      const key = activityKey();
      const { request, space } = await load(requestId);
      for (const administrator of await spaceAdministrators(db, space.id)) {
        if (!administrator.email) continue;
        const language = spaceLanguage(space, administrator.language);
        const idempotencyKey = `${key}/${administrator.id}`;
        const to = administrator.email;
        const common = { spaceName: space.name, activityFieldName: fieldName(request.activityField, language), authorityName: authorityName(request.authority, language) };
        if (outcome === 'information_requested') {
          await deliverMail(db, mailer, {
            idempotencyKey,
            to,
            kind: 'certification-information-requested',
            language,
            params: { ...common, message: request.informationRequest ?? '—', supplementDueAt: request.supplementDueAt ?? new Date() },
          });
        } else if (outcome === 'approved') {
          await deliverMail(db, mailer, { idempotencyKey, to, kind: 'certification-approved', language, params: common });
        } else if (outcome === 'rejected') {
          await deliverMail(db, mailer, { idempotencyKey, to, kind: 'certification-rejected', language, params: { ...common, reason: request.reason ?? '—' } });
        } else {
          // The due date is cleared on a supplement only, so it is still there when the deadline closed the request.
          await deliverMail(db, mailer, { idempotencyKey, to, kind: 'certification-closed', language, params: { spaceName: common.spaceName, activityFieldName: common.activityFieldName, supplementDueAt: request.supplementDueAt ?? new Date() } });
        }
      }
    },
  };
}

export type CertificationActivities = ReturnType<typeof createCertificationActivities>;
