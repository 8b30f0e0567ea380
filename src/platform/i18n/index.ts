// One translation catalog (FR/DE/EN) for mails, letters, PDFs and API messages.
// Pure code: no I/O, no Node built-ins — Temporal workflow code may import this module.
import type { Language } from '../../domain/language';
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

const dateFormats = new Map<Language, Intl.DateTimeFormat>();
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function dateFormat(lang: Language): Intl.DateTimeFormat {
  let format = dateFormats.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
    dateFormats.set(lang, format);
  }
  return format;
}

function instant(date: Date | string): Date {
  const value = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) {
    throw new RangeError(`i18n: invalid date ${JSON.stringify(String(date))}`);
  }
  return value;
}

/**
 * The Luxembourg calendar day of an instant, as a date: fr "1er décembre 2027", de "1. Dezember 2027",
 * en "1 December 2027" (French writes the first of the month as an ordinal). Throws a RangeError for an invalid date.
 */
export function formatDate(lang: Language, date: Date | string): string {
  const text = dateFormat(lang).format(instant(date));
  return lang === 'fr' ? text.replace(/^1(?=\s)/, '1er') : text;
}

/**
 * Date and time in Luxembourg time, with the one way the catalog names that zone, e.g.
 * fr "15 janvier 2025 à 15:30 (heure de Luxembourg)", de "15. Januar 2025 um 15:30 Uhr (Luxemburger Zeit)".
 * Throws a RangeError for an invalid date.
 */
export function formatDateTime(lang: Language, date: Date | string): string {
  const value = instant(date);
  return t(lang, 'date.dateTime', { date: formatDate(lang, value), time: timeFormat.format(value) });
}

/** Minutes east of UTC of Luxembourg time at that instant (60 in winter, 120 in summer). */
const wallClockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function luxembourgOffsetMinutes(at: Date): number {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(at).map((part) => [part.type, part.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The last millisecond of a calendar day (YYYY-MM-DD) in Luxembourg time: what an end date given as a date means. */
export function endOfLuxembourgDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`i18n: not a calendar date ${JSON.stringify(day)}`);
  const wallClock = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
  // Luxembourg changes its clocks at 01:00 UTC, never near midnight: the offset of the guess is the day's.
  return new Date(wallClock - luxembourgOffsetMinutes(new Date(wallClock)) * 60_000);
}

/** True when the instant is the last millisecond of a Luxembourg day (a deadline given as a date). */
export function isEndOfLuxembourgDay(date: Date): boolean {
  const local = new Date(date.getTime() + luxembourgOffsetMinutes(date) * 60_000);
  return local.getUTCHours() === 23 && local.getUTCMinutes() === 59 && local.getUTCSeconds() === 59 && local.getUTCMilliseconds() === 999;
}

/** A deadline: its day when it ends with that day, else with its time (a deadline counted from a moment). */
export function formatDeadline(lang: Language, date: Date | string): string {
  const value = instant(date);
  return isEndOfLuxembourgDay(value) ? formatDate(lang, value) : formatDateTime(lang, value);
}

const countryNames = new Map<Language, Intl.DisplayNames>();

/** An ISO 3166-1 alpha-2 code as the country's name in the language (LU → Luxembourg, Luxemburg). */
export function countryName(lang: Language, code: string): string {
  let names = countryNames.get(lang);
  if (names === undefined) {
    names = new Intl.DisplayNames([LOCALES[lang]], { type: 'region' });
    countryNames.set(lang, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
