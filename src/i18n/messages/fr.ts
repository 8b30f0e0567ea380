// French catalog. Typed against the English keys: a missing or extra key fails the typecheck.
// Quotes are « » with no-break spaces (\u00a0), as are the spaces before ":".
import type { MessageKey } from './en';

export const fr: Record<MessageKey, string> = {
  'mail.common.noReply': 'Ceci est un message automatique. Veuillez ne pas répondre à cet e-mail.',
  'mail.common.salutation': 'Madame, Monsieur,',
  'mail.common.signature': 'Portail des espaces professionnels',

  'mail.invitation.subject':
    'Invitation à l’espace professionnel «\u00a0{spaceName}\u00a0» de {companyName}',
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

  'mail.invitation-reminder.subject':
    'Rappel\u00a0: invitation à l’espace professionnel «\u00a0{spaceName}\u00a0» de {companyName}',
  'mail.invitation-reminder.intro':
    'Vous avez été invité(e) à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName} et n’avez pas encore répondu.',
  'mail.invitation-reminder.expiry':
    'L’invitation expire le {expiresAt}. Passé ce délai, elle ne pourra plus être acceptée.',

  'mail.invitation-expired.subject': 'L’invitation adressée à {inviteeName} a expiré',
  'mail.invitation-expired.body':
    'L’invitation adressée à {inviteeName} pour rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» a expiré le {expiresAt} sans réponse.',
  'mail.invitation-expired.inviteAgain':
    'Si cette personne doit toujours avoir accès à l’espace, vous pouvez l’inviter à nouveau.',

  'mail.invitation-accepted.subject':
    '{inviteeName} a rejoint l’espace professionnel «\u00a0{spaceName}\u00a0»',
  'mail.invitation-accepted.body':
    '{inviteeName} a accepté votre invitation et a rejoint l’espace professionnel «\u00a0{spaceName}\u00a0».',
  'mail.invitation-accepted.visibility':
    'En tant que membre, cette personne a accès à toutes les informations mises à disposition dans l’espace.',

  'mail.invitation-declined.subject':
    '{inviteeName} a refusé l’invitation à l’espace professionnel «\u00a0{spaceName}\u00a0»',
  'mail.invitation-declined.body':
    '{inviteeName} a refusé votre invitation à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0». Aucun accès n’a été accordé.',

  'mail.invitation-cancelled.subject':
    'Invitation à l’espace professionnel «\u00a0{spaceName}\u00a0» retirée',
  'mail.invitation-cancelled.body':
    'L’invitation à rejoindre l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName} a été retirée. Vous ne pouvez plus l’accepter.',
  'mail.invitation-cancelled.contact':
    'Si vous pensez qu’il s’agit d’une erreur, veuillez contacter l’administrateur de l’espace professionnel.',

  'problem.validation_failed.title': 'La requête n’est pas valide',
  'problem.unauthorized.title': 'Authentification requise',
  'problem.forbidden.title': 'Accès refusé',
  'problem.not_found.title': 'Ressource introuvable',
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

  'role.administrator': 'Administrateur',
  'role.manager': 'Gestionnaire',
  'role.without-signature': 'Sans signature',
};
