// Certification (R20–R22): the statuses of a request, what staff decide, and the catalog of activity fields a space
// can be certified for with the authorities that decide. Pure data: the API serves it, validates documents against
// it, and the workflow bundle imports it.
import type { Language } from './language';

/** Certification requests (R20, R21): open while submitted or information_requested. */
export const CERTIFICATION_STATUSES = ['submitted', 'information_requested', 'approved', 'rejected', 'withdrawn', 'closed'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];
export const OPEN_CERTIFICATION_STATUSES = ['submitted', 'information_requested'] as const satisfies readonly CertificationStatus[];

/** What authority staff decide on a waiting request. */
export const CERTIFICATION_DECISIONS = ['approve', 'reject', 'request-information'] as const;
export type CertificationDecision = (typeof CERTIFICATION_DECISIONS)[number];

/** How a space became certified: a decided request (R21) or an activation code (R22). */
export const CERTIFICATION_VIAS = ['request', 'activation-code'] as const;
export type CertificationVia = (typeof CERTIFICATION_VIAS)[number];

export type Names = Record<Language, string>;

export interface Authority {
  code: string;
  names: Names;
  /** The authority as the subject of a sentence, with its article ("Le Ministère des Sports a approuvé …"). */
  subject: Names;
  /** Local part of the staff mailbox; the domain comes from STAFF_MAIL_DOMAIN (see staffMailAddress). */
  staffMailbox: string;
}

export interface RequiredDocument {
  code: string;
  names: Names;
}

export interface ActivityField {
  code: string;
  names: Names;
  /** Code of the authority whose staff decide (matches the `staff` claim of their tokens). */
  authority: string;
  requiredDocuments: RequiredDocument[];
  acceptedContentTypes: string[];
  /** Per document, decoded bytes. */
  maxDocumentBytes: number;
  /** Per submission or supplement. */
  maxDocuments: number;
}

const MiB = 1024 * 1024;
const PDF_AND_SCANS = ['application/pdf', 'image/jpeg', 'image/png'];

export const AUTHORITIES: readonly Authority[] = [
  {
    code: 'MSPORTS',
    names: { fr: 'Ministère des Sports', de: 'Sportministerium', en: 'Ministry of Sport' },
    subject: { fr: 'Le Ministère des Sports', de: 'Das Sportministerium', en: 'The Ministry of Sport' },
    staffMailbox: 'certifications.msports',
  },
  {
    code: 'ITM',
    names: { fr: 'Inspection du travail et des mines', de: 'Gewerbeaufsicht', en: 'Labour and Mines Inspectorate' },
    subject: { fr: 'L’Inspection du travail et des mines', de: 'Die Gewerbeaufsicht', en: 'The Labour and Mines Inspectorate' },
    staffMailbox: 'certifications.itm',
  },
  {
    code: 'MENJE',
    names: {
      fr: 'Ministère de l’Éducation nationale, de l’Enfance et de la Jeunesse',
      de: 'Ministerium für Bildung, Kinder und Jugend',
      en: 'Ministry of Education, Children and Youth',
    },
    subject: {
      fr: 'Le Ministère de l’Éducation nationale, de l’Enfance et de la Jeunesse',
      de: 'Das Ministerium für Bildung, Kinder und Jugend',
      en: 'The Ministry of Education, Children and Youth',
    },
    staffMailbox: 'certifications.menje',
  },
  {
    code: 'AEV',
    names: { fr: 'Administration de l’environnement', de: 'Umweltverwaltung', en: 'Environment Agency' },
    subject: { fr: 'L’Administration de l’environnement', de: 'Die Umweltverwaltung', en: 'The Environment Agency' },
    staffMailbox: 'certifications.aev',
  },
];

export const ACTIVITY_FIELDS: readonly ActivityField[] = [
  {
    code: 'sports-federation',
    names: { fr: 'Fédération sportive agréée', de: 'Anerkannter Sportverband', en: 'Approved sports federation' },
    authority: 'MSPORTS',
    requiredDocuments: [
      { code: 'statutes', names: { fr: 'Statuts coordonnés', de: 'Koordinierte Satzung', en: 'Coordinated statutes' } },
      { code: 'board-members', names: { fr: 'Composition du conseil d’administration', de: 'Zusammensetzung des Vorstands', en: 'Composition of the board' } },
      { code: 'member-clubs', names: { fr: 'Liste des clubs affiliés', de: 'Liste der angeschlossenen Vereine', en: 'List of affiliated clubs' } },
    ],
    acceptedContentTypes: PDF_AND_SCANS,
    maxDocumentBytes: 5 * MiB,
    maxDocuments: 5,
  },
  {
    code: 'works-council-election',
    names: {
      fr: 'Élections sociales (délégation du personnel)',
      de: 'Sozialwahlen (Personaldelegation)',
      en: 'Works-council (staff delegation) election',
    },
    authority: 'ITM',
    requiredDocuments: [
      { code: 'headcount', names: { fr: 'Relevé des effectifs', de: 'Aufstellung der Belegschaft', en: 'Headcount statement' } },
      { code: 'election-notice', names: { fr: 'Avis d’élection affiché', de: 'Ausgehängte Wahlbekanntmachung', en: 'Posted election notice' } },
    ],
    acceptedContentTypes: ['application/pdf'],
    maxDocumentBytes: 2 * MiB,
    maxDocuments: 5,
  },
  {
    code: 'vocational-training-provider',
    names: {
      fr: 'Organisme de formation professionnelle continue',
      de: 'Anbieter beruflicher Weiterbildung',
      en: 'Continuing vocational training provider',
    },
    authority: 'MENJE',
    requiredDocuments: [
      { code: 'business-permit', names: { fr: 'Autorisation d’établissement', de: 'Niederlassungsgenehmigung', en: 'Business permit' } },
      { code: 'training-programme', names: { fr: 'Programme de formation', de: 'Schulungsprogramm', en: 'Training programme' } },
      { code: 'trainer-qualifications', names: { fr: 'Qualifications des formateurs', de: 'Qualifikationen der Ausbilder', en: 'Trainer qualifications' } },
    ],
    acceptedContentTypes: PDF_AND_SCANS,
    maxDocumentBytes: 5 * MiB,
    maxDocuments: 5,
  },
  {
    code: 'waste-collection',
    names: {
      fr: 'Collecte et transport de déchets',
      de: 'Sammlung und Transport von Abfällen',
      en: 'Waste collection and transport',
    },
    authority: 'AEV',
    requiredDocuments: [
      { code: 'vehicle-list', names: { fr: 'Liste des véhicules', de: 'Fahrzeugliste', en: 'List of vehicles' } },
      { code: 'insurance', names: { fr: 'Attestation d’assurance', de: 'Versicherungsnachweis', en: 'Insurance certificate' } },
    ],
    acceptedContentTypes: PDF_AND_SCANS,
    maxDocumentBytes: 5 * MiB,
    maxDocuments: 5,
  },
];

export function findActivityField(code: string): ActivityField | undefined {
  return ACTIVITY_FIELDS.find((field) => field.code === code);
}

export function findAuthority(code: string): Authority | undefined {
  return AUTHORITIES.find((authority) => authority.code === code);
}

/** Where an authority's staff are told about new requests and reminded of waiting ones. */
export function staffMailAddress(authorityCode: string, domain: string): string {
  const mailbox = findAuthority(authorityCode)?.staffMailbox ?? `certifications.${authorityCode.toLowerCase()}`;
  return `${mailbox}@${domain}`;
}

/** The largest JSON body a document upload can legitimately need (base64 is 4/3 of the bytes), plus room for the rest. */
export function maxDocumentUploadBodyBytes(): number {
  const largest = Math.max(...ACTIVITY_FIELDS.map((field) => field.maxDocuments * field.maxDocumentBytes));
  return Math.ceil((largest * 4) / 3) + 64 * 1024;
}
