// German catalog. Typed against the English keys: a missing or extra key fails the typecheck.
// The invitation text follows the original MyGuichet.lu mail (help page, section 6.2).
import type { MessageKey } from './en';

export const de: Record<MessageKey, string> = {
  'mail.common.noReply':
    'Dies ist eine automatische Nachricht. Bitte antworten Sie nicht auf diese E-Mail.',
  'mail.common.salutation': 'Sehr geehrte Damen und Herren,',
  'mail.common.signature': 'Portal für berufliche Bereiche',

  'mail.invitation.subject':
    'Einladung in den beruflichen Bereich „{spaceName}“ des Unternehmens {companyName}',
  'mail.invitation.intro':
    'Sie wurden eingeladen, dem beruflichen Bereich „{spaceName}“ des Unternehmens {companyName} beizutreten.',
  'mail.invitation.channel':
    'Dieser berufliche Online-Bereich wurde von der öffentlichen Verwaltung eingerichtet und dient bei sämtlichen Verwaltungsvorgängen als Verbindungskanal zwischen den Unternehmen und Verwaltungen.',
  'mail.invitation.loginPortal':
    'Um die Vertraulichkeit der Daten und die Sicherheit zu gewährleisten, werden die Zugriffe auf die Online-Dienste des Staates über ein offizielles Anmeldeportal verwaltet.',
  'mail.invitation.certificate':
    'Für die Nutzung jedes Online-Dienstes ist es erforderlich, dass Sie sich mit Ihrem Zertifikat Nr. {certificateSsn} über dieses Portal anmelden.',
  'mail.invitation.register':
    'Wenn Sie mit diesem Zertifikat noch keine Online-Dienste des Staates genutzt haben, müssen Sie sich zuvor auf dem offiziellen Anmeldeportal registrieren: {loginPortalUrl}',
  'mail.invitation.answer':
    'Nach der Anmeldung ({appUrl}) sehen Sie die Einladung in der Liste Ihrer verfügbaren Bereiche und müssen sie annehmen oder ablehnen.',
  'mail.invitation.expiry': 'Diese Einladung läuft am {expiresAt} ab.',
  'mail.invitation.invitedBy': 'Eingeladen von: {inviterName}',

  'mail.invitation-reminder.subject':
    'Erinnerung: Einladung in den beruflichen Bereich „{spaceName}“ des Unternehmens {companyName}',
  'mail.invitation-reminder.intro':
    'Sie wurden eingeladen, dem beruflichen Bereich „{spaceName}“ des Unternehmens {companyName} beizutreten, und haben noch nicht geantwortet.',
  'mail.invitation-reminder.expiry':
    'Die Einladung läuft am {expiresAt} ab. Danach kann sie nicht mehr angenommen werden.',

  'mail.invitation-expired.subject': 'Die Einladung an {inviteeName} ist abgelaufen',
  'mail.invitation-expired.body':
    'Die Einladung an {inviteeName}, dem beruflichen Bereich „{spaceName}“ beizutreten, ist am {expiresAt} unbeantwortet abgelaufen.',
  'mail.invitation-expired.inviteAgain':
    'Falls diese Person weiterhin Zugang zum Bereich erhalten soll, können Sie sie erneut einladen.',

  'mail.invitation-accepted.subject':
    '{inviteeName} ist dem beruflichen Bereich „{spaceName}“ beigetreten',
  'mail.invitation-accepted.body':
    '{inviteeName} hat Ihre Einladung angenommen und ist dem beruflichen Bereich „{spaceName}“ beigetreten.',
  'mail.invitation-accepted.visibility':
    'Als Mitglied hat diese Person Zugang zu sämtlichen Informationen, die im Bereich bereitgestellt werden.',

  'mail.invitation-declined.subject':
    '{inviteeName} hat die Einladung in den beruflichen Bereich „{spaceName}“ abgelehnt',
  'mail.invitation-declined.body':
    '{inviteeName} hat Ihre Einladung, dem beruflichen Bereich „{spaceName}“ beizutreten, abgelehnt. Es wurde kein Zugang gewährt.',

  'mail.invitation-cancelled.subject':
    'Einladung in den beruflichen Bereich „{spaceName}“ zurückgezogen',
  'mail.invitation-cancelled.body':
    'Die Einladung, dem beruflichen Bereich „{spaceName}“ des Unternehmens {companyName} beizutreten, wurde zurückgezogen. Sie können sie nicht mehr annehmen.',
  'mail.invitation-cancelled.contact':
    'Falls es sich um einen Irrtum handelt, wenden Sie sich bitte an den Administrator des beruflichen Bereichs.',

  'problem.validation_failed.title': 'Die Anfrage ist ungültig',
  'problem.unauthorized.title': 'Anmeldung erforderlich',
  'problem.forbidden.title': 'Zugriff verweigert',
  'problem.not_found.title': 'Nicht gefunden',
  'problem.internal_error.title': 'Interner Fehler',
  'problem.service_unavailable.title': 'Dienst vorübergehend nicht verfügbar',
  'problem.already_invited.title':
    'Für dieses Zertifikat besteht bereits eine offene Einladung in diesen Bereich',
  'problem.already_member.title': 'Diese Person ist bereits Mitglied des Bereichs',
  'problem.certificate_mismatch.title': 'Das Zertifikat stimmt nicht mit dem der Einladung überein',
  'problem.invitation_not_pending.title': 'Die Einladung ist nicht mehr offen',
  'problem.last_administrator.title':
    'Der Bereich muss mindestens einen aktiven Administrator behalten',
  'problem.procedure_language_fixed.title': 'Die Verfahrenssprache kann nicht mehr geändert werden',
  'problem.resend_too_soon.title': 'Die Einladung kann noch nicht erneut versendet werden',
  'problem.idempotency_key_reused.title':
    'Der Idempotenzschlüssel wurde bereits für eine andere Anfrage verwendet',

  'role.administrator': 'Administrator',
  'role.manager': 'Manager',
  'role.without-signature': 'Ohne Unterschrift',
};
