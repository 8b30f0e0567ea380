// French catalog. Typed against the English keys: a missing or extra key fails the typecheck.
// Quotes are « » with no-break spaces (\u00a0), as are the spaces before ":".
import type { MessageKey } from './en';
import { pagesFr } from './page-texts';
import { trustFr } from './trust-texts';
import { hardeningFr } from './hardening-texts';
import { validationFr } from './validation-texts';
import { historyFr } from './history-texts';
import { webhooksFr } from './webhook-texts';
import { portalFr } from './portal-texts';
import { claimFr } from './claim-texts';

export const fr: Record<MessageKey, string> = {
  ...pagesFr,
  ...trustFr,
  ...hardeningFr,
  ...validationFr,
  ...historyFr,
  ...webhooksFr,
  ...portalFr,
  ...claimFr,
  // Dates and times (Luxembourg time, one name for the zone)
  'date.dateTime': '{date} à {time} (heure de Luxembourg)',
  'mail.common.noReply': 'Ceci est un message automatique. Veuillez ne pas répondre à cet e-mail.',
  'mail.common.salutation': 'Madame, Monsieur,',
  'mail.common.signature': 'Portail des espaces professionnels',

  'mail.invitation.subject': 'Vous êtes invité dans l’espace professionnel d’une entreprise',
  'mail.invitation.intro':
    'Vous avez été invité(e) à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName}.',
  'mail.invitation.channel':
    'Cet espace professionnel en ligne a été mis en place par l’administration publique. Il sert de canal de communication entre les entreprises et les administrations pour l’ensemble des démarches administratives.',
  'mail.invitation.loginPortal':
    'Afin de garantir la confidentialité des données et la sécurité, l’accès aux services en ligne de l’État est géré par un portail de connexion officiel.',
  'mail.invitation.certificate':
    'Pour utiliser chacun de ces services en ligne, vous devez vous connecter via ce portail avec votre certificat n°\u00a0{certificateSsn}.',
  'mail.invitation.register':
    'Si vous n’avez encore jamais utilisé les services en ligne de l’État avec ce certificat, vous devez d’abord vous enregistrer sur le portail de connexion officiel\u00a0: {loginPortalUrl}',
  'mail.invitation.answer':
    'Une fois connecté(e) ({appUrl}), vous verrez l’invitation dans la liste de vos espaces disponibles et devrez l’accepter ou la refuser.',
  'mail.invitation.expiry': 'Cette invitation expire le {expiresAt}.',
  'mail.invitation.invitedBy': 'Invitation envoyée par\u00a0: {inviterName}',

  'mail.invitation-reminder.subject': 'Rappel\u00a0: vous êtes invité dans l’espace professionnel d’une entreprise',
  'mail.invitation-reminder.intro':
    'Vous avez été invité(e) à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName} et n’avez pas encore répondu.',
  'mail.invitation-reminder.expiry':
    'L’invitation expire le {expiresAt}. Passé ce délai, elle ne pourra plus être acceptée.',

  'mail.invitation-expired.subject': 'Une invitation que vous avez envoyée a expiré',
  'mail.invitation-expired.body':
    'L’invitation adressée à {inviteeName} pour rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» a expiré le {expiresAt} sans réponse.',
  'mail.invitation-expired.inviteAgain':
    'Si cette personne doit toujours avoir accès à l’espace, vous pouvez l’inviter à nouveau.',

  'mail.invitation-accepted.subject': 'Votre invitation a été acceptée',
  'mail.invitation-accepted.body':
    '{inviteeName} a accepté votre invitation et a rejoint l’espace professionnel «\u00a0{spaceName}\u00a0».',
  'mail.invitation-accepted.visibility':
    'En tant que membre, cette personne a accès à toutes les informations mises à disposition dans l’espace.',

  'mail.invitation-declined.subject': 'Votre invitation a été refusée',
  'mail.invitation-declined.body':
    '{inviteeName} a refusé votre invitation à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0». Aucun accès n’a été accordé.',

  'mail.invitation-cancelled.subject': 'Votre invitation à un espace professionnel a été retirée',
  'mail.invitation-cancelled.body':
    'L’invitation à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName} a été retirée. Vous ne pouvez plus l’accepter.',
  'mail.invitation-cancelled.contact':
    'Si vous pensez qu’il s’agit d’une erreur, veuillez contacter l’administrateur de l’espace professionnel.',

  // Certification (R20, R21) : au personnel de l’autorité
  'mail.certification-staff-submitted.subject': 'Nouvelle demande de certification\u00a0: {activityFieldName}',
  'mail.certification-staff-submitted.body':
    'L’entreprise {companyName} (espace professionnel «\u00a0{spaceName}\u00a0») demande la certification pour le domaine d’activité «\u00a0{activityFieldName}\u00a0».',
  'mail.certification-staff-submitted.action':
    'Veuillez examiner les pièces justificatives et statuer sur la demande {requestId}\u00a0: {appUrl}',
  'mail.certification-staff-supplemented.subject': 'Informations complémentaires reçues\u00a0: {activityFieldName}',
  'mail.certification-staff-supplemented.body':
    'L’entreprise {companyName} (espace professionnel «\u00a0{spaceName}\u00a0») a transmis les informations demandées pour sa demande de certification «\u00a0{activityFieldName}\u00a0».',
  'mail.certification-staff-reminder.subject': 'Rappel\u00a0: demande de certification en attente de décision depuis le {waitingSince}',
  'mail.certification-staff-reminder.body':
    'La demande de certification de l’entreprise {companyName} (espace professionnel «\u00a0{spaceName}\u00a0») pour «\u00a0{activityFieldName}\u00a0» attend une décision depuis le {waitingSince}.',

  // Certification : aux administrateurs de l’espace
  'mail.certification-information-requested.subject': 'Certification «\u00a0{activityFieldName}\u00a0»\u00a0: informations demandées',
  'mail.certification-information-requested.body':
    '{authorityName} a besoin d’informations complémentaires sur la demande de certification de l’espace professionnel «\u00a0{spaceName}\u00a0» pour «\u00a0{activityFieldName}\u00a0»\u00a0:',
  'mail.certification-information-requested.message': '{message}',
  'mail.certification-information-requested.deadline':
    'Veuillez transmettre les documents demandés dans l’espace professionnel avant le {supplementDueAt}. Sans réponse à cette date, la demande sera clôturée.',
  'mail.certification-approved.subject': 'Certification «\u00a0{activityFieldName}\u00a0» accordée',
  'mail.certification-approved.body':
    '{authorityName} a approuvé la demande de certification\u00a0: l’espace professionnel «\u00a0{spaceName}\u00a0» est désormais certifié pour «\u00a0{activityFieldName}\u00a0».',
  'mail.certification-approved.procedures': 'Les démarches qui exigent cette certification sont désormais disponibles dans l’espace.',
  'mail.certification-rejected.subject': 'Certification «\u00a0{activityFieldName}\u00a0» refusée',
  'mail.certification-rejected.body':
    '{authorityName} a rejeté la demande de certification de l’espace professionnel «\u00a0{spaceName}\u00a0» pour «\u00a0{activityFieldName}\u00a0».',
  'mail.certification-rejected.reason': 'Motif\u00a0: {reason}',
  'mail.certification-closed.subject': 'Demande de certification «\u00a0{activityFieldName}\u00a0» clôturée',
  'mail.certification-closed.body':
    'La demande de certification de l’espace professionnel «\u00a0{spaceName}\u00a0» pour «\u00a0{activityFieldName}\u00a0» a été clôturée, les informations demandées n’étant pas parvenues avant le {supplementDueAt}.',
  'mail.certification-closed.again': 'Vous pouvez déposer une nouvelle demande à tout moment.',

  'problem.validation_failed.title': 'La requête n’est pas valide',
  'problem.unauthorized.title': 'Authentification requise',
  'problem.forbidden.title': 'Accès refusé',
  'problem.not_found.title': 'Ressource introuvable',
  'problem.method_not_allowed.title': 'Méthode non autorisée',
  'problem.internal_error.title': 'Erreur interne',
  'problem.service_unavailable.title': 'Service temporairement indisponible',
  'problem.already_invited.title':
    'Une invitation est déjà en attente pour ce certificat dans cet espace',
  'problem.already_member.title': 'Cette personne est déjà membre de l’espace',
  'problem.certificate_mismatch.title': 'Le certificat ne correspond pas à celui de l’invitation',
  'problem.invitation_not_pending.title': 'L’invitation n’est plus en attente',
  'problem.last_administrator.title': 'L’espace doit conserver au moins un administrateur actif',
  'problem.procedure_language_fixed.title': 'La langue des démarches ne peut plus être modifiée',
  'problem.resend_too_soon.title': 'L’invitation ne peut pas encore être renvoyée',
  'problem.idempotency_key_reused.title':
    'La clé d’idempotence a déjà été utilisée pour une autre requête',
  'problem.payload_too_large.title': 'Le corps de la requête est trop volumineux',
  'problem.document_too_large.title': 'Un document dépasse la taille autorisée pour ce domaine d’activité',
  'problem.headers_too_large.title': 'Les en-têtes de la requête sont trop volumineux',
  'problem.uri_too_long.title': 'L’adresse de la requête est trop longue',
  'problem.bad_request.title': 'La requête est mal formée',
  'problem.request_timeout.title': 'La requête a mis trop de temps à arriver',
  'problem.already_certified.title': 'L’espace est déjà certifié pour ce domaine d’activité',
  'problem.certification_pending.title': 'Une demande de certification pour ce domaine d’activité est déjà en cours',
  'problem.already_decided.title': 'La demande de certification n’attend plus de décision',
  'problem.information_not_requested.title': 'Aucune information n’est demandée pour cette demande de certification',
  // Mandats et codes d’activation (R22–R38)
  'problem.invalid_code.title': 'Le code d’activation n’est pas valable',
  'problem.code_expired.title': 'Le code d’activation a expiré',
  'problem.code_already_used.title': 'Le code d’activation a déjà été utilisé',
  'problem.holder_code_already_active.title': 'Un code titulaire est déjà actif pour cette rubrique et cette entreprise',
  'problem.too_many_attempts.title': 'Trop de codes d’activation erronés\u00a0; réessayez plus tard',
  'problem.mandate_not_active.title': 'Le mandat n’est pas actif',
  'problem.data_consultation_not_granted.title': 'Les mandats de cette société ne couvrent pas la consultation de ses données',
  'problem.data_consultation_not_granted.detail': 'Les mandats que cet espace détient de cette société couvrent uniquement les démarches, pas la consultation de ses données.',
  'problem.missing_documents.title': 'Des pièces justificatives obligatoires manquent',
  'problem.missing_documents.detail': 'Pièces obligatoires manquantes\u00a0: {documents}.',
  // Problem details (problem+json `detail`, in the caller's language) and the permission names they use
  'problem.validation_failed.detail': 'La requête ne correspond pas à ce que cette route attend.',
  'problem.validation_failed.fields': 'Vérifiez ces champs\u00a0: {fields}.',
  'problem.document_too_large.detail': 'Un document dépasse la taille admise pour ce domaine d’activité\u00a0; envoyez un fichier plus petit (voir errors).',
  'problem.headers_too_large.detail': 'Envoyez des en-têtes de requête plus courts.',
  'problem.uri_too_long.detail': 'Envoyez une adresse plus courte\u00a0; les valeurs longues vont dans le corps de la requête.',
  'problem.bad_request.detail': 'La requête n’est pas du HTTP valide et ne peut pas être lue.',
  'problem.request_timeout.detail': 'La requête a mis trop de temps à arriver\u00a0; envoyez-la à nouveau.',
  'problem.unauthorized.detail': 'Reconnectez-vous\u00a0: envoyez un jeton valide (Authorization: Bearer …).',
  'problem.forbidden.detail': 'Vous n’avez pas le droit de faire cela dans cet espace.',
  'problem.forbidden.permission': 'Cela nécessite la permission «\u00a0{permission}\u00a0» dans cet espace.',
  'problem.forbidden.administrator': 'Seul un administrateur de l’espace peut faire cela.',
  'problem.forbidden.staff': 'Cela nécessite un compte d’agent de l’administration.',
  'problem.not_found.detail': 'Cet élément n’existe pas ou ne vous est pas accessible.',
  'problem.method_not_allowed.detail': 'Ce chemin n’accepte pas cette méthode\u00a0; l’en-tête Allow indique celles qu’il accepte.',
  'problem.internal_error.detail': 'Une erreur s’est produite de notre côté. Veuillez réessayer plus tard.',
  'problem.service_unavailable.detail': 'Un service dont nous dépendons est indisponible\u00a0; veuillez réessayer dans quelques secondes.',
  'problem.already_invited.detail': 'Ce certificat a déjà une invitation en attente pour cet espace.',
  'problem.already_member.detail': 'Ce certificat appartient déjà à un membre de l’espace.',
  'problem.certificate_mismatch.detail': 'Connectez-vous avec le certificat indiqué dans l’invitation pour y répondre.',
  'problem.invitation_not_pending.detail': 'L’invitation a déjà reçu une réponse, a été retirée ou a expiré.',
  'problem.last_administrator.detail': 'Désignez d’abord un autre administrateur\u00a0: un espace en garde toujours au moins un.',
  'problem.procedure_language_fixed.detail': 'La langue des démarches de cet espace est déjà fixée et ne peut plus être modifiée.',
  'problem.resend_too_soon.detail': 'L’invitation vient d’être envoyée\u00a0; réessayez dans {seconds}\u00a0secondes.',
  'problem.idempotency_key_reused.detail': 'Cette clé Idempotency-Key a déjà servi pour une autre requête\u00a0; utilisez une nouvelle clé.',
  'problem.payload_too_large.detail': 'Envoyez moins de documents, ou des documents plus petits.',
  'problem.already_certified.detail': 'L’espace est déjà certifié pour «\u00a0{activityFieldName}\u00a0».',
  'problem.certification_pending.detail': 'Une demande pour «\u00a0{activityFieldName}\u00a0» est déjà en cours dans cet espace.',
  'problem.already_decided.detail': 'Cette demande a déjà été tranchée, retirée ou clôturée.',
  'problem.information_not_requested.detail': 'Aucune information complémentaire n’est demandée pour cette demande.',
  'problem.invalid_code.detail': 'Vérifiez le code figurant sur le courrier et saisissez-le à nouveau.',
  'problem.code_expired.detail': 'Ce code a expiré ou a été remplacé par un plus récent.',
  'problem.code_already_used.detail': 'Ce code a déjà été saisi\u00a0; chaque code ne sert qu’une fois.',
  'problem.holder_code_already_active.detail': 'Votre entreprise détient déjà un code de titulaire actif pour cette rubrique.',
  'problem.too_many_attempts.detail': 'Trop de codes erronés ont été saisis\u00a0; réessayez dans {seconds}\u00a0secondes.',
  'problem.mandate_not_active.detail': 'Le mandat n’est pas actif\u00a0: pas encore activé, ou révoqué, expiré ou terminé.',
  'permission.inviteUsers': 'Inviter des utilisateurs',
  'permission.deleteUsers': 'Supprimer des utilisateurs',
  'permission.editProcedures': 'Créer et modifier des démarches',
  'permission.signProcedures': 'Signer des démarches',
  'problem.operator_required.title': 'Réservé aux opérateurs Temporal',
  'problem.operator_required.detail': 'Ce point d’accès est réservé aux opérateurs Temporal\u00a0: envoyez un jeton avec operator: true.',
  'letter.subject.holder': 'Votre code d’activation de titulaire\u00a0: {sectionName}',
  'letter.subject.delegate': 'Code d’activation de délégué\u00a0: {sectionName}',
  'letter.date': 'Luxembourg, le {date}',
  'letter.holder.intro':
    'Suite à la demande d’accès de votre entreprise {companyName} pour la rubrique «\u00a0{sectionName}\u00a0», nous vous adressons le code d’activation du titulaire. Saisi dans votre espace professionnel, il certifie l’espace pour cette rubrique et fait de votre entreprise le mandant.',
  'letter.delegate.intro':
    'Suite à la demande d’accès de votre entreprise {companyName} pour la rubrique «\u00a0{sectionName}\u00a0», nous vous adressons un code d’activation de délégué. Transmettez-le au prestataire que vous choisissez comme délégué\u00a0; il agira alors pour votre entreprise dans l’étendue ci-dessous.',
  'letter.scope': 'Étendue\u00a0: {scope}',
  'letter.scope.procedures': 'démarches',
  'letter.scope.dataConsultation': 'consultation des données',
  'letter.code': 'Code d’activation\u00a0: {code}',
  'letter.deadline': 'Saisissez ce code au plus tard le {deadline}. Passé ce délai, il expire.',
  'letter.endDate': 'Le mandat prend fin le {endDate}.',
  'letter.noEndDate': 'Le mandat n’a pas de date de fin\u00a0; il dure jusqu’à sa révocation.',
  'letter.holder.howTo':
    'Pour le saisir, connectez-vous à l’espace professionnel de votre entreprise et ouvrez «\u00a0Gestion de …\u00a0» › «\u00a0Enregistrement des codes d’activation\u00a0». Tout membre de l’espace peut le saisir.',
  'letter.delegate.howTo':
    'Le délégué le saisit dans son propre espace professionnel, sous «\u00a0Gestion de …\u00a0» › «\u00a0Enregistrement des codes d’activation\u00a0». Tout membre de cet espace peut le saisir.',
  'letter.confidential': 'Gardez ce code confidentiel\u00a0: il ne peut servir qu’une seule fois.',
  'letter.reference': 'Référence\u00a0: {letterId}',
  'letter.signature': 'L’administration, service des espaces professionnels',
  'letter.salutation': 'Madame, Monsieur,',
  'letter.closing': 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
  'letter.signatory': 'Pour l’administration, le service des espaces professionnels',
  'mail.mandate-activation-reminder.subject': 'Rappel\u00a0: les codes d’activation pour «\u00a0{sectionName}\u00a0» expirent le {activationDeadline}',
  'mail.mandate-activation-reminder.body':
    '{unusedCodes} code(s) d’activation envoyé(s) par courrier à {companyName} pour la rubrique «\u00a0{sectionName}\u00a0» n’ont pas encore été saisis. Ils expirent le {activationDeadline}.',
  'mail.mandate-activation-reminder.howTo': 'Les codes se saisissent dans l’espace professionnel, sous «\u00a0Gestion de …\u00a0» › «\u00a0Enregistrement des codes d’activation\u00a0».',
  'mail.mandate-end-reminder.subject': 'Le mandat pour «\u00a0{sectionName}\u00a0» prend fin le {endDate}',
  'mail.mandate-end-reminder.body':
    'Le mandat de l’entreprise {mandatorName} pour la rubrique «\u00a0{sectionName}\u00a0» prend fin le {endDate}. Après cette date, ses délégués ne peuvent plus agir pour lui.',
  'mail.mandate-delegate-activated.subject': 'Un nouveau délégué pour «\u00a0{sectionName}\u00a0»',
  'mail.mandate-delegate-activated.body':
    '{delegateName} a saisi un code d’activation de délégué et peut désormais agir pour {mandatorName} dans la rubrique «\u00a0{sectionName}\u00a0».',
  'mail.mandate-delegation-ended.subject': 'Un mandat pour «\u00a0{sectionName}\u00a0» a pris fin',
  'mail.mandate-delegation-ended.body': 'Votre espace ne peut plus agir pour {mandatorName} dans la rubrique «\u00a0{sectionName}\u00a0».',

  'role.administrator': 'Administrateur',
  'role.manager': 'Gestionnaire',
  'role.without-signature': 'Sans signature',

  'problem.certification_required.title': 'Cette démarche exige une certification de l’espace',
  'problem.certification_required.detail':
    'La démarche «\u00a0{procedureName}\u00a0» exige que l’espace soit certifié pour «\u00a0{activityFieldName}\u00a0». Demandez d’abord cette certification.',
  'problem.mandate_required.title': 'Aucun mandat ne permet d’agir pour le compte de cette entreprise',
  'problem.mandate_required.detail':
    'Cet espace ne détient aucun mandat actif pour effectuer des démarches pour le compte de cette entreprise.',
  'problem.procedure_not_draft.title': 'La démarche n’est plus un brouillon',
  'problem.procedure_not_draft.detail': 'La démarche a le statut «\u00a0{status}\u00a0»\u00a0; seul un brouillon peut être modifié ou signé.',
  'problem.procedure_not_signed.title': 'La démarche doit être signée avant d’être transmise',
  'problem.procedure_not_signed.detail': 'La démarche a le statut «\u00a0{status}\u00a0»\u00a0; seule une démarche signée peut être transmise.',

  'procedure.status.draft': 'Brouillon',
  'procedure.status.signed': 'Signée',
  'procedure.status.submitted': 'Transmise',
  'procedure.language.fr': 'français',
  'procedure.language.de': 'allemand',
  'procedure.language.en': 'anglais',
  'procedure.type.vat-return': 'Déclaration de TVA',
  'procedure.type.withholding-tax-return': 'Déclaration de la retenue d’impôt sur les salaires',
  'procedure.type.employee-declaration': 'Déclaration des salariés à la sécurité sociale',
  'procedure.type.structural-business-survey': 'Enquête structurelle auprès des entreprises',
  'procedure.type.works-council-election-notice': 'Avis d’élections sociales',
  'procedure.type.job-vacancy-declaration': 'Déclaration de poste vacant',
  'procedure.type.sports-federation-licence': 'Licence de fédération sportive',
  'procedure.field.period': 'Période',
  'procedure.field.turnover': 'Chiffre d’affaires (EUR)',
  'procedure.field.vatDue': 'TVA due (EUR)',
  'procedure.field.taxWithheld': 'Impôt retenu (EUR)',
  'procedure.field.employeeCount': 'Nombre de salariés',
  'procedure.field.grossSalaries': 'Salaires bruts (EUR)',
  'procedure.field.contributionMonth': 'Mois de cotisation',
  'procedure.field.surveyYear': 'Année de l’enquête',
  'procedure.field.mainActivity': 'Activité principale',
  'procedure.field.electionDate': 'Date des élections',
  'procedure.field.seatsToFill': 'Sièges à pourvoir',
  'procedure.field.athleteName': 'Athlète',
  'procedure.field.discipline': 'Discipline sportive',
  'procedure.field.season': 'Saison sportive',
  'procedure.field.jobTitle': 'Intitulé du poste',
  'procedure.field.workplace': 'Lieu de travail',
  'procedure.value.yes': 'Oui',
  'procedure.value.no': 'Non',

  'procedure.pdf.heading': 'Démarche administrative',
  'procedure.pdf.reference': 'Référence',
  'procedure.pdf.company': 'Entreprise',
  'procedure.pdf.registrationNumber': 'Numéro d’immatriculation',
  'procedure.pdf.space': 'Espace professionnel',
  'procedure.pdf.onBehalfOf': 'Pour le compte de',
  'procedure.pdf.status': 'Statut',
  'procedure.pdf.language': 'Langue',
  'procedure.pdf.createdBy': 'Créée par',
  'procedure.pdf.createdAt': 'Créée le',
  'procedure.pdf.signedBy': 'Signée par',
  'procedure.pdf.signedAt': 'Signée le',
  'procedure.pdf.submittedAt': 'Transmise le',
  'procedure.pdf.notSigned': 'Pas encore signée',
  'procedure.pdf.formData': 'Données du formulaire',
  'procedure.pdf.empty': '(non renseigné)',
  'procedure.pdf.fallback': 'Cette démarche n’est pas disponible en {requested}\u00a0; elle est présentée en {used}.',
  'procedure.pdf.footer': 'Généré le {generatedAt} par le portail des espaces professionnels.',

  'mail.procedure-signed.subject': 'Démarche «\u00a0{procedureName}\u00a0» signée',
  'mail.procedure-signed.body':
    '{actorName} a signé la démarche «\u00a0{procedureName}\u00a0» (référence {procedureId}) dans l’espace professionnel «\u00a0{spaceName}\u00a0».',
  'mail.procedure-signed.next': 'Elle peut maintenant être transmise à l’administration.',
  'mail.procedure-submitted.subject': 'Démarche «\u00a0{procedureName}\u00a0» transmise',
  'mail.procedure-submitted.body':
    '{actorName} a transmis à l’administration la démarche «\u00a0{procedureName}\u00a0» (référence {procedureId}) de l’espace professionnel «\u00a0{spaceName}\u00a0».',
  'mail.procedure-submitted.pdf': 'Le formulaire peut être téléchargé en PDF dans l’espace professionnel\u00a0: {appUrl}',

  // Règles de confiance (API.md) : le registre des entreprises, pas d’escalade, droits vérifiés à chaque usage
  'problem.company_not_registered.title': 'L’entreprise n’est pas inscrite au registre des entreprises',
  'problem.company_not_registered.detail':
    'Le numéro d’immatriculation {registrationNumber} ne figure pas au registre des entreprises. Les codes d’activation ne sont envoyés qu’aux entreprises du registre, à leur adresse inscrite.',
  'problem.cannot_grant.title': 'Vous ne pouvez pas accorder ce que vous ne détenez pas',
  'problem.cannot_grant.detail': 'Vous ne détenez pas «\u00a0{right}\u00a0» dans cet espace\u00a0; vous ne pouvez donc pas l’accorder.',
  'problem.mandate_required.revoked.detail': 'Le mandat sous lequel cette démarche a été déposée pour le compte de cette entreprise n’est plus actif.',
};
