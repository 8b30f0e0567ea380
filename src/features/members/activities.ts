// Side effects about a space's members: the mail to a removed member, in that person's language, once per removal
// (the outbox under the workflow's id).
import { domainFailure } from '../../domain/failures';
import { deliverMail } from '../../platform/mail/outbox';
import type { ActivityDependencies } from '../../platform/temporal/activity-dependencies';
import { findPerson } from '../people/store';
import { findSpace } from '../spaces/store';
import { memberRemovedWorkflowId, type MemberRemovedInput } from './contract';

export function createMemberActivities({ db, mailer }: ActivityDependencies) {
  return {
    async sendMemberRemovedMail({ membershipId, spaceId, personId }: MemberRemovedInput): Promise<'sent' | 'already-sent' | 'no-address'> {
      const [person, space] = await Promise.all([findPerson(db, personId), findSpace(db, spaceId)]);
      if (!person || !space) throw domainFailure('not_found', `Membership ${membershipId} lost its person or space`);
      if (!person.email) return 'no-address';
      return deliverMail(db, mailer, {
        idempotencyKey: memberRemovedWorkflowId(membershipId),
        to: person.email,
        kind: 'member-removed',
        language: person.language,
        params: { spaceName: space.name, companyName: space.companyName },
      });
    },
  };
}

export type MemberActivities = ReturnType<typeof createMemberActivities>;
