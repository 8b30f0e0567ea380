// RFC 9457 problem documents: a DomainError (or a failure of a dependency) as the API answers it and the pages show
// it, with the stable `code` of API.md and a title and a detail in the reader's language from the one catalog.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { t, type MessageKey, type MessageParams } from './i18n';
import { DEFAULT_LANGUAGE, type Language } from '../domain/language';
import { DomainError, type TranslatedDetail } from '../domain/errors';
import { isDatabaseUnavailable } from './db/client';

function translatedParams(detail: TranslatedDetail['params'], language: Language): MessageParams | undefined {
  const params = typeof detail === 'function' ? detail(language) : detail;
  if (!params) return undefined;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? t(language, value.message as MessageKey) : value]));
}

/**
 * The reader's `detail`, always from the catalog: the specific message, else the code's own detail (the failing
 * fields for validation, the wait for a limit), else — when its params are not at hand — the title.
 */
function detailOf(problem: DomainError, language: Language): string {
  const { translatedDetail, errors, retryAfterSeconds } = problem.extra;
  if (translatedDetail) return t(language, translatedDetail.key as MessageKey, translatedParams(translatedDetail.params, language));
  if (problem.code === 'validation_failed' && errors && errors.length > 0) {
    return t(language, 'problem.validation_failed.fields', { fields: [...new Set(errors.map((error) => error.path))].join(', ') });
  }
  try {
    return t(language, `problem.${problem.code}.detail` as MessageKey, { ...(retryAfterSeconds !== undefined ? { seconds: retryAfterSeconds } : {}), ...translatedParams(problem.extra.params, language) });
  } catch {
    return t(language, `problem.${problem.code}.title` as MessageKey);
  }
}

/** The RFC 9457 document of a problem; `instance` is the request path where there is one. */
export function problemDocument(problem: DomainError, language: Language = DEFAULT_LANGUAGE, instance?: string) {
  return {
    type: `https://spaces.example.lu/problems/${problem.code.replace(/_/g, '-')}`,
    title: t(language, `problem.${problem.code}.title` as MessageKey),
    status: problem.status,
    detail: detailOf(problem, language),
    code: problem.code,
    ...(instance !== undefined ? { instance } : {}),
    ...(problem.extra.errors ? { errors: problem.extra.errors.map((error) => ({ path: error.path, message: error.key ? t(language, error.key as MessageKey, error.params) : error.message })) } : {}),
    // RFC 9457 extension members (e.g. missingDocuments).
    ...problem.extra.extensions,
  };
}

export type ProblemDocument = ReturnType<typeof problemDocument>;

export function problemResponse(c: Context, problem: DomainError, language: Language = DEFAULT_LANGUAGE): Response {
  const body = problemDocument(problem, language, c.req.path);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(problem.extra.retryAfterSeconds);
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}

function isTemporalUnavailable(error: unknown): boolean {
  // The answer deadline passed (an overloaded or unreachable server): the process itself goes on.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ServiceError|UNAVAILABLE|DEADLINE_EXCEEDED|Connection refused|transport/i.test(text) && !(error instanceof DomainError);
}

/** A value the database refuses (SQLSTATE class 22) is the caller's input, not our failure. */
function isDataException(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * What any error means for the reader, for the API and the pages alike: a rule's refusal as it is, the caller's
 * bad input (422), a dependency that is away (503, try again); undefined for a failure of ours (500).
 */
export function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof HTTPException) {
    const code = error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : 'validation_failed';
    return new DomainError(code, error.message || undefined);
  }
  if (error instanceof SyntaxError) return new DomainError('validation_failed', 'The body is not valid JSON.', { errors: [{ path: '(body)', message: 'invalid JSON' }] });
  if (isDataException(error)) return new DomainError('validation_failed', 'A value in the request cannot be stored.');
  if (isDatabaseUnavailable(error)) return new DomainError('service_unavailable', 'The database is unavailable; try again shortly.', { retryAfterSeconds: 5 });
  if (isTemporalUnavailable(error)) return new DomainError('service_unavailable', 'The process engine is unavailable; try again shortly.', { retryAfterSeconds: 5 });
  return undefined;
}
