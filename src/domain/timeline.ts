// Timeline event ids: one scheme, `<type>/<key>`. The key says what makes the event unique, so a retried writer
// inserts one row (the id is the primary key; appendSpaceEvent ignores a conflict):
// - the subject's id for an event that happens once per subject (`invitation.created/<invitationId>`);
// - the activity key (workflowId/runId/activityId) for an event a workflow step writes, unique per invocation and the
//   same on every retry (`invitation.reminded/invitation-<id>/<runId>/3`), plus what tells apart several events of
//   one type that one invocation writes (`mandate.end_reminded/<activity key>/<spaceId>`);
// - `<subjectId>/<random UUID>` for an event a request writes each time it succeeds (`member.changed/…`).
// Ids stay within the timeline cursor's text-id alphabet (src/platform/pagination.ts). Pure.

/** Kinds of entries in a space's timeline (GET /spaces/{spaceId}/events). */
export const SPACE_EVENT_TYPES = [
  'space.created',
  'space.procedure_language_set',
  'invitation.created',
  'invitation.edited',
  'invitation.resent',
  'invitation.reminded',
  'invitation.accepted',
  'invitation.declined',
  'invitation.cancelled',
  'invitation.expired',
  'member.changed',
  'member.removed',
  'certification.submitted',
  'certification.staff_reminded',
  'certification.information_requested',
  'certification.supplemented',
  'certification.approved',
  'certification.rejected',
  'certification.withdrawn',
  'certification.closed',
  // Procedures (R12–R14): who created, edited, signed and submitted which procedure.
  'procedure.created',
  'procedure.edited',
  'procedure.signed',
  'procedure.submitted',
  // Mandates (R22–R38): on the mandator's space and, where a delegate is concerned, on the delegate's too.
  'mandate.requested',
  'mandate.letters_dispatched',
  'mandate.activation_reminded',
  'mandate.holder_activated',
  'mandate.delegate_activated',
  'mandate.codes_expired',
  'mandate.expired',
  'mandate.revoked',
  'mandate.delegate_codes_changed',
  'mandate.end_date_changed',
  'mandate.activation_deadline_changed',
  'mandate.end_reminded',
  'mandate.ended',
  /** The certification by activation code ended with its mandate (trust rules). */
  'mandate.certification_removed',
  /** One delegate's access ended by the mandator (R32). */
  'mandate.delegate_revoked',
  'delegation.started',
  'delegation.ended',
  // R38: a delegate company regrouped a mandator into another of its spaces.
  'delegation.moved',
  // Administrator recovery (R48): a claim confirmed by its code, or objected to by an administrator.
  'administrator.claim_confirmed',
  'administrator.claim_objected',
] as const;
export type SpaceEventType = (typeof SPACE_EVENT_TYPES)[number];

export function timelineEventId(type: SpaceEventType, key: string): string {
  return `${type}/${key}`;
}
