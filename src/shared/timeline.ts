// Timeline event ids: one scheme, `<type>/<key>`. The key says what makes the event unique, so a retried writer
// inserts one row (the id is the primary key; appendSpaceEvent ignores a conflict):
// - the subject's id for an event that happens once per subject (`invitation.created/<invitationId>`);
// - the activity key (workflowId/runId/activityId) for an event a workflow step writes, unique per invocation and the
//   same on every retry (`invitation.reminded/invitation-<id>/<runId>/3`), plus what tells apart several events of
//   one type that one invocation writes (`mandate.end_reminded/<activity key>/<spaceId>`);
// - `<subjectId>/<random UUID>` for an event a request writes each time it succeeds (`member.changed/…`).
// Ids stay within the timeline cursor's text-id alphabet (src/api/pagination.ts). Pure.
import type { SpaceEventType } from './domain';

export function timelineEventId(type: SpaceEventType, key: string): string {
  return `${type}/${key}`;
}
