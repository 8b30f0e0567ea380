// RFC 9457 problem+json for every error, with the stable `code` of API.md, and a title and a detail in the caller's
// language, both from the one i18n catalog.
import type { Context } from 'hono';
import { t, type MessageKey, type MessageParams } from '../i18n';
import { DEFAULT_LANGUAGE, type Language, type PermissionName, type permissionsForRole, type Permissions } from '../shared/domain';
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

/** 403 with the reason in the caller's language: a missing permission, the administrator role or a staff account. */
export function forbidden(reason: 'administrator' | 'staff', note: string): ProblemError;
export function forbidden(reason: 'permission', note: string, permission: PermissionName): ProblemError;
export function forbidden(reason: 'permission' | 'administrator' | 'staff', note: string, permission?: PermissionName): ProblemError {
  return new ProblemError('forbidden', note, {
    translatedDetail: {
      key: `problem.forbidden.${reason}`,
      ...(permission ? { params: (language: Language) => ({ permission: t(language, `permission.${permission}`) }) } : {}),
    },
  });
}

/**
 * The caller's `detail`, always from the catalog: the specific message, else the code's own detail (the failing
 * fields for validation, the wait for a limit), else — when its params are not at hand — the title.
 */
function detailOf(problem: ProblemError, language: Language): string {
  const { translatedDetail, errors, retryAfterSeconds } = problem.extra;
  if (translatedDetail) return t(language, translatedDetail.key, translatedParams(translatedDetail, language));
  if (problem.code === 'validation_failed' && errors && errors.length > 0) {
    return t(language, 'problem.validation_failed.fields', { fields: [...new Set(errors.map((error) => error.path))].join(', ') });
  }
  const own = typeof problem.extra.params === 'function' ? problem.extra.params(language) : problem.extra.params;
  try {
    return t(language, `problem.${problem.code}.detail` as MessageKey, { ...(retryAfterSeconds !== undefined ? { seconds: retryAfterSeconds } : {}), ...own });
  } catch {
    return t(language, `problem.${problem.code}.title` as MessageKey);
  }
}

/** The RFC 9457 document of a problem; `instance` is the request path where there is one. */
export function problemDocument(problem: ProblemError, language: Language = DEFAULT_LANGUAGE, instance?: string) {
  return {
    type: `https://spaces.example.lu/problems/${problem.code.replace(/_/g, '-')}`,
    title: t(language, `problem.${problem.code}.title` as MessageKey),
    status: problem.status,
    detail: detailOf(problem, language),
    code: problem.code,
    ...(instance !== undefined ? { instance } : {}),
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
    // RFC 9457 extension members (e.g. missingDocuments).
    ...problem.extra.extensions,
  };
}

export function problemResponse(c: Context, problem: ProblemError, language: Language = DEFAULT_LANGUAGE): Response {
  const body = problemDocument(problem, language, c.req.path);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(problem.extra.retryAfterSeconds);
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
