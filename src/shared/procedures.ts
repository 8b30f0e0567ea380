// The catalog of procedure types (the administrative transactions that the permissions R12–R14 govern), their
// sections, and how a procedure's language is chosen (R42–R45, with the R43 fallback).
// Pure data and functions: the API, the activities and the workflow bundle import it.
import type { Language } from './domain';
import type { SectionCode } from './sections';

// Sections (Rubriken) come from the mandates catalog (src/shared/sections.ts): one list of section codes.
export type Section = SectionCode;

export const PROCEDURE_STATUSES = ['draft', 'signed', 'submitted'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

/**
 * Form fields a procedure type may carry in its `data`. Labels live in the i18n catalog as
 * `procedure.field.<code>`, so the PDF shows them in the procedure language (R42).
 */
export const PROCEDURE_FIELDS = [
  'period',
  'turnover',
  'vatDue',
  'taxWithheld',
  'employeeCount',
  'grossSalaries',
  'contributionMonth',
  'surveyYear',
  'mainActivity',
  'electionDate',
  'seatsToFill',
  'athleteName',
  'discipline',
  'season',
  'jobTitle',
  'workplace',
] as const;
export type ProcedureField = (typeof PROCEDURE_FIELDS)[number];

export interface ProcedureType {
  code: string;
  section: Section;
  /** The languages the authority offers this procedure in (R43: not always all three). */
  languages: readonly Language[];
  /** Code of an activity field (src/shared/catalog.ts) the space must be certified for (R20). */
  requiresCertification?: string;
  /** The form fields of this type, in the order the PDF prints them. */
  fields: readonly ProcedureField[];
}

export const PROCEDURE_TYPES: readonly ProcedureType[] = [
  // Administration de l'enregistrement, des domaines et de la TVA: trilingual e-services.
  { code: 'vat-return', section: 'tax', languages: ['fr', 'de', 'en'], fields: ['period', 'turnover', 'vatDue'] },
  // Administration des contributions directes: its forms exist in French and German only.
  { code: 'withholding-tax-return', section: 'tax', languages: ['fr', 'de'], fields: ['period', 'employeeCount', 'grossSalaries', 'taxWithheld'] },
  // Centre commun de la sécurité sociale: monthly declaration of employees' salaries.
  {
    code: 'employee-declaration',
    section: 'social-security',
    languages: ['fr', 'de', 'en'],
    fields: ['contributionMonth', 'employeeCount', 'grossSalaries'],
  },
  // STATEC survey forms exist in French and English only.
  { code: 'structural-business-survey', section: 'statistics', languages: ['fr', 'en'], fields: ['surveyYear', 'mainActivity', 'employeeCount', 'turnover'] },
  // Labour inspectorate: only in the legal languages French and German; needs the works-council certification.
  {
    code: 'works-council-election-notice',
    section: 'employment',
    languages: ['fr', 'de'],
    requiresCertification: 'works-council-election',
    fields: ['electionDate', 'employeeCount', 'seatsToFill'],
  },
  // ADEM: declaring a vacancy is trilingual.
  { code: 'job-vacancy-declaration', section: 'employment', languages: ['fr', 'de', 'en'], fields: ['jobTitle', 'workplace', 'period'] },
  // Ministry of Sport: licences only for approved federations, in French and German.
  {
    code: 'sports-federation-licence',
    section: 'associations',
    languages: ['fr', 'de'],
    requiresCertification: 'sports-federation',
    fields: ['athleteName', 'discipline', 'season'],
  },
];

export function findProcedureType(code: string): ProcedureType | undefined {
  return PROCEDURE_TYPES.find((type) => type.code === code);
}

/**
 * R43: when a type is not offered in the wanted language, the first offered language in this order is used.
 * French first: it is the portal's default language (R41) and the language of Luxembourg's legislation, so every
 * authority offers it; then German, the other administrative language; English last, as a courtesy language.
 */
export const PROCEDURE_LANGUAGE_FALLBACK_ORDER: readonly Language[] = ['fr', 'de', 'en'];

export interface ProcedureLanguageChoice {
  language: Language;
  /** Set when the wanted language was not offered (R43). */
  fallback: { requested: Language; used: Language } | null;
}

/**
 * R44–R46, the one home of "which language does this space speak": the space's procedure language (from the
 * company profile, or fixed by its first procedure), else — until that first procedure — the given person's
 * language. Mails, letters and procedures all ask here.
 */
export function spaceLanguage(space: { procedureLanguage: Language | null }, personLanguage: Language): Language {
  return space.procedureLanguage ?? personLanguage;
}

/**
 * R43 on top of R44/R45: the wanted language (the owning space's, see spaceLanguage) when the type is offered in it,
 * else the first offered language in PROCEDURE_LANGUAGE_FALLBACK_ORDER.
 */
export function chooseProcedureLanguage(type: ProcedureType, requested: Language): ProcedureLanguageChoice {
  if (type.languages.includes(requested)) return { language: requested, fallback: null };
  const used = PROCEDURE_LANGUAGE_FALLBACK_ORDER.find((language) => type.languages.includes(language)) ?? type.languages[0]!;
  return { language: used, fallback: { requested, used } };
}

/** Procedure notifications by mail (R42). */
export const PROCEDURE_EVENTS = ['signed', 'submitted'] as const;
export type ProcedureEvent = (typeof PROCEDURE_EVENTS)[number];

export const procedureNotificationWorkflowId = (procedureId: string, event: ProcedureEvent) => `procedure-${procedureId}-${event}`;

export interface ProcedureNotificationInput {
  procedureId: string;
  event: ProcedureEvent;
}
