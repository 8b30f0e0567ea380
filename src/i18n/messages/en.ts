// English catalog: the reference for keys and placeholders. fr.ts and de.ts are typed
// `Record<MessageKey, string>`, so a missing or extra key fails the typecheck; the i18n test
// also checks that every language uses exactly the same {placeholders} per key.
// Pure data: imported by workflow code, so no I/O and no Node built-ins.

export const en = {
  // Shared mail parts
  'mail.common.noReply': 'This is an automatic message. Please do not reply to this e-mail.',
  'mail.common.salutation': 'Dear Sir or Madam,',
  'mail.common.signature': 'Professional spaces portal',

  // R4/R5: invitation to the invitee
  'mail.invitation.subject': 'Invitation to the professional space "{spaceName}" of {companyName}',
  'mail.invitation.intro':
    'You have been invited to join the professional space "{spaceName}" of the company {companyName}.',
  'mail.invitation.channel':
    'This online professional space was set up by the public administration. It serves as the channel between companies and administrations for all administrative procedures.',
  'mail.invitation.loginPortal':
    "To guarantee the confidentiality of data and security, access to the State's online services is managed through an official login portal.",
  'mail.invitation.certificate':
    'To use any of these online services, you must log in through this portal with your certificate no. {certificateSsn}.',
  'mail.invitation.register':
    "If you have never used the State's online services with this certificate, you must first register on the official login portal: {loginPortalUrl}",
  'mail.invitation.answer':
    'After logging in ({appUrl}), you will see the invitation in the list of your available spaces and must accept or decline it.',
  'mail.invitation.expiry': 'This invitation expires on {expiresAt}.',
  'mail.invitation.invitedBy': 'Invited by: {inviterName}',

  // Reminder to the invitee
  'mail.invitation-reminder.subject':
    'Reminder: invitation to the professional space "{spaceName}" of {companyName}',
  'mail.invitation-reminder.intro':
    'You have been invited to join the professional space "{spaceName}" of the company {companyName} and have not answered yet.',
  'mail.invitation-reminder.expiry':
    'The invitation expires on {expiresAt}. After that date it can no longer be accepted.',

  // To the inviter: the invitation expired
  'mail.invitation-expired.subject': 'The invitation for {inviteeName} has expired',
  'mail.invitation-expired.body':
    'The invitation for {inviteeName} to join the professional space "{spaceName}" expired on {expiresAt} without an answer.',
  'mail.invitation-expired.inviteAgain':
    'If this person should still have access to the space, you can invite them again.',

  // To the inviter: the invitation was accepted
  'mail.invitation-accepted.subject': '{inviteeName} joined the professional space "{spaceName}"',
  'mail.invitation-accepted.body':
    '{inviteeName} accepted your invitation and joined the professional space "{spaceName}".',
  'mail.invitation-accepted.visibility':
    'As a member, this person has access to all the information made available in the space.',

  // To the inviter: the invitation was declined
  'mail.invitation-declined.subject':
    '{inviteeName} declined the invitation to the professional space "{spaceName}"',
  'mail.invitation-declined.body':
    '{inviteeName} declined your invitation to join the professional space "{spaceName}". No access has been granted.',

  // To the invitee: the invitation was withdrawn
  'mail.invitation-cancelled.subject': 'Invitation to the professional space "{spaceName}" withdrawn',
  'mail.invitation-cancelled.body':
    'The invitation to join the professional space "{spaceName}" of the company {companyName} has been withdrawn. You can no longer accept it.',
  'mail.invitation-cancelled.contact':
    'If you believe this is a mistake, please contact the administrator of the professional space.',

  // API problem titles (problem+json, in the caller's language)
  'problem.validation_failed.title': 'The request is invalid',
  'problem.unauthorized.title': 'Authentication required',
  'problem.forbidden.title': 'Access denied',
  'problem.not_found.title': 'Not found',
  'problem.internal_error.title': 'Internal error',
  'problem.service_unavailable.title': 'Service temporarily unavailable',
  'problem.already_invited.title': 'An invitation is already pending for this certificate in this space',
  'problem.already_member.title': 'This person is already a member of the space',
  'problem.certificate_mismatch.title': 'The certificate does not match the one in the invitation',
  'problem.invitation_not_pending.title': 'The invitation is no longer pending',
  'problem.last_administrator.title': 'The space must keep at least one active administrator',
  'problem.procedure_language_fixed.title': 'The procedure language can no longer be changed',
  'problem.resend_too_soon.title': 'The invitation cannot be sent again yet',
  'problem.idempotency_key_reused.title': 'The idempotency key was already used for a different request',

  // Roles (R9, R13, R14)
  'role.administrator': 'Administrator',
  'role.manager': 'Manager',
  'role.without-signature': 'Without signature',
} as const;

export type MessageKey = keyof typeof en;
