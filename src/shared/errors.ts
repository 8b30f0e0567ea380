// Stable machine-readable error codes of the HTTP contract (API.md) and the HTTP status each maps to.
// Workflows raise them as ApplicationFailure types (update validators), the API turns them into problem+json.
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
  // Operators (codec server, metrics)
  operator_required: 403,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DOMAIN_ERRORS, value);
}
