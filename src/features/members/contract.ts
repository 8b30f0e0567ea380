// The notice to a removed member as the use-case and its workflow share it. Pure: the workflow bundle imports it.
/** One notice per removed membership. */
export const memberRemovedWorkflowId = (membershipId: string) => `member-removed-${membershipId}`;

export interface MemberRemovedInput {
  membershipId: string;
  spaceId: string;
  personId: string;
}
