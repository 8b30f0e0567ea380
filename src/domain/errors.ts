// Stable machine-readable error codes of the HTTP contract (API.md), the HTTP status each maps to, and the one
// error a use-case throws when a rule refuses. Workflows raise the same codes as ApplicationFailure types (update
// validators, src/domain/failures.ts); the API renders a DomainError as problem+json and the pages as HTML, both
// with the catalog's texts in the reader's language. Pure: no texts here, only message keys.
import type { PermissionName, permissionsForRole, Permissions, Refusal } from './access';
import type { Language } from './language';
export const DOMAIN_ERRORS = {
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  internal_error: 500,
  service_unavailable: 503,
  already_invited: 409,
  already_member: 409,
  certificate_mismatch: 403,
  invitation_not_pending: 409,
  last_administrator: 409,
  procedure_language_fixed: 409,
  resend_too_soon: 429,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  // Hostile or oversized input (issue 15): each a problem+json, never Node's bare answer or a 500.
  document_too_large: 422,
  headers_too_large: 431,
  uri_too_long: 414,
  bad_request: 400,
  request_timeout: 408,
  already_certified: 409,
  certification_pending: 409,
  already_decided: 409,
  information_not_requested: 409,
  // Procedures (R20, R35, issue 6)
  certification_required: 403,
  mandate_required: 403,
  procedure_not_draft: 409,
  procedure_not_signed: 409,
  invalid_code: 422,
  code_expired: 410,
  code_already_used: 409,
  holder_code_already_active: 409,
  too_many_attempts: 429,
  mandate_not_active: 409,
  data_consultation_not_granted: 403,
  missing_documents: 422,
  // Trust rules (issue 10)
  company_not_registered: 422,
  cannot_grant: 403,
  // Identity and trust, second round (issue 20)
  end_date_beyond_administration: 422,
  end_date_before_deadline: 422,
  procedure_incomplete: 422,
  // Hardening (issue 24): letters to one company and mails to one recipient are limited
  too_many_requests: 429,
  // Administrator recovery (issue 21)
  claim_open: 409,
  claim_closed: 409,
  claim_expired: 410,
  // Webhooks (issue 23)
  webhook_url_refused: 422,
  webhook_disabled: 409,
  // Operators (codec server, metrics)
  operator_required: 403,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DOMAIN_ERRORS, value);
}

export interface FieldError {
  path: string;
  /** In English, for logs and where no catalog text exists; the reader gets `key` in their language. */
  message: string;
  /** A `validation.*` catalog key with its params: the message as the reader's language says it. */
  key?: string;
  params?: Record<string, string | number>;
}

/** A catalog message to put into a parameter, translated where the detail is (e.g. a permission's name). */
export interface MessageRef {
  message: string;
}
export type DetailParams = Record<string, string | number | MessageRef>;

/** A detail from the catalog; params that are themselves words (a status, a name) are given per language. */
export interface TranslatedDetail {
  key: string;
  params?: DetailParams | ((language: Language) => DetailParams);
}

/** What a rule throws when it refuses: the API answers it as problem+json, the pages as an error on the page. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** A note for logs and developers, in English. Callers never see it: their `detail` comes from the catalog. */
    readonly note?: string,
    /**
     * `translatedDetail`: a specific catalog message instead of the code's `problem.<code>.detail`; `params` fill
     * the code's own detail (e.g. {activityFieldName}).
     */
    readonly extra: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      translatedDetail?: TranslatedDetail;
      params?: TranslatedDetail['params'];
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(note ?? code);
  }
  get status(): number {
    return DOMAIN_ERRORS[this.code];
  }
}

/** A rule's refusal (src/domain/access.ts) as the error of this request; nothing when the rule allows. */
export function refuseWith(refusal: Refusal | undefined, extra: DomainError['extra'] = {}): void {
  if (refusal) throw new DomainError(refusal.code, refusal.message, { ...(refusal.detail ? { translatedDetail: refusal.detail } : {}), ...extra });
}

/** 422 validation_failed naming the offending fields. */
export function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
}

/** The permissions a role preset allows (permissionsForRole, permissionsAfterChange), or 422 naming the flag. */
export function allowedPermissions(resolved: ReturnType<typeof permissionsForRole>): Permissions {
  if (resolved.ok) return resolved.permissions;
  throw invalid([{ path: `permissions.${resolved.field}`, message: resolved.reason }]);
}

export const notFound = (what = 'The resource') => new DomainError('not_found', `${what} does not exist or is not visible to you.`);

/** 403 with the reason in the caller's language: a missing permission, the administrator role or a staff account. */
export function forbidden(reason: 'administrator' | 'staff', note: string): DomainError;
export function forbidden(reason: 'permission', note: string, permission: PermissionName): DomainError;
export function forbidden(reason: 'permission' | 'administrator' | 'staff', note: string, permission?: PermissionName): DomainError {
  return new DomainError('forbidden', note, {
    translatedDetail: { key: `problem.forbidden.${reason}`, ...(permission ? { params: { permission: { message: `permission.${permission}` } } } : {}) },
  });
}
