// German catalog. Typed against the English keys: a missing or extra key fails the typecheck.
// The invitation text follows the original MyGuichet.lu mail (help page, section 6.2).
import type { MessageKey } from './en';
import { pagesDe } from './page-texts';
import { trustDe } from './trust-texts';
import { hardeningDe } from './hardening-texts';
import { validationDe } from './validation-texts';
import { historyDe } from './history-texts';
import { webhooksDe } from './webhook-texts';
import { portalDe } from './portal-texts';
import { claimDe } from './claim-texts';

export const de: Record<MessageKey, string> = {
  ...pagesDe,
  ...trustDe,
  ...hardeningDe,
  ...validationDe,
  ...historyDe,
  ...webhooksDe,
  ...portalDe,
  ...claimDe,
  // Dates and times (Luxembourg time, one name for the zone)
  'date.dateTime': '{date} um {time} Uhr (Luxemburger Zeit)',
  'mail.common.noReply':
    'Dies ist eine automatische Nachricht. Bitte antworten Sie nicht auf diese E-Mail.',
  'mail.common.salutation': 'Sehr geehrte Damen und Herren,',
  'mail.common.signature': 'Portal für berufliche Bereiche',

  'mail.invitation.subject': 'Einladung in den beruflichen Bereich eines Unternehmens',
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

  'mail.invitation-reminder.subject': 'Erinnerung: Einladung in den beruflichen Bereich eines Unternehmens',
  'mail.invitation-reminder.intro':
    'Sie wurden eingeladen, dem beruflichen Bereich „{spaceName}“ des Unternehmens {companyName} beizutreten, und haben noch nicht geantwortet.',
  'mail.invitation-reminder.expiry':
    'Die Einladung läuft am {expiresAt} ab. Danach kann sie nicht mehr angenommen werden.',

  'mail.invitation-expired.subject': 'Eine von Ihnen gesendete Einladung ist abgelaufen',
  'mail.invitation-expired.body':
    'Die Einladung an {inviteeName}, dem beruflichen Bereich „{spaceName}“ beizutreten, ist am {expiresAt} unbeantwortet abgelaufen.',
  'mail.invitation-expired.inviteAgain':
    'Falls diese Person weiterhin Zugang zum Bereich erhalten soll, können Sie sie erneut einladen.',

  'mail.invitation-accepted.subject': 'Ihre Einladung wurde angenommen',
  'mail.invitation-accepted.body':
    '{inviteeName} hat Ihre Einladung angenommen und ist dem beruflichen Bereich „{spaceName}“ beigetreten.',
  'mail.invitation-accepted.visibility':
    'Als Mitglied hat diese Person Zugang zu sämtlichen Informationen, die im Bereich bereitgestellt werden.',

  'mail.invitation-declined.subject': 'Ihre Einladung wurde abgelehnt',
  'mail.invitation-declined.body':
    '{inviteeName} hat Ihre Einladung, dem beruflichen Bereich „{spaceName}“ beizutreten, abgelehnt. Es wurde kein Zugang gewährt.',

  'mail.invitation-cancelled.subject': 'Ihre Einladung in einen beruflichen Bereich wurde zurückgezogen',
  'mail.invitation-cancelled.body':
    'Die Einladung, dem beruflichen Bereich „{spaceName}“ des Unternehmens {companyName} beizutreten, wurde zurückgezogen. Sie können sie nicht mehr annehmen.',
  'mail.invitation-cancelled.contact':
    'Falls es sich um einen Irrtum handelt, wenden Sie sich bitte an den Administrator des beruflichen Bereichs.',

  // Zertifizierung (R20, R21): an die Mitarbeitenden der Behörde
  'mail.certification-staff-submitted.subject': 'Neuer Zertifizierungsantrag: {activityFieldName}',
  'mail.certification-staff-submitted.body':
    'Das Unternehmen {companyName} (beruflicher Bereich „{spaceName}“) beantragt die Zertifizierung für den Tätigkeitsbereich „{activityFieldName}“.',
  'mail.certification-staff-submitted.action': 'Bitte prüfen Sie die Nachweise und entscheiden Sie über den Antrag {requestId}: {appUrl}',
  'mail.certification-staff-supplemented.subject': 'Ergänzende Angaben eingegangen: {activityFieldName}',
  'mail.certification-staff-supplemented.body':
    'Das Unternehmen {companyName} (beruflicher Bereich „{spaceName}“) hat die angeforderten Angaben zu seinem Zertifizierungsantrag für „{activityFieldName}“ übermittelt.',
  'mail.certification-staff-reminder.subject': 'Erinnerung: Zertifizierungsantrag wartet seit {waitingSince} auf eine Entscheidung',
  'mail.certification-staff-reminder.body':
    'Der Zertifizierungsantrag von {companyName} (beruflicher Bereich „{spaceName}“) für „{activityFieldName}“ wartet seit {waitingSince} auf eine Entscheidung.',

  // Zertifizierung: an die Administratoren des Bereichs
  'mail.certification-information-requested.subject': 'Zertifizierung „{activityFieldName}“: Angaben angefordert',
  'mail.certification-information-requested.body':
    '{authorityName} benötigt weitere Angaben zum Zertifizierungsantrag des beruflichen Bereichs „{spaceName}“ für „{activityFieldName}“:',
  'mail.certification-information-requested.message': '{message}',
  'mail.certification-information-requested.deadline':
    'Bitte reichen Sie die angeforderten Unterlagen vor dem {supplementDueAt} im beruflichen Bereich ein. Ohne Antwort bis dahin wird der Antrag geschlossen.',
  'mail.certification-approved.subject': 'Zertifizierung „{activityFieldName}“ erteilt',
  'mail.certification-approved.body':
    '{authorityName} hat den Zertifizierungsantrag genehmigt: Der berufliche Bereich „{spaceName}“ ist nun für „{activityFieldName}“ zertifiziert.',
  'mail.certification-approved.procedures': 'Verfahren, die diese Zertifizierung erfordern, stehen im Bereich nun zur Verfügung.',
  'mail.certification-rejected.subject': 'Zertifizierung „{activityFieldName}“ abgelehnt',
  'mail.certification-rejected.body':
    '{authorityName} hat den Zertifizierungsantrag des beruflichen Bereichs „{spaceName}“ für „{activityFieldName}“ abgelehnt.',
  'mail.certification-rejected.reason': 'Begründung: {reason}',
  'mail.certification-closed.subject': 'Zertifizierungsantrag „{activityFieldName}“ geschlossen',
  'mail.certification-closed.body':
    'Der Zertifizierungsantrag des beruflichen Bereichs „{spaceName}“ für „{activityFieldName}“ wurde geschlossen, da die angeforderten Angaben nicht bis zum {supplementDueAt} eingegangen sind.',
  'mail.certification-closed.again': 'Sie können jederzeit einen neuen Antrag stellen.',

  'problem.validation_failed.title': 'Die Anfrage ist ungültig',
  'problem.unauthorized.title': 'Anmeldung erforderlich',
  'problem.forbidden.title': 'Zugriff verweigert',
  'problem.not_found.title': 'Nicht gefunden',
  'problem.method_not_allowed.title': 'Methode nicht erlaubt',
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
  'problem.payload_too_large.title': 'Der Inhalt der Anfrage ist zu groß',
  'problem.document_too_large.title': 'Ein Dokument überschreitet die für diesen Tätigkeitsbereich zulässige Größe',
  'problem.headers_too_large.title': 'Die Kopfzeilen der Anfrage sind zu groß',
  'problem.uri_too_long.title': 'Die Adresse der Anfrage ist zu lang',
  'problem.bad_request.title': 'Die Anfrage ist fehlerhaft',
  'problem.request_timeout.title': 'Die Anfrage ist nicht rechtzeitig eingegangen',
  'problem.already_certified.title': 'Der Bereich ist für diesen Tätigkeitsbereich bereits zertifiziert',
  'problem.certification_pending.title': 'Für diesen Tätigkeitsbereich ist bereits ein Zertifizierungsantrag offen',
  'problem.already_decided.title': 'Der Zertifizierungsantrag wartet nicht mehr auf eine Entscheidung',
  'problem.information_not_requested.title': 'Zu diesem Zertifizierungsantrag werden keine Angaben angefordert',
  // Mandate und Aktivierungscodes (R22–R38)
  'problem.invalid_code.title': 'Der Aktivierungscode ist ungültig',
  'problem.code_expired.title': 'Der Aktivierungscode ist abgelaufen',
  'problem.code_already_used.title': 'Der Aktivierungscode wurde bereits verwendet',
  'problem.holder_code_already_active.title': 'Für diese Rubrik und dieses Unternehmen ist bereits ein Inhabercode aktiv',
  'problem.too_many_attempts.title': 'Zu viele falsche Aktivierungscodes; versuchen Sie es später erneut',
  'problem.mandate_not_active.title': 'Das Mandat ist nicht aktiv',
  'problem.data_consultation_not_granted.title': 'Die Mandate dieses Unternehmens umfassen nicht die Einsicht in seine Daten',
  'problem.data_consultation_not_granted.detail': 'Die Mandate, die dieser Bereich von diesem Unternehmen hält, umfassen nur Behördengänge, nicht die Einsicht in seine Daten.',
  'problem.missing_documents.title': 'Erforderliche Unterlagen fehlen',
  'problem.missing_documents.detail': 'Fehlende erforderliche Unterlagen: {documents}.',
  // Problem details (problem+json `detail`, in the caller's language) and the permission names they use
  'problem.validation_failed.detail': 'Die Anfrage entspricht nicht dem, was diese Route erwartet.',
  'problem.validation_failed.fields': 'Bitte prüfen Sie diese Felder: {fields}.',
  'problem.document_too_large.detail': 'Ein Dokument ist größer, als dieses Tätigkeitsfeld erlaubt; senden Sie eine kleinere Datei (siehe errors).',
  'problem.headers_too_large.detail': 'Senden Sie kürzere Anfrage-Header.',
  'problem.uri_too_long.detail': 'Senden Sie eine kürzere Adresse; lange Werte gehören in den Rumpf der Anfrage.',
  'problem.bad_request.detail': 'Die Anfrage ist kein gültiges HTTP und kann nicht gelesen werden.',
  'problem.request_timeout.detail': 'Die Anfrage kam zu langsam an; senden Sie sie erneut.',
  'problem.unauthorized.detail': 'Melden Sie sich erneut an: Senden Sie ein gültiges Token (Authorization: Bearer …).',
  'problem.forbidden.detail': 'Sie haben nicht das Recht, dies in diesem Bereich zu tun.',
  'problem.forbidden.permission': 'Dafür ist die Berechtigung „{permission}“ in diesem Bereich nötig.',
  'problem.forbidden.administrator': 'Nur ein Administrator des Bereichs darf das tun.',
  'problem.forbidden.staff': 'Dafür ist ein Konto als Mitarbeiter der Verwaltung nötig.',
  'problem.not_found.detail': 'Dies existiert nicht oder ist für Sie nicht sichtbar.',
  'problem.method_not_allowed.detail': 'Dieser Pfad unterstützt diese Methode nicht; der Allow-Header nennt die unterstützten.',
  'problem.internal_error.detail': 'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.',
  'problem.service_unavailable.detail': 'Ein benötigter Dienst ist nicht verfügbar; bitte versuchen Sie es in einigen Sekunden erneut.',
  'problem.already_invited.detail': 'Für dieses Zertifikat besteht bereits eine offene Einladung in diesen Bereich.',
  'problem.already_member.detail': 'Dieses Zertifikat gehört bereits einem Mitglied des Bereichs.',
  'problem.certificate_mismatch.detail': 'Melden Sie sich mit dem in der Einladung genannten Zertifikat an, um sie zu beantworten.',
  'problem.invitation_not_pending.detail': 'Die Einladung wurde bereits beantwortet, zurückgezogen oder ist abgelaufen.',
  'problem.last_administrator.detail': 'Ernennen Sie zuerst einen anderen Administrator: Ein Bereich behält immer mindestens einen.',
  'problem.procedure_language_fixed.detail': 'Die Verfahrenssprache dieses Bereichs ist bereits festgelegt und kann nicht mehr geändert werden.',
  'problem.resend_too_soon.detail': 'Die Einladung wurde gerade erst gesendet; versuchen Sie es in {seconds} Sekunden erneut.',
  'problem.idempotency_key_reused.detail': 'Dieser Idempotency-Key wurde für eine andere Anfrage verwendet; verwenden Sie einen neuen.',
  'problem.payload_too_large.detail': 'Senden Sie weniger oder kleinere Dokumente.',
  'problem.already_certified.detail': 'Der Bereich ist für „{activityFieldName}“ bereits zertifiziert.',
  'problem.certification_pending.detail': 'Für „{activityFieldName}“ ist in diesem Bereich bereits ein Antrag offen.',
  'problem.already_decided.detail': 'Dieser Antrag wurde bereits entschieden, zurückgezogen oder geschlossen.',
  'problem.information_not_requested.detail': 'Zu diesem Antrag werden keine weiteren Angaben angefordert.',
  'problem.invalid_code.detail': 'Prüfen Sie den Code im Schreiben und geben Sie ihn erneut ein.',
  'problem.code_expired.detail': 'Dieser Code ist abgelaufen oder wurde durch einen neueren ersetzt.',
  'problem.code_already_used.detail': 'Dieser Code wurde bereits eingegeben; jeder Code gilt nur einmal.',
  'problem.holder_code_already_active.detail': 'Ihr Unternehmen hat für diese Rubrik bereits einen aktiven Inhabercode.',
  'problem.too_many_attempts.detail': 'Es wurden zu viele falsche Codes eingegeben; versuchen Sie es in {seconds} Sekunden erneut.',
  'problem.mandate_not_active.detail': 'Das Mandat ist nicht aktiv: noch nicht aktiviert oder widerrufen, abgelaufen oder beendet.',
  'permission.inviteUsers': 'Benutzer einladen',
  'permission.deleteUsers': 'Benutzer löschen',
  'permission.editProcedures': 'Verfahren erstellen und bearbeiten',
  'permission.signProcedures': 'Verfahren unterzeichnen',
  'problem.operator_required.title': 'Nur für Temporal-Operatoren',
  'problem.operator_required.detail': 'Dieser Endpunkt ist Temporal-Operatoren vorbehalten: Senden Sie ein Token mit operator: true.',
  'letter.subject.holder': 'Ihr Aktivierungscode als Inhaber: {sectionName}',
  'letter.subject.delegate': 'Aktivierungscode für Bevollmächtigte: {sectionName}',
  'letter.date': 'Luxemburg, den {date}',
  'letter.holder.intro':
    'auf den Zugangsantrag Ihres Unternehmens {companyName} für die Rubrik „{sectionName}“ hin senden wir Ihnen den Aktivierungscode des Inhabers. In Ihrem beruflichen Bereich eingegeben, zertifiziert er den Bereich für diese Rubrik und macht Ihr Unternehmen zum Mandanten.',
  'letter.delegate.intro':
    'auf den Zugangsantrag Ihres Unternehmens {companyName} für die Rubrik „{sectionName}“ hin senden wir Ihnen einen Aktivierungscode für Bevollmächtigte. Geben Sie ihn an den Dienstleister weiter, den Sie als Bevollmächtigten wählen; er handelt dann im unten genannten Umfang für Ihr Unternehmen.',
  'letter.scope': 'Umfang: {scope}',
  'letter.scope.procedures': 'Verfahren',
  'letter.scope.dataConsultation': 'Einsicht in die Daten',
  'letter.code': 'Aktivierungscode: {code}',
  'letter.deadline': 'Geben Sie diesen Code spätestens am {deadline} ein. Danach verfällt er.',
  'letter.endDate': 'Das Mandat endet am {endDate}.',
  'letter.noEndDate': 'Das Mandat hat kein Enddatum; es gilt bis zu seinem Widerruf.',
  'letter.holder.howTo':
    'Melden Sie sich dazu im beruflichen Bereich Ihres Unternehmens an und öffnen Sie „Verwaltung von …“ › „Registrierung der Aktivierungscodes“. Jedes Mitglied des Bereichs kann ihn eingeben.',
  'letter.delegate.howTo':
    'Der Bevollmächtigte gibt ihn in seinem eigenen beruflichen Bereich unter „Verwaltung von …“ › „Registrierung der Aktivierungscodes“ ein. Jedes Mitglied dieses Bereichs kann ihn eingeben.',
  'letter.confidential': 'Halten Sie diesen Code vertraulich: Er kann nur einmal verwendet werden.',
  'letter.reference': 'Referenz: {letterId}',
  'letter.signature': 'Die Verwaltung, Dienst für berufliche Bereiche',
  'letter.salutation': 'Sehr geehrte Damen und Herren,',
  'letter.closing': 'Mit freundlichen Grüßen',
  'letter.signatory': 'Für die Verwaltung: Dienst für berufliche Bereiche',
  'mail.mandate-activation-reminder.subject': 'Erinnerung: Aktivierungscodes für „{sectionName}“ verfallen am {activationDeadline}',
  'mail.mandate-activation-reminder.body':
    '{unusedCodes} per Post an {companyName} gesandte(r) Aktivierungscode(s) für die Rubrik „{sectionName}“ wurde(n) noch nicht eingegeben. Sie verfallen am {activationDeadline}.',
  'mail.mandate-activation-reminder.howTo': 'Codes werden im beruflichen Bereich unter „Verwaltung von …“ › „Registrierung der Aktivierungscodes“ eingegeben.',
  'mail.mandate-end-reminder.subject': 'Das Mandat für „{sectionName}“ endet am {endDate}',
  'mail.mandate-end-reminder.body':
    'Das Mandat von {mandatorName} für die Rubrik „{sectionName}“ endet am {endDate}. Danach können seine Bevollmächtigten nicht mehr für ihn handeln.',
  'mail.mandate-delegate-activated.subject': 'Ein neuer Bevollmächtigter für „{sectionName}“',
  'mail.mandate-delegate-activated.body':
    '{delegateName} hat einen Aktivierungscode für Bevollmächtigte eingegeben und kann jetzt in der Rubrik „{sectionName}“ für {mandatorName} handeln.',
  'mail.mandate-delegation-ended.subject': 'Ein Mandat für „{sectionName}“ ist beendet',
  'mail.mandate-delegation-ended.body': 'Ihr Bereich kann in der Rubrik „{sectionName}“ nicht mehr für {mandatorName} handeln.',

  'role.administrator': 'Administrator',
  'role.manager': 'Manager',
  'role.without-signature': 'Ohne Unterschrift',

  'problem.certification_required.title': 'Dieses Verfahren erfordert eine Zertifizierung des Bereichs',
  'problem.certification_required.detail':
    'Das Verfahren „{procedureName}“ erfordert, dass der Bereich für „{activityFieldName}“ zertifiziert ist. Beantragen Sie zuerst diese Zertifizierung.',
  'problem.mandate_required.title': 'Kein Mandat erlaubt es, im Auftrag dieses Unternehmens zu handeln',
  'problem.mandate_required.detail':
    'Dieser Bereich besitzt kein aktives Mandat, um Verfahren im Auftrag dieses Unternehmens durchzuführen.',
  'problem.procedure_not_draft.title': 'Das Verfahren ist kein Entwurf mehr',
  'problem.procedure_not_draft.detail': 'Das Verfahren hat den Status „{status}“; nur ein Entwurf kann bearbeitet oder unterzeichnet werden.',
  'problem.procedure_not_signed.title': 'Das Verfahren muss vor der Übermittlung unterzeichnet werden',
  'problem.procedure_not_signed.detail': 'Das Verfahren hat den Status „{status}“; nur ein unterzeichnetes Verfahren kann übermittelt werden.',

  'procedure.status.draft': 'Entwurf',
  'procedure.status.signed': 'Unterzeichnet',
  'procedure.status.submitted': 'Übermittelt',
  'procedure.language.fr': 'Französisch',
  'procedure.language.de': 'Deutsch',
  'procedure.language.en': 'Englisch',
  'procedure.type.vat-return': 'Mehrwertsteuererklärung',
  'procedure.type.withholding-tax-return': 'Lohnsteueranmeldung',
  'procedure.type.employee-declaration': 'Meldung der Beschäftigten bei der Sozialversicherung',
  'procedure.type.structural-business-survey': 'Strukturerhebung bei Unternehmen',
  'procedure.type.works-council-election-notice': 'Bekanntmachung der Sozialwahlen',
  'procedure.type.job-vacancy-declaration': 'Meldung einer offenen Stelle',
  'procedure.type.sports-federation-licence': 'Sportverbandslizenz',
  'procedure.field.period': 'Zeitraum',
  'procedure.field.turnover': 'Umsatz (EUR)',
  'procedure.field.vatDue': 'Geschuldete Mehrwertsteuer (EUR)',
  'procedure.field.taxWithheld': 'Einbehaltene Lohnsteuer (EUR)',
  'procedure.field.employeeCount': 'Anzahl der Beschäftigten',
  'procedure.field.grossSalaries': 'Bruttolöhne (EUR)',
  'procedure.field.contributionMonth': 'Beitragsmonat',
  'procedure.field.surveyYear': 'Erhebungsjahr',
  'procedure.field.mainActivity': 'Haupttätigkeit',
  'procedure.field.electionDate': 'Wahltag',
  'procedure.field.seatsToFill': 'Zu besetzende Sitze',
  'procedure.field.athleteName': 'Sportler',
  'procedure.field.discipline': 'Sportart',
  'procedure.field.season': 'Spielzeit',
  'procedure.field.jobTitle': 'Stellenbezeichnung',
  'procedure.field.workplace': 'Arbeitsort',
  'procedure.value.yes': 'Ja',
  'procedure.value.no': 'Nein',

  'procedure.pdf.heading': 'Verwaltungsverfahren',
  'procedure.pdf.reference': 'Aktenzeichen',
  'procedure.pdf.company': 'Unternehmen',
  'procedure.pdf.registrationNumber': 'Registernummer',
  'procedure.pdf.space': 'Beruflicher Bereich',
  'procedure.pdf.onBehalfOf': 'Im Auftrag von',
  'procedure.pdf.status': 'Status des Verfahrens',
  'procedure.pdf.language': 'Sprache',
  'procedure.pdf.createdBy': 'Erstellt von',
  'procedure.pdf.createdAt': 'Erstellt am',
  'procedure.pdf.signedBy': 'Unterzeichnet von',
  'procedure.pdf.signedAt': 'Unterzeichnet am',
  'procedure.pdf.submittedAt': 'Übermittelt am',
  'procedure.pdf.notSigned': 'Noch nicht unterzeichnet',
  'procedure.pdf.formData': 'Formulardaten',
  'procedure.pdf.empty': '(nicht ausgefüllt)',
  'procedure.pdf.fallback': 'Dieses Verfahren ist auf {requested} nicht verfügbar; es wird auf {used} angezeigt.',
  'procedure.pdf.footer': 'Erstellt am {generatedAt} vom Portal für berufliche Bereiche.',

  'mail.procedure-signed.subject': 'Verfahren „{procedureName}“ unterzeichnet',
  'mail.procedure-signed.body':
    '{actorName} hat das Verfahren „{procedureName}“ (Aktenzeichen {procedureId}) im beruflichen Bereich „{spaceName}“ unterzeichnet.',
  'mail.procedure-signed.next': 'Es kann nun an die Verwaltung übermittelt werden.',
  'mail.procedure-submitted.subject': 'Verfahren „{procedureName}“ übermittelt',
  'mail.procedure-submitted.body':
    '{actorName} hat das Verfahren „{procedureName}“ (Aktenzeichen {procedureId}) des beruflichen Bereichs „{spaceName}“ an die Verwaltung übermittelt.',
  'mail.procedure-submitted.pdf': 'Das Formular kann im beruflichen Bereich als PDF heruntergeladen werden: {appUrl}',

  // Vertrauensregeln (API.md): das Unternehmensregister, keine Rechteausweitung, Rechte bei jeder Nutzung geprüft
  'problem.company_not_registered.title': 'Das Unternehmen steht nicht im Unternehmensregister',
  'problem.company_not_registered.detail':
    'Die Registernummer {registrationNumber} steht nicht im Unternehmensregister. Aktivierungscodes werden nur an Unternehmen des Registers und an ihre eingetragene Anschrift gesendet.',
  'problem.cannot_grant.title': 'Sie können nicht vergeben, was Sie selbst nicht besitzen',
  'problem.cannot_grant.detail': 'Sie besitzen „{right}“ in diesem Bereich nicht und können es daher nicht vergeben.',
  'problem.mandate_required.revoked.detail': 'Das Mandat, unter dem dieser Vorgang im Auftrag dieses Unternehmens angelegt wurde, ist nicht mehr aktiv.',
};
