// RFC 9457 problem+json for every error, with the stable `code` of API.md and a title in the caller's language.
import type { Context } from 'hono';
import { t, type MessageKey, type MessageParams } from '../i18n';
import { DEFAULT_LANGUAGE, type Language, type permissionsForRole, type Permissions } from '../shared/domain';
import { DOMAIN_ERRORS, type DomainErrorCode } from '../shared/errors';
import type { Refusal } from '../shared/rules';

export interface FieldError {
  path: string;
  message: string;
}

/** A detail from the catalog; params that are themselves words (a status, a name) are given per language. */
export interface TranslatedDetail {
  key: MessageKey;
  params?: MessageParams | ((language: Language) => MessageParams);
}

const translatedParams = (detail: TranslatedDetail, language: Language) => (typeof detail.params === 'function' ? detail.params(language) : detail.params);

/** Thrown anywhere in a handler; the app's error handler renders it. */
export class ProblemError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly detail?: string,
    /** `translatedDetail`: a catalog message rendered in the caller's language instead of `detail`. */
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; translatedDetail?: TranslatedDetail } = {},
  ) {
    super(detail ?? code);
  }
  get status(): number {
    return DOMAIN_ERRORS[this.code];
  }
}

/** A shared rule's refusal (src/shared/rules.ts) as this request's problem; nothing when the rule allows. */
export function refuseWith(refusal: Refusal | undefined, extra: ProblemError['extra'] = {}): void {
  if (refusal) throw new ProblemError(refusal.code, refusal.message, extra);
}

/** The permissions a role preset allows (permissionsForRole, permissionsAfterChange), or 422 naming the flag. */
export function allowedPermissions(resolved: ReturnType<typeof permissionsForRole>): Permissions {
  if (resolved.ok) return resolved.permissions;
  const path = `permissions.${resolved.field}`;
  throw new ProblemError('validation_failed', `${path}: ${resolved.reason}`, { errors: [{ path, message: resolved.reason }] });
}

export const notFound = (what = 'The resource') => new ProblemError('not_found', `${what} does not exist or is not visible to you.`);
export const forbidden = (detail: string) => new ProblemError('forbidden', detail);

/** The RFC 9457 document of a problem; `instance` is the request path where there is one. */
export function problemDocument(problem: ProblemError, language: Language = DEFAULT_LANGUAGE, instance?: string) {
  return {
    type: `https://spaces.example.lu/problems/${problem.code.replace(/_/g, '-')}`,
    title: t(language, `problem.${problem.code}.title` as MessageKey),
    status: problem.status,
    detail: problem.extra.translatedDetail
      ? t(language, problem.extra.translatedDetail.key, translatedParams(problem.extra.translatedDetail, language))
      : (problem.detail ?? t(language, `problem.${problem.code}.title` as MessageKey)),
    code: problem.code,
    ...(instance !== undefined ? { instance } : {}),
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
  };
}

export function problemResponse(c: Context, problem: ProblemError, language: Language = DEFAULT_LANGUAGE): Response {
  const body = problemDocument(problem, language, c.req.path);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(problem.extra.retryAfterSeconds);
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
