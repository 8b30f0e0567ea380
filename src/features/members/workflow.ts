// The notice to a removed member (everyone concerned hears of an ending): a short workflow, so the mail goes through
// an activity with retries and the outbox, and operators see each notice in the Temporal UI.
import { proxyActivities } from '@temporalio/workflow';
import type { MemberActivities } from './activities';
import type { MemberRemovedInput } from './contract';

const activities = proxyActivities<MemberActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export async function memberRemovedWorkflow(input: MemberRemovedInput): Promise<'sent' | 'already-sent' | 'no-address'> {
  return activities.sendMemberRemovedMail(input);
}
