// Texts of the hardening rules (API.md "Trust rules": floods, return-to, identity claims). Merged into the one
// catalog by en.ts, fr.ts and de.ts. Pure data.

export const hardeningEn = {
  'problem.too_many_requests.title': 'Too many requests of this kind; try again later',
  'problem.too_many_requests.detail': 'This action is limited; try again in {seconds} seconds.',
  'problem.too_many_requests.letters':
    'At most {limit} access requests per company and section reach the company’s registered address in 24 hours; try again in {seconds} seconds.',
  'problem.too_many_requests.mails': 'At most {limit} mails an hour go from this space to one recipient; try again in {seconds} seconds.',
  'page.login.emailInvalid': 'one e-mail address, e.g. anna.muller@example.lu',
  'page.login.nameInvalid': 'one line, without control characters',
} as const;

export const hardeningFr: Record<keyof typeof hardeningEn, string> = {
  'problem.too_many_requests.title': 'Trop de demandes de ce type\u00a0; réessayez plus tard',
  'problem.too_many_requests.detail': 'Cette action est limitée\u00a0; réessayez dans {seconds}\u00a0secondes.',
  'problem.too_many_requests.letters':
    'Au plus {limit}\u00a0demandes d’accès par entreprise et par rubrique parviennent à l’adresse officielle de l’entreprise en 24\u00a0heures\u00a0; réessayez dans {seconds}\u00a0secondes.',
  'problem.too_many_requests.mails': 'Au plus {limit}\u00a0courriels par heure partent de cet espace vers un même destinataire\u00a0; réessayez dans {seconds}\u00a0secondes.',
  'page.login.emailInvalid': 'une seule adresse électronique, p.\u00a0ex. anna.muller@example.lu',
  'page.login.nameInvalid': 'une seule ligne, sans caractères de contrôle',
};

export const hardeningDe: Record<keyof typeof hardeningEn, string> = {
  'problem.too_many_requests.title': 'Zu viele Anfragen dieser Art; versuchen Sie es später erneut',
  'problem.too_many_requests.detail': 'Diese Aktion ist begrenzt; versuchen Sie es in {seconds} Sekunden erneut.',
  'problem.too_many_requests.letters':
    'Höchstens {limit} Zugangsanträge je Unternehmen und Rubrik erreichen in 24 Stunden die eingetragene Anschrift des Unternehmens; versuchen Sie es in {seconds} Sekunden erneut.',
  'problem.too_many_requests.mails': 'Höchstens {limit} E-Mails pro Stunde gehen aus diesem Bereich an denselben Empfänger; versuchen Sie es in {seconds} Sekunden erneut.',
  'page.login.emailInvalid': 'eine einzige E-Mail-Adresse, z. B. anna.muller@example.lu',
  'page.login.nameInvalid': 'eine Zeile, ohne Steuerzeichen',
};
