// English catalog: the reference for keys and placeholders. fr.ts and de.ts are typed
// `Record<MessageKey, string>`, so a missing or extra key fails the typecheck; the i18n test
// also checks that every language uses exactly the same {placeholders} per key.
// Pure data: imported by workflow code, so no I/O and no Node built-ins.

import { pagesEn } from './page-texts';
import { trustEn } from './trust-texts';
import { hardeningEn } from './hardening-texts';
import { validationEn } from './validation-texts';
import { historyEn } from './history-texts';
import { webhooksEn } from './webhook-texts';
import { portalEn } from './portal-texts';
import { claimEn } from './claim-texts';

export const en = {
  ...pagesEn,
  ...trustEn,
  ...hardeningEn,
  ...validationEn,
  ...historyEn,
  ...webhooksEn,
  ...portalEn,
  ...claimEn,
  // Shared mail parts
  // Dates and times (Luxembourg time, one name for the zone)
  'date.dateTime': '{date} at {time} (Luxembourg time)',
  'mail.common.noReply': 'This is an automatic message. Please do not reply to this e-mail.',
  'mail.common.salutation': 'Dear Sir or Madam,',
  'mail.common.signature': 'Professional spaces portal',

  // R4/R5: invitation to the invitee
  'mail.invitation.subject': 'You are invited to a company’s professional space',
  'mail.invitation.intro':
    'You have been invited to join the professional space “{spaceName}” of the company {companyName}.',
  'mail.invitation.channel':
    'This online professional space was set up by the public administration. It serves as the channel between companies and administrations for all administrative procedures.',
  'mail.invitation.loginPortal':
    'To guarantee the confidentiality of data and security, access to the State’s online services is managed through an official login portal.',
  'mail.invitation.certificate':
    'To use any of these online services, you must log in through this portal with your certificate no. {certificateSsn}.',
  'mail.invitation.register':
    'If you have never used the State’s online services with this certificate, you must first register on the official login portal: {loginPortalUrl}',
  'mail.invitation.answer':
    'After logging in ({appUrl}), you will see the invitation in the list of your available spaces and must accept or decline it.',
  'mail.invitation.expiry': 'This invitation expires on {expiresAt}.',
  'mail.invitation.invitedBy': 'Invited by: {inviterName}',

  // Reminder to the invitee
  'mail.invitation-reminder.subject': 'Reminder: you are invited to a company’s professional space',
  'mail.invitation-reminder.intro':
    'You have been invited to join the professional space “{spaceName}” of the company {companyName} and have not answered yet.',
  'mail.invitation-reminder.expiry':
    'The invitation expires on {expiresAt}. After that date it can no longer be accepted.',

  // To the inviter: the invitation expired
  'mail.invitation-expired.subject': 'An invitation you sent has expired',
  'mail.invitation-expired.body':
    'The invitation for {inviteeName} to join the professional space “{spaceName}” expired on {expiresAt} without an answer.',
  'mail.invitation-expired.inviteAgain':
    'If this person should still have access to the space, you can invite them again.',

  // To the inviter: the invitation was accepted
  'mail.invitation-accepted.subject': 'Your invitation was accepted',
  'mail.invitation-accepted.body':
    '{inviteeName} accepted your invitation and joined the professional space “{spaceName}”.',
  'mail.invitation-accepted.visibility':
    'As a member, this person has access to all the information made available in the space.',

  // To the inviter: the invitation was declined
  'mail.invitation-declined.subject': 'Your invitation was declined',
  'mail.invitation-declined.body':
    '{inviteeName} declined your invitation to join the professional space “{spaceName}”. No access has been granted.',

  // To the invitee: the invitation was withdrawn
  'mail.invitation-cancelled.subject': 'Your invitation to a professional space was withdrawn',
  'mail.invitation-cancelled.body':
    'The invitation to join the professional space “{spaceName}” of the company {companyName} has been withdrawn. You can no longer accept it.',
  'mail.invitation-cancelled.contact':
    'If you believe this is a mistake, please contact the administrator of the professional space.',

  // Certification (R20, R21): to the authority's staff
  'mail.certification-staff-submitted.subject': 'New certification request: {activityFieldName}',
  'mail.certification-staff-submitted.body':
    'The company {companyName} (professional space “{spaceName}”) requests certification for the activity field “{activityFieldName}”.',
  'mail.certification-staff-submitted.action': 'Please review the supporting documents and decide on request {requestId}: {appUrl}',
  'mail.certification-staff-supplemented.subject': 'Additional information received: {activityFieldName}',
  'mail.certification-staff-supplemented.body':
    'The company {companyName} (professional space “{spaceName}”) has sent the information you asked for on its certification request for “{activityFieldName}”.',
  'mail.certification-staff-reminder.subject': 'Reminder: certification request awaiting a decision since {waitingSince}',
  'mail.certification-staff-reminder.body':
    'The certification request of {companyName} (professional space “{spaceName}”) for “{activityFieldName}” has been awaiting a decision since {waitingSince}.',

  // Certification: to the space's administrators
  'mail.certification-information-requested.subject': 'Certification “{activityFieldName}”: information requested',
  'mail.certification-information-requested.body':
    '{authorityName} needs more information on the certification request of the professional space “{spaceName}” for “{activityFieldName}”:',
  'mail.certification-information-requested.message': '{message}',
  'mail.certification-information-requested.deadline':
    'Please send the requested documents in the professional space before {supplementDueAt}. Without an answer by then, the request will be closed.',
  'mail.certification-approved.subject': 'Certification “{activityFieldName}” granted',
  'mail.certification-approved.body':
    '{authorityName} has approved the certification request: the professional space “{spaceName}” is now certified for “{activityFieldName}”.',
  'mail.certification-approved.procedures': 'Procedures that require this certification are now available in the space.',
  'mail.certification-rejected.subject': 'Certification “{activityFieldName}” refused',
  'mail.certification-rejected.body':
    '{authorityName} has rejected the certification request of the professional space “{spaceName}” for “{activityFieldName}”.',
  'mail.certification-rejected.reason': 'Reason: {reason}',
  'mail.certification-closed.subject': 'Certification request “{activityFieldName}” closed',
  'mail.certification-closed.body':
    'The certification request of the professional space “{spaceName}” for “{activityFieldName}” was closed because the requested information did not arrive by {supplementDueAt}.',
  'mail.certification-closed.again': 'You can submit a new request at any time.',

  // API problem titles (problem+json, in the caller's language)
  'problem.validation_failed.title': 'The request is invalid',
  'problem.unauthorized.title': 'Authentication required',
  'problem.forbidden.title': 'Access denied',
  'problem.not_found.title': 'Not found',
  'problem.method_not_allowed.title': 'Method not allowed',
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
  'problem.payload_too_large.title': 'The request body is too large',
  'problem.document_too_large.title': 'A document exceeds the size allowed for this activity field',
  'problem.headers_too_large.title': 'The request headers are too large',
  'problem.uri_too_long.title': 'The request address is too long',
  'problem.bad_request.title': 'The request is malformed',
  'problem.request_timeout.title': 'The request took too long to arrive',
  'problem.already_certified.title': 'The space is already certified for this activity field',
  'problem.certification_pending.title': 'A certification request for this activity field is already pending',
  'problem.already_decided.title': 'The certification request is no longer awaiting a decision',
  'problem.information_not_requested.title': 'No information is requested on this certification request',
  // Mandates and activation codes (R22–R38)
  'problem.invalid_code.title': 'The activation code is not valid',
  'problem.code_expired.title': 'The activation code has expired',
  'problem.code_already_used.title': 'The activation code has already been used',
  'problem.holder_code_already_active.title': 'A holder code is already active for this section and company',
  'problem.too_many_attempts.title': 'Too many wrong activation codes; try again later',
  'problem.mandate_not_active.title': 'The mandate is not active',
  'problem.data_consultation_not_granted.title': 'The mandates of this company do not cover the consultation of its data',
  'problem.data_consultation_not_granted.detail': 'The mandates this space holds from that company cover procedures only, not the consultation of its data.',
  'problem.missing_documents.title': 'Required documents are missing',
  'problem.missing_documents.detail': 'Missing required documents: {documents}.',
  // Problem details (problem+json `detail`, in the caller's language) and the permission names they use
  'problem.validation_failed.detail': 'The request does not match what this route expects.',
  'problem.validation_failed.fields': 'Check these fields: {fields}.',
  'problem.document_too_large.detail': 'A document is larger than this activity field allows; send a smaller file (see errors).',
  'problem.headers_too_large.detail': 'Send shorter request headers.',
  'problem.uri_too_long.detail': 'Send a shorter address; long values belong in the body.',
  'problem.bad_request.detail': 'The request is not valid HTTP and cannot be read.',
  'problem.request_timeout.detail': 'The request took too long to arrive; send it again.',
  'problem.unauthorized.detail': 'Log in again: send a valid bearer token (Authorization: Bearer …).',
  'problem.forbidden.detail': 'You lack the right to do this in this space.',
  'problem.forbidden.permission': 'This needs the permission “{permission}” in this space.',
  'problem.forbidden.administrator': 'Only an administrator of the space may do this.',
  'problem.forbidden.staff': 'This needs an administration staff account.',
  'problem.not_found.detail': 'This does not exist or is not visible to you.',
  'problem.method_not_allowed.detail': 'This path does not support this method; the Allow header lists those it does.',
  'problem.internal_error.detail': 'Something went wrong on our side. Please try again later.',
  'problem.service_unavailable.detail': 'A service we depend on is unavailable; please try again in a few seconds.',
  'problem.already_invited.detail': 'This certificate already has a pending invitation to the space.',
  'problem.already_member.detail': 'This certificate already belongs to a member of the space.',
  'problem.certificate_mismatch.detail': 'Log in with the certificate named in the invitation to answer it.',
  'problem.invitation_not_pending.detail': 'The invitation was already answered, was withdrawn or has expired.',
  'problem.last_administrator.detail': 'Appoint another administrator first: a space always keeps at least one.',
  'problem.procedure_language_fixed.detail': 'The procedure language of this space is already set and cannot be changed.',
  'problem.resend_too_soon.detail': 'The invitation was sent a short while ago; try again in {seconds} seconds.',
  'problem.idempotency_key_reused.detail': 'This Idempotency-Key was used for another request; use a new key.',
  'problem.payload_too_large.detail': 'Send fewer or smaller documents.',
  'problem.already_certified.detail': 'The space is already certified for “{activityFieldName}”.',
  'problem.certification_pending.detail': 'A request for “{activityFieldName}” is already open in this space.',
  'problem.already_decided.detail': 'This request has already been decided, withdrawn or closed.',
  'problem.information_not_requested.detail': 'The staff have not asked for more information on this request.',
  'problem.invalid_code.detail': 'Check the code on the letter and type it again.',
  'problem.code_expired.detail': 'This code has expired or was replaced by a newer one.',
  'problem.code_already_used.detail': 'This code has already been entered; each code serves only once.',
  'problem.holder_code_already_active.detail': 'Your company already holds an active holder code for this section.',
  'problem.too_many_attempts.detail': 'Too many wrong codes were entered; try again in {seconds} seconds.',
  'problem.mandate_not_active.detail': 'The mandate is not active: not activated yet, or revoked, expired or ended.',
  'permission.inviteUsers': 'Invite users',
  'permission.deleteUsers': 'Delete users',
  'permission.editProcedures': 'Create and edit procedures',
  'permission.signProcedures': 'Sign procedures',
  'problem.operator_required.title': 'Only Temporal operators may do this',
  'problem.operator_required.detail': 'This endpoint is for Temporal operators: send a token with operator: true.',
  // Letters sent by post with an activation code (R25, R29); Helvetica in the PDF: keep to Latin-1 punctuation.
  'letter.subject.holder': 'Your holder activation code: {sectionName}',
  'letter.subject.delegate': 'Delegate activation code: {sectionName}',
  'letter.date': 'Luxembourg, {date}',
  'letter.holder.intro':
    'Following the access request of your company {companyName} for the section “{sectionName}”, we send you the holder activation code. Entered in your professional space, it certifies the space for this section and makes your company the mandator.',
  'letter.delegate.intro':
    'Following the access request of your company {companyName} for the section “{sectionName}”, we send you a delegate activation code. Forward it to the service provider you choose as delegate; it will then act for your company within the scope below.',
  'letter.scope': 'Scope: {scope}',
  'letter.scope.procedures': 'procedures',
  'letter.scope.dataConsultation': 'data consultation',
  'letter.code': 'Activation code: {code}',
  'letter.deadline': 'Enter this code by {deadline} at the latest. After that it expires.',
  'letter.endDate': 'The mandate ends on {endDate}.',
  'letter.noEndDate': 'The mandate has no end date; it lasts until it is revoked.',
  'letter.holder.howTo':
    'To enter it, log in to your company’s professional space and open “Management of …” › “Registration of activation codes”. Any member of the space may enter it.',
  'letter.delegate.howTo':
    'The delegate enters it in its own professional space, under “Management of …” › “Registration of activation codes”. Any member of that space may enter it.',
  'letter.confidential': 'Keep this code confidential: it can be used only once.',
  'letter.reference': 'Reference: {letterId}',
  'letter.signature': 'The administration, professional spaces service',
  'letter.salutation': 'Dear Sir or Madam,',
  'letter.closing': 'Yours faithfully,',
  'letter.signatory': 'For the administration: the professional spaces service',
  'mail.mandate-activation-reminder.subject': 'Reminder: activation codes for “{sectionName}” expire on {activationDeadline}',
  'mail.mandate-activation-reminder.body':
    '{unusedCodes} activation code(s) sent by post to {companyName} for the section “{sectionName}” have not been entered yet. They expire on {activationDeadline}.',
  'mail.mandate-activation-reminder.howTo': 'Codes are entered in the professional space under “Management of …” › “Registration of activation codes”.',
  'mail.mandate-end-reminder.subject': 'The mandate for “{sectionName}” ends on {endDate}',
  'mail.mandate-end-reminder.body':
    'The mandate of {mandatorName} for the section “{sectionName}” ends on {endDate}. After that date its delegates can no longer act for it.',
  'mail.mandate-delegate-activated.subject': 'A new delegate for “{sectionName}”',
  'mail.mandate-delegate-activated.body':
    '{delegateName} entered a delegate activation code and may now act for {mandatorName} in the section “{sectionName}”.',
  'mail.mandate-delegation-ended.subject': 'A mandate for “{sectionName}” has ended',
  'mail.mandate-delegation-ended.body': 'Your space can no longer act for {mandatorName} in the section “{sectionName}”.',

  // Roles (R9, R13, R14)
  'role.administrator': 'Administrator',
  'role.manager': 'Manager',
  'role.without-signature': 'Without signature',

  // Procedures (R12–R14, R20, R35, R42–R45): problem titles and details, in the caller's language
  'problem.certification_required.title': 'This procedure requires a certification of the space',
  'problem.certification_required.detail':
    'The procedure “{procedureName}” requires the space to be certified for “{activityFieldName}”. Request this certification first.',
  'problem.mandate_required.title': 'No mandate allows acting on behalf of this company',
  'problem.mandate_required.detail':
    'This space holds no active mandate to start procedures on behalf of that company.',
  'problem.procedure_not_draft.title': 'The procedure is no longer a draft',
  'problem.procedure_not_draft.detail': 'The procedure has the status “{status}”; only a draft can be edited or signed.',
  'problem.procedure_not_signed.title': 'The procedure must be signed before it is submitted',
  'problem.procedure_not_signed.detail': 'The procedure has the status “{status}”; only a signed procedure can be submitted.',

  // Procedures: statuses, languages, types and form fields (PDF, mails, catalog)
  'procedure.status.draft': 'Draft',
  'procedure.status.signed': 'Signed',
  'procedure.status.submitted': 'Submitted',
  'procedure.language.fr': 'French',
  'procedure.language.de': 'German',
  'procedure.language.en': 'English',
  'procedure.type.vat-return': 'VAT return',
  'procedure.type.withholding-tax-return': 'Return of tax withheld on salaries',
  'procedure.type.employee-declaration': 'Declaration of employees to social security',
  'procedure.type.structural-business-survey': 'Structural business survey',
  'procedure.type.works-council-election-notice': 'Notice of works-council elections',
  'procedure.type.job-vacancy-declaration': 'Job vacancy declaration',
  'procedure.type.sports-federation-licence': 'Sports-federation licence',
  'procedure.field.period': 'Period',
  'procedure.field.turnover': 'Turnover (EUR)',
  'procedure.field.vatDue': 'VAT due (EUR)',
  'procedure.field.taxWithheld': 'Tax withheld (EUR)',
  'procedure.field.employeeCount': 'Number of employees',
  'procedure.field.grossSalaries': 'Gross salaries (EUR)',
  'procedure.field.contributionMonth': 'Contribution month',
  'procedure.field.surveyYear': 'Survey year',
  'procedure.field.mainActivity': 'Main activity',
  'procedure.field.electionDate': 'Election date',
  'procedure.field.seatsToFill': 'Seats to fill',
  'procedure.field.athleteName': 'Athlete',
  'procedure.field.discipline': 'Discipline',
  'procedure.field.season': 'Season',
  'procedure.field.jobTitle': 'Job title',
  'procedure.field.workplace': 'Place of work',
  'procedure.value.yes': 'Yes',
  'procedure.value.no': 'No',

  // Procedures: the form PDF (R42)
  'procedure.pdf.heading': 'Administrative procedure',
  'procedure.pdf.reference': 'Reference',
  'procedure.pdf.company': 'Company',
  'procedure.pdf.registrationNumber': 'Registration number',
  'procedure.pdf.space': 'Professional space',
  'procedure.pdf.onBehalfOf': 'On behalf of',
  'procedure.pdf.status': 'Status',
  'procedure.pdf.language': 'Language',
  'procedure.pdf.createdBy': 'Created by',
  'procedure.pdf.createdAt': 'Created on',
  'procedure.pdf.signedBy': 'Signed by',
  'procedure.pdf.signedAt': 'Signed on',
  'procedure.pdf.submittedAt': 'Submitted on',
  'procedure.pdf.notSigned': 'Not signed yet',
  'procedure.pdf.formData': 'Form data',
  'procedure.pdf.empty': '(not filled in)',
  'procedure.pdf.fallback': 'This procedure is not available in {requested}; it is shown in {used}.',
  'procedure.pdf.footer': 'Generated on {generatedAt} by the professional spaces portal.',

  // Procedures: notifications to the creator, in the procedure language (R42)
  'mail.procedure-signed.subject': 'Procedure “{procedureName}” signed',
  'mail.procedure-signed.body':
    '{actorName} signed the procedure “{procedureName}” (reference {procedureId}) in the professional space “{spaceName}”.',
  'mail.procedure-signed.next': 'It can now be submitted to the administration.',
  'mail.procedure-submitted.subject': 'Procedure “{procedureName}” submitted',
  'mail.procedure-submitted.body':
    '{actorName} submitted the procedure “{procedureName}” (reference {procedureId}) of the professional space “{spaceName}” to the administration.',
  'mail.procedure-submitted.pdf': 'The form can be downloaded as a PDF in the professional space: {appUrl}',

  // Trust rules (API.md): the company register, no escalation, rights at every use
  'problem.company_not_registered.title': 'The company is not in the company register',
  'problem.company_not_registered.detail':
    'The registration number {registrationNumber} is not in the company register. Activation codes are sent only to companies of the register, at their registered address.',
  'problem.cannot_grant.title': 'You cannot grant what you do not hold',
  'problem.cannot_grant.detail': 'You do not hold “{right}” in this space, so you cannot grant it.',
  'problem.mandate_required.revoked.detail': 'The mandate under which this procedure was filed on behalf of that company is no longer active.',
} as const;

export type MessageKey = keyof typeof en;
