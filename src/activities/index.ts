// The worker's activities, built by one factory from their dependencies (no module-level singletons).
import { createCertificationActivities } from './certifications';
import type { ActivityDependencies } from './dependencies';
import { createInvitationActivities } from './invitations';
import { createMandateActivities } from './mandates';
import { createProcedureActivities } from './procedures';

export type { ActivityDependencies };
export { activityDependencies } from './dependencies';

export function createActivities(deps: ActivityDependencies) {
  return { ...createInvitationActivities(deps), ...createCertificationActivities(deps), ...createProcedureActivities(deps), ...createMandateActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
