// The worker's activities, built by one factory from their dependencies (no module-level singletons).
import { createCertificationActivities } from './features/certification/activities';
import { createClaimActivities } from './features/claims/activities';
import type { ActivityDependencies } from './platform/temporal/activity-dependencies';
import { createInvitationActivities } from './features/invitations/activities';
import { createMandateActivities } from './features/mandates/activities';
import { createMemberActivities } from './features/members/activities';
import { createProcedureActivities } from './features/procedures/activities';
import { createWebhookActivities } from './features/webhooks/activities';

export type { ActivityDependencies };
export { activityDependencies } from './platform/temporal/activity-dependencies';

export function createActivities(deps: ActivityDependencies) {
  return { ...createInvitationActivities(deps), ...createCertificationActivities(deps), ...createProcedureActivities(deps), ...createMandateActivities(deps), ...createMemberActivities(deps), ...createClaimActivities(deps), ...createWebhookActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
