// The catalog of procedure types (the administrative transactions that the permissions R12–R14 govern), their
// sections, and how a procedure's language is chosen (R42–R45, with the R43 fallback).
// Pure data and functions: the API, the activities and the workflow bundle import it.
import type { Language } from './language';
import type { SectionCode } from './sections';

// Sections (Rubriken) come from the mandates catalog (src/domain/sections.ts): one list of section codes.
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

/** What each field holds: a number (amounts, counts, years), a calendar date, or text. */
export const PROCEDURE_FIELD_KINDS: Record<ProcedureField, 'text' | 'number' | 'date'> = {
  period: 'text',
  turnover: 'number',
  vatDue: 'number',
  taxWithheld: 'number',
  employeeCount: 'number',
  grossSalaries: 'number',
  contributionMonth: 'text',
  surveyYear: 'number',
  mainActivity: 'text',
  electionDate: 'date',
  seatsToFill: 'number',
  athleteName: 'text',
  discipline: 'text',
  season: 'text',
  jobTitle: 'text',
  workplace: 'text',
};

export interface ProcedureType {
  code: string;
  section: Section;
  /** The languages the authority offers this procedure in (R43: not always all three). */
  languages: readonly Language[];
  /** Code of an activity field (src/domain/certification.ts) the space must be certified for (R20). */
  requiresCertification?: string;
  /** The form fields of this type, in the order the PDF prints them. */
  fields: readonly ProcedureField[];
  /** The fields a procedure of this type must carry before it is signed or submitted. */
  requiredFields: readonly ProcedureField[];
}

export const PROCEDURE_TYPES: readonly ProcedureType[] = [
  // Administration de l'enregistrement, des domaines et de la TVA: trilingual e-services.
  { code: 'vat-return', section: 'tax', languages: ['fr', 'de', 'en'], fields: ['period', 'turnover', 'vatDue'], requiredFields: ['period', 'turnover', 'vatDue'] },
  // Administration des contributions directes: its forms exist in French and German only.
  { code: 'withholding-tax-return', section: 'tax', languages: ['fr', 'de'], fields: ['period', 'employeeCount', 'grossSalaries', 'taxWithheld'], requiredFields: ['period', 'employeeCount', 'grossSalaries', 'taxWithheld'] },
  // Centre commun de la sécurité sociale: monthly declaration of employees' salaries.
  {
    code: 'employee-declaration',
    section: 'social-security',
    languages: ['fr', 'de', 'en'],
    fields: ['contributionMonth', 'employeeCount', 'grossSalaries'], requiredFields: ['contributionMonth', 'employeeCount', 'grossSalaries'],
  },
  // STATEC survey forms exist in French and English only.
  { code: 'structural-business-survey', section: 'statistics', languages: ['fr', 'en'], fields: ['surveyYear', 'mainActivity', 'employeeCount', 'turnover'], requiredFields: ['surveyYear', 'mainActivity', 'employeeCount', 'turnover'] },
  // Labour inspectorate: only in the legal languages French and German; needs the works-council certification.
  {
    code: 'works-council-election-notice',
    section: 'employment',
    languages: ['fr', 'de'],
    requiresCertification: 'works-council-election',
    fields: ['electionDate', 'employeeCount', 'seatsToFill'], requiredFields: ['electionDate', 'employeeCount', 'seatsToFill'],
  },
  // ADEM: declaring a vacancy is trilingual.
  { code: 'job-vacancy-declaration', section: 'employment', languages: ['fr', 'de', 'en'], fields: ['jobTitle', 'workplace', 'period'], requiredFields: ['jobTitle', 'workplace'] },
  // Ministry of Sport: licences only for approved federations, in French and German.
  {
    code: 'sports-federation-licence',
    section: 'associations',
    languages: ['fr', 'de'],
    requiresCertification: 'sports-federation',
    fields: ['athleteName', 'discipline', 'season'], requiredFields: ['athleteName', 'discipline', 'season'],
  },
];

export function findProcedureType(code: string): ProcedureType | undefined {
  return PROCEDURE_TYPES.find((type) => type.code === code);
}

/** Procedure notifications by mail (R42). */
export const PROCEDURE_EVENTS = ['signed', 'submitted'] as const;
export type ProcedureEvent = (typeof PROCEDURE_EVENTS)[number];

export const procedureNotificationWorkflowId = (procedureId: string, event: ProcedureEvent) => `procedure-${procedureId}-${event}`;

export interface ProcedureNotificationInput {
  procedureId: string;
  event: ProcedureEvent;
}

/** The required fields a procedure's data lacks (absent or blank), in the type's order. */
export function missingRequiredFields(type: ProcedureType, data: Readonly<Record<string, string | number | boolean>>): ProcedureField[] {
  return type.requiredFields.filter((field) => data[field] === undefined || (typeof data[field] === 'string' && (data[field] as string).trim() === ''));
}
