// Field messages of a refused form or body (errors[].message), by the kind of rule a value broke — one catalog for
// the API and the pages, in the reader's language. Schemas name their own rule with a `validation.*` key as the
// message; everything else follows zod's issue code (src/platform/schemas.ts). Pure data.

export const validationEn = {
  'validation.required': 'required',
  'validation.tooShort': 'at least {minimum} characters',
  'validation.tooLong': 'at most {maximum} characters',
  'validation.tooSmall': 'at least {minimum}',
  'validation.tooBig': 'at most {maximum}',
  'validation.invalidType': 'not a value of the expected kind',
  'validation.oneOf': 'one of: {options}',
  'validation.unknownField': 'unknown field “{field}”',
  'validation.format': 'not in the expected form',
  'validation.invalid': 'not valid',
  'validation.id': 'not an identifier this service gave',
  'validation.date': 'a calendar date YYYY-MM-DD or a date and time with its offset',
  'validation.email': 'one e-mail address, e.g. anna.muller@example.lu',
  'validation.certificateSsn': 'exactly 20 digits',
  'validation.singleLine': 'one line, without control characters',
  'validation.country': 'a country code of two capital letters, e.g. LU',
  'validation.cursor': 'not a cursor this service returned',
} as const;

export const validationFr: Record<keyof typeof validationEn, string> = {
  'validation.required': 'obligatoire',
  'validation.tooShort': 'au moins {minimum}\u00a0caractères',
  'validation.tooLong': 'au plus {maximum}\u00a0caractères',
  'validation.tooSmall': 'au moins {minimum}',
  'validation.tooBig': 'au plus {maximum}',
  'validation.invalidType': 'valeur d’un type inattendu',
  'validation.oneOf': 'une des valeurs suivantes\u00a0: {options}',
  'validation.unknownField': 'champ inconnu «\u00a0{field}\u00a0»',
  'validation.format': 'format non valable',
  'validation.invalid': 'non valable',
  'validation.id': 'identifiant inconnu de ce service',
  'validation.date': 'une date AAAA-MM-JJ ou une date et une heure avec leur décalage',
  'validation.email': 'une seule adresse électronique, p.\u00a0ex. anna.muller@example.lu',
  'validation.certificateSsn': 'exactement 20\u00a0chiffres',
  'validation.singleLine': 'une seule ligne, sans caractères de contrôle',
  'validation.country': 'un code de pays de deux lettres majuscules, p.\u00a0ex. LU',
  'validation.cursor': 'curseur inconnu de ce service',
};

export const validationDe: Record<keyof typeof validationEn, string> = {
  'validation.required': 'Pflichtfeld',
  'validation.tooShort': 'mindestens {minimum} Zeichen',
  'validation.tooLong': 'höchstens {maximum} Zeichen',
  'validation.tooSmall': 'mindestens {minimum}',
  'validation.tooBig': 'höchstens {maximum}',
  'validation.invalidType': 'kein Wert der erwarteten Art',
  'validation.oneOf': 'einer der Werte: {options}',
  'validation.unknownField': 'unbekanntes Feld „{field}“',
  'validation.format': 'nicht in der erwarteten Form',
  'validation.invalid': 'ungültig',
  'validation.id': 'keine Kennung dieses Dienstes',
  'validation.date': 'ein Datum JJJJ-MM-TT oder Datum und Uhrzeit mit Zeitverschiebung',
  'validation.email': 'eine einzige E-Mail-Adresse, z. B. anna.muller@example.lu',
  'validation.certificateSsn': 'genau 20 Ziffern',
  'validation.singleLine': 'eine Zeile, ohne Steuerzeichen',
  'validation.country': 'ein Ländercode aus zwei Großbuchstaben, z. B. LU',
  'validation.cursor': 'kein Cursor dieses Dienstes',
};
