// Mandates and activation codes (R22–R38): statuses, what a mandate covers, how codes look and are typed, and the
// limits the administration sets. Pure: the use-cases and the mandate workflow apply these.
import { DomainError } from './errors';
export const MANDATE_STATUSES = ['requested', 'dispatched', 'active', 'revoked', 'expired', 'ended'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];
export const CLOSED_MANDATE_STATUSES = ['revoked', 'expired', 'ended'] as const satisfies readonly MandateStatus[];

/** R24: what a mandate covers. At least one is true. */
export interface MandateScope {
  /** The delegate may start, edit, sign and submit procedures of every type of the mandate's section for the mandator (R35). */
  procedures: boolean;
  /** The delegate may consult the mandator's company, certifications and procedures of the section (R28). */
  dataConsultation: boolean;
}

export const ACTIVATION_CODE_KINDS = ['holder', 'delegate'] as const;
export type ActivationCodeKind = (typeof ACTIVATION_CODE_KINDS)[number];
export const ACTIVATION_CODE_STATUSES = ['issued', 'used', 'void', 'expired'] as const;
export type ActivationCodeStatus = (typeof ACTIVATION_CODE_STATUSES)[number];
export const DELEGATION_STATUSES = ['active', 'ended'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
export const LETTER_STATUSES = ['printed', 'dispatched'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/**
 * Activation codes: 12 symbols without look-alikes (no 0/O, 1/I/L), printed XXXX-XXXX-XXXX. Without those five,
 * digits and Latin capitals leave 31 symbols (12 × log2 31 ≈ 59.4 bits).
 */
export const ACTIVATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACTIVATION_CODE_LENGTH = 12;

/** Case- and dash-insensitive (R29 letters print dashes; people type what they like). Undefined when malformed. */
export function normalizeActivationCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== ACTIVATION_CODE_LENGTH) return undefined;
  for (const symbol of compact) if (!ACTIVATION_CODE_ALPHABET.includes(symbol)) return undefined;
  return compact;
}

export function formatActivationCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)!.join('-');
}

/** Brute-force limit on code entry: this many failures per space within the window, then 429. */
export const ACTIVATION_FAILURE_LIMIT = 5;
export const ACTIVATION_FAILURE_WINDOW_MS = 60 * 60 * 1000;

/**
 * The wrong-code limit of every code by post (activation codes, administrator claims), one home: 429 with the wait
 * until the oldest failure of a full scope leaves the window; nothing while every scope has guesses left.
 */
export function requireAttemptsLeft(scopes: { what: string; count: number; oldest: Date | null }[], nowMs = Date.now()): void {
  for (const { what, count, oldest } of scopes) {
    if (count >= ACTIVATION_FAILURE_LIMIT) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((oldest?.getTime() ?? nowMs) + ACTIVATION_FAILURE_WINDOW_MS - nowMs) / 1000));
      throw new DomainError('too_many_attempts', `Too many wrong codes ${what}; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
  }
}
/** R34: an end date of use lies at most this far ahead. */
export const MANDATE_MAX_YEARS = 25;

/**
 * R34, the one home of the end-date rule (API pre-check and workflow validator): in the future and at most
 * MANDATE_MAX_YEARS calendar years after `now`. Pure (the workflow passes its own Date.now()).
 */
export function isAllowedMandateEndDate(endDateMs: number, nowMs: number): boolean {
  const limit = new Date(nowMs);
  limit.setUTCFullYear(limit.getUTCFullYear() + MANDATE_MAX_YEARS);
  return Number.isFinite(endDateMs) && endDateMs > nowMs && endDateMs <= limit.getTime();
}
/** R34 as the API and the workflow's validator word a refusal. */
export const MANDATE_END_DATE_RULE = `must lie in the future and at most ${MANDATE_MAX_YEARS} years ahead`;
/** Delegate codes per access request or code change. */
export const MAX_DELEGATE_CODES = 20;

/** Why an end date of use is refused, if it is (R34 and the administration's ceiling). */
export type EndDateRefusal = 'validation_failed' | 'end_date_beyond_administration' | 'end_date_before_deadline';

/**
 * R34 and the trust rules, one home: an end date (null: none) lies in the future, within MANDATE_MAX_YEARS, after the
 * activation deadline, and — once the administration set one — no later than the administration's (nor absent).
 */
export function endDateRefusal(endDateMs: number | null, context: { nowMs: number; activationDeadlineMs: number; administrationEndDateMs: number | null }): EndDateRefusal | undefined {
  if (endDateMs === null) return context.administrationEndDateMs === null ? undefined : 'end_date_beyond_administration';
  if (!isAllowedMandateEndDate(endDateMs, context.nowMs)) return 'validation_failed';
  if (endDateMs <= context.activationDeadlineMs) return 'end_date_before_deadline';
  if (context.administrationEndDateMs !== null && endDateMs > context.administrationEndDateMs) return 'end_date_beyond_administration';
  return undefined;
}
