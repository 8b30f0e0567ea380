// Sections (Rubriken) of the professional data: what a mandate and a holder code are for (R22–R24, R29).
// Pure data: workflow code and the procedures catalog import it. Codes are stable contract values. Which
// procedure types a section covers is said once, by each type's `section` in src/domain/procedures.ts.
import type { Language } from './language';

export interface Section {
  code: SectionCode;
  names: Record<Language, string>;
  /** The administering authority (the `staff` claim of its staff): only its staff change this section's mandates. */
  authority: string;
}

export const SECTION_CODES = ['tax', 'social-security', 'statistics', 'employment', 'associations'] as const;
export type SectionCode = (typeof SECTION_CODES)[number];

export const SECTIONS: readonly Section[] = [
  {
    code: 'tax',
    authority: 'ACD',
    names: { fr: 'Données fiscales', de: 'Steuerdaten', en: 'Tax data' },
  },
  {
    code: 'social-security',
    authority: 'CCSS',
    names: { fr: 'Déclarations de sécurité sociale', de: 'Sozialversicherungserklärungen', en: 'Social-security declarations' },
  },
  {
    code: 'statistics',
    authority: 'STATEC',
    names: { fr: 'Statistiques', de: 'Statistiken', en: 'Statistics' },
  },
  {
    code: 'employment',
    authority: 'ADEM',
    names: { fr: 'Emploi', de: 'Beschäftigung', en: 'Employment' },
  },
  {
    code: 'associations',
    authority: 'LBR',
    names: { fr: 'Associations et fondations', de: 'Vereinigungen und Stiftungen', en: 'Associations and foundations' },
  },
];

export function findSection(code: string): Section | undefined {
  return SECTIONS.find((section) => section.code === code);
}
