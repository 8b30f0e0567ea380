// Languages (R39–R46): the portal's three, the browser's choice on first contact, and which language a space and
// its procedures speak. Pure: workflows, mails, letters and pages all ask here.
/** Languages of the portal (R39). French is the default (R41). */
export const LANGUAGES = ['fr', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** R41: the browser language when it is one of ours (q-values honoured), else French. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLanguage) ?? DEFAULT_LANGUAGE;
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
export function chooseProcedureLanguage(type: { languages: readonly Language[] }, requested: Language): ProcedureLanguageChoice {
  if (type.languages.includes(requested)) return { language: requested, fallback: null };
  const used = PROCEDURE_LANGUAGE_FALLBACK_ORDER.find((language) => type.languages.includes(language)) ?? type.languages[0]!;
  return { language: used, fallback: { requested, used } };
}

