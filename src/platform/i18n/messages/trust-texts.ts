// Texts of the second round of trust rules (API.md "Identity and trust, second round"): refusals, the letters'
// "who asked", and the mails that tell everyone concerned of an ending. Merged into the one catalog by en.ts, fr.ts
// and de.ts. Pure data. Subjects carry no text a user typed.

export const trustEn = {
  'problem.end_date_beyond_administration.title': 'The end date lies beyond the administration’s',
  'problem.end_date_beyond_administration.detail': 'The administration set the end of use of this mandate to {endDate}; choose that date or an earlier one.',
  'problem.end_date_before_deadline.title': 'The end date lies before the activation deadline',
  'problem.end_date_before_deadline.detail': 'The codes can be activated until {activationDeadline}; the end of use must come after that.',
  'problem.procedure_incomplete.title': 'The procedure is not complete',
  'problem.procedure_incomplete.detail': 'Fill in these fields before signing or submitting: {fields}.',

  'letter.requestedBy': 'These codes were requested from the professional space “{spaceName}” by {personName} on {requestedAt}.',
  'letter.notAsked':
    'If nobody at your company asked for them, do not enter these codes and inform the administration: whoever asked cannot use them without your company.',

  'mail.mandate-letters-dispatched.subject': 'The activation codes are on their way by post',
  'mail.mandate-letters-dispatched.body':
    'The letters with the activation codes for the section “{sectionName}” ({letters}) went by post to {companyName}, at the address the company register holds for it.',
  'mail.mandate-letters-dispatched.next': 'Enter the holder’s code under “Registration of activation codes” once it has arrived; hand the delegate codes to your delegates.',
  'mail.mandate-revoked.subject': 'A mandate has been revoked',
  'mail.mandate-revoked.body': 'The mandate of {mandatorName} for the section “{sectionName}” has been revoked; its delegates can no longer act for the company.',
  'mail.mandate-expired.subject': 'A mandate has expired',
  'mail.mandate-expired.body': 'The mandate of {mandatorName} for the section “{sectionName}” expired: its holder code was not activated in time.',
  'mail.mandate-ended.subject': 'A mandate has ended',
  'mail.mandate-ended.body': 'The mandate of {mandatorName} for the section “{sectionName}” has reached its end date; its delegates can no longer act for the company.',
  'mail.member-removed.subject': 'Your access to a professional space has ended',
  'mail.member-removed.body': 'You are no longer a member of the professional space “{spaceName}” of {companyName}.',
  'mail.member-removed.contact': 'If you think this is a mistake, contact an administrator of the space.',
  'page.space.notVerified': 'Not verified',
  'page.home.registeredHint': 'For a company of the company register, its name and registered address come from the register; fill them in only for another company.',
  'page.space.notVerifiedHint': 'The company register does not know this registration number: the name and address are what the space declared.',
} as const;

export const trustFr: Record<keyof typeof trustEn, string> = {
  'problem.end_date_beyond_administration.title': 'La date de fin dépasse celle de l’administration',
  'problem.end_date_beyond_administration.detail': 'L’administration a fixé la fin d’utilisation de ce mandat au {endDate}\u00a0; choisissez cette date ou une date antérieure.',
  'problem.end_date_before_deadline.title': 'La date de fin précède la date limite d’activation',
  'problem.end_date_before_deadline.detail': 'Les codes peuvent être activés jusqu’au {activationDeadline}\u00a0; la fin d’utilisation doit venir après.',
  'problem.procedure_incomplete.title': 'La démarche n’est pas complète',
  'problem.procedure_incomplete.detail': 'Remplissez ces champs avant de signer ou de transmettre\u00a0: {fields}.',

  'letter.requestedBy': 'Ces codes ont été demandés depuis l’espace professionnel «\u00a0{spaceName}\u00a0» par {personName} le {requestedAt}.',
  'letter.notAsked':
    'Si personne dans votre entreprise ne les a demandés, n’utilisez pas ces codes et informez l’administration\u00a0: la personne qui les a demandés ne peut pas s’en servir sans votre entreprise.',

  'mail.mandate-letters-dispatched.subject': 'Les codes d’activation sont partis par la poste',
  'mail.mandate-letters-dispatched.body':
    'Les lettres contenant les codes d’activation pour la rubrique «\u00a0{sectionName}\u00a0» ({letters}) ont été envoyées par la poste à {companyName}, à l’adresse inscrite au registre des entreprises.',
  'mail.mandate-letters-dispatched.next':
    'Saisissez le code du titulaire sous «\u00a0Enregistrement des codes d’activation\u00a0» dès réception\u00a0; remettez les codes délégués à vos délégués.',
  'mail.mandate-revoked.subject': 'Un mandat a été révoqué',
  'mail.mandate-revoked.body': 'Le mandat de l’entreprise {mandatorName} pour la rubrique «\u00a0{sectionName}\u00a0» a été révoqué\u00a0; ses délégués ne peuvent plus agir pour l’entreprise.',
  'mail.mandate-expired.subject': 'Un mandat a expiré',
  'mail.mandate-expired.body': 'Le mandat de l’entreprise {mandatorName} pour la rubrique «\u00a0{sectionName}\u00a0» a expiré\u00a0: son code titulaire n’a pas été activé à temps.',
  'mail.mandate-ended.subject': 'Un mandat a pris fin',
  'mail.mandate-ended.body': 'Le mandat de l’entreprise {mandatorName} pour la rubrique «\u00a0{sectionName}\u00a0» a atteint sa date de fin\u00a0; ses délégués ne peuvent plus agir pour l’entreprise.',
  'mail.member-removed.subject': 'Votre accès à un espace professionnel a pris fin',
  'mail.member-removed.body': 'Vous n’êtes plus membre de l’espace professionnel «\u00a0{spaceName}\u00a0» de l’entreprise {companyName}.',
  'mail.member-removed.contact': 'S’il s’agit d’une erreur, contactez un administrateur de l’espace.',
  'page.space.notVerified': 'Non vérifiée',
  'page.home.registeredHint': 'Pour une entreprise inscrite au registre des entreprises, le nom et l’adresse viennent du registre ; ne les remplissez que pour une autre entreprise.',
  'page.space.notVerifiedHint': 'Le registre des entreprises ne connaît pas ce numéro d’immatriculation : le nom et l’adresse sont ceux que l’espace a déclarés.',
};

export const trustDe: Record<keyof typeof trustEn, string> = {
  'problem.end_date_beyond_administration.title': 'Das Enddatum liegt nach dem der Verwaltung',
  'problem.end_date_beyond_administration.detail': 'Die Verwaltung hat das Nutzungsende dieses Mandats auf den {endDate} festgelegt; wählen Sie dieses oder ein früheres Datum.',
  'problem.end_date_before_deadline.title': 'Das Enddatum liegt vor der Aktivierungsfrist',
  'problem.end_date_before_deadline.detail': 'Die Codes können bis zum {activationDeadline} aktiviert werden; das Nutzungsende muss danach liegen.',
  'problem.procedure_incomplete.title': 'Das Verfahren ist nicht vollständig',
  'problem.procedure_incomplete.detail': 'Füllen Sie diese Felder aus, bevor Sie unterzeichnen oder übermitteln: {fields}.',

  'letter.requestedBy': 'Diese Codes wurden aus dem beruflichen Bereich „{spaceName}“ von {personName} am {requestedAt} angefordert.',
  'letter.notAsked':
    'Falls niemand in Ihrem Unternehmen sie angefordert hat, verwenden Sie diese Codes nicht und informieren Sie die Verwaltung: Wer sie angefordert hat, kann sie ohne Ihr Unternehmen nicht nutzen.',

  'mail.mandate-letters-dispatched.subject': 'Die Aktivierungscodes sind per Post unterwegs',
  'mail.mandate-letters-dispatched.body':
    'Die Briefe mit den Aktivierungscodes für die Rubrik „{sectionName}“ ({letters}) wurden per Post an {companyName} gesendet, an die im Unternehmensregister eingetragene Anschrift.',
  'mail.mandate-letters-dispatched.next': 'Geben Sie den Code des Inhabers nach Erhalt unter „Registrierung von Aktivierungscodes“ ein; geben Sie die Delegiertencodes an Ihre Delegierten weiter.',
  'mail.mandate-revoked.subject': 'Ein Mandat wurde widerrufen',
  'mail.mandate-revoked.body': 'Das Mandat von {mandatorName} für die Rubrik „{sectionName}“ wurde widerrufen; seine Delegierten können nicht mehr für das Unternehmen handeln.',
  'mail.mandate-expired.subject': 'Ein Mandat ist abgelaufen',
  'mail.mandate-expired.body': 'Das Mandat von {mandatorName} für die Rubrik „{sectionName}“ ist abgelaufen: Sein Inhabercode wurde nicht rechtzeitig aktiviert.',
  'mail.mandate-ended.subject': 'Ein Mandat ist beendet',
  'mail.mandate-ended.body': 'Das Mandat von {mandatorName} für die Rubrik „{sectionName}“ hat sein Enddatum erreicht; seine Delegierten können nicht mehr für das Unternehmen handeln.',
  'mail.member-removed.subject': 'Ihr Zugang zu einem beruflichen Bereich ist beendet',
  'mail.member-removed.body': 'Sie sind nicht mehr Mitglied des beruflichen Bereichs „{spaceName}“ von {companyName}.',
  'mail.member-removed.contact': 'Falls dies ein Irrtum ist, wenden Sie sich an einen Administrator des Bereichs.',
  'page.space.notVerified': 'Nicht verifiziert',
  'page.home.registeredHint': 'Für ein Unternehmen des Unternehmensregisters kommen Name und Anschrift aus dem Register; füllen Sie sie nur für ein anderes Unternehmen aus.',
  'page.space.notVerifiedHint': 'Das Unternehmensregister kennt diese Registernummer nicht: Name und Anschrift sind die Angaben des Bereichs.',
};
