// Side effects of procedure notifications (R42): one mail to the procedure's creator per event, in the procedure
// language. Idempotent through the mail outbox.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { domainFailure } from '../../domain/failures';
import { eq } from 'drizzle-orm';
import { findPerson } from '../people/store';
import { findSpace } from '../spaces/store';
import { procedures } from '../../platform/db/schema';
import { t, type MessageKey } from '../../platform/i18n';
import { procedureNotificationWorkflowId, type ProcedureNotificationInput } from '../../domain/procedures';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { deliverMail } from '../../platform/mail/outbox';
import { pageLinks } from '../../domain/page-links';

/** About 10 minutes with the workflow's retry policy (1 s doubling to 1 min). */
const UNCOMMITTED_ATTEMPTS = 15;

export function createProcedureActivities({ db, mailer, links }: ActivityDependencies) {
  return {
    /** Mails the creator that the procedure was signed or submitted. Returns what happened, for the history. */
    async sendProcedureNotification({ procedureId, event }: ProcedureNotificationInput): Promise<'sent' | 'already-sent' | 'no-address'> {
      const [procedure] = await db.select().from(procedures).where(eq(procedures.id, procedureId)).limit(1);
      if (!procedure) throw domainFailure('not_found', `Procedure ${procedureId} is not recorded`);
      const space = await findSpace(db, procedure.spaceId);
      const creator = await findPerson(db, procedure.createdBy);
      const actorId = event === 'signed' ? procedure.signedBy : procedure.submittedBy;
      if (!actorId) {
        // The API starts this workflow inside the transaction that records the event: wait (retry) for its commit,
        // but not forever — a rolled-back change leaves nothing to announce.
        const message = `Procedure ${procedureId} is not ${event} (yet)`;
        if (Context.current().info.attempt >= UNCOMMITTED_ATTEMPTS) throw domainFailure('not_found', message);
        throw ApplicationFailure.retryable(message, 'not_committed');
      }
      const actor = await findPerson(db, actorId);
      if (!space || !creator || !actor) throw domainFailure('not_found', `Procedure ${procedureId} lost its space, creator or ${event} actor`);
      if (!creator.email) return 'no-address';
      const language = procedure.language;
      const common = {
        procedureName: t(language, `procedure.type.${procedure.type}` as MessageKey),
        procedureId,
        spaceName: space.name,
        actorName: actor.name,
      };
      // Keyed by the event, not by the run: one mail per procedure and event, whatever restarts the workflow.
      const idempotencyKey = procedureNotificationWorkflowId(procedureId, event);
      if (event === 'signed') {
        return deliverMail(db, mailer, { idempotencyKey, to: creator.email, kind: 'procedure-signed', language, params: common });
      }
      return deliverMail(db, mailer, { idempotencyKey, to: creator.email, kind: 'procedure-submitted', language, params: { ...common, appUrl: pageLinks.procedures(links.appUrl, procedure.spaceId) } });
    },
  };
}

export type ProcedureActivities = ReturnType<typeof createProcedureActivities>;
