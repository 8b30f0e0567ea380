// One procedure notification (R42): a short workflow so the mail goes through an activity with retries and the
// outbox, and so operators see each notification in the Temporal UI (id procedure-<id>-<event>).
import { proxyActivities } from '@temporalio/workflow';
import type { ProcedureActivities } from './activities';
import type { ProcedureNotificationInput } from '../../domain/procedures';

const activities = proxyActivities<ProcedureActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export async function procedureNotificationWorkflow(input: ProcedureNotificationInput): Promise<'sent' | 'already-sent' | 'no-address'> {
  return activities.sendProcedureNotification(input);
}
