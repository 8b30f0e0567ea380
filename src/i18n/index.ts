// One translation catalog (FR/DE/EN) for mails, letters, PDFs and API messages.
// Pure code: no I/O, no Node built-ins — Temporal workflow code may import this module.
import type { Language } from '../shared/domain';
import { de } from './messages/de';
import { en, type MessageKey } from './messages/en';
import { fr } from './messages/fr';

export type { MessageKey } from './messages/en';

export type MessageParams = Record<string, string | number>;

export const catalogs: Record<Language, Record<MessageKey, string>> = { fr, de, en };

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/** The distinct placeholder names of a template, sorted (e.g. ['companyName', 'spaceName']). */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] as string);
  return [...names].sort();
}

/**
 * Translates `key` into `lang` and fills its `{placeholders}` from `params`.
 * Throws when the template has a placeholder without a param (a bug we want to see);
 * params the template does not use are ignored.
 */
export function t(lang: Language, key: MessageKey, params?: MessageParams): string {
  const catalog = catalogs[lang];
  if (catalog === undefined) throw new Error(`i18n: unknown language "${String(lang)}"`);
  const template = catalog[key];
  if (template === undefined) throw new Error(`i18n: unknown message key "${String(key)}"`);
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = params !== undefined && Object.prototype.hasOwnProperty.call(params, name)
      ? params[name]
      : undefined;
    if (value === undefined || value === null) {
      throw new Error(`i18n: missing param "${name}" for "${key}" (${lang})`);
    }
    return String(value);
  });
}

export const TIME_ZONE = 'Europe/Luxembourg';

const LOCALES: Record<Language, string> = { fr: 'fr-LU', de: 'de-LU', en: 'en-GB' };

const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

function dateTimeFormat(lang: Language): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(lang, format);
  }
  return format;
}

/**
 * Date and time in Luxembourg time with the zone name, e.g.
 * fr "15 janvier 2025 à 15:30 UTC+1", de "15. Januar 2025 um 15:30 MEZ",
 * en "15 January 2025 at 15:30 CET" (exact zone names depend on the ICU data).
 * Throws a RangeError for an invalid date.
 */
export function formatDateTime(lang: Language, date: Date | string): string {
  const value = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) {
    throw new RangeError(`i18n: invalid date ${JSON.stringify(String(date))}`);
  }
  return dateTimeFormat(lang).format(value);
}
