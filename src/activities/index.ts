// The worker's activities, built by one factory from their dependencies (no module-level singletons).
import { createInvitationActivities, type ActivityDependencies } from './invitations';

export type { ActivityDependencies };

export function createActivities(deps: ActivityDependencies) {
  return { ...createInvitationActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
