// createApp: the whole HTTP API, built from its dependencies (database, Temporal client, config, logger).
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { requestId } from 'hono/request-id';
import { bodyLimit } from 'hono/body-limit';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable } from './platform/db/client';
import type { Context } from 'hono';
import type { Language } from './domain/language';
import { authenticate, createTokenVerifier, ensurePersonForProblem, withPerson } from './platform/http/auth';
import { languageFromAcceptLanguage } from './domain/language';
import type { AppDependencies } from './platform/requester';
import type { AppEnv } from './platform/http/env';
import { jsonBodyGuard } from './platform/http/body';
import { catalogRoutes } from './features/certification/catalog-http';
import { certificationRoutes } from './features/certification/http';
import { companyRoutes } from './features/register/http';
import { documentBodyLimit } from './features/certification/documents';
import { docsRoutes } from './platform/http/docs';
import { eventRoutes } from './features/timeline/http';
import { healthRoutes } from './platform/http/health';
import { invitationRoutes } from './features/invitations/http';
import { mandateRoutes } from './features/mandates/http';
import { mandatorRoutes } from './features/mandators/http';
import { codecCors, codecRoutes, operatorOnly } from './platform/http/operators';
import { createHttpMetrics, metricsRoutes } from './platform/http/metrics';
import { meRoutes } from './features/people/http';
import { memberRoutes } from './features/members/http';
import { procedureRoutes } from './features/procedures/http';
import { ANSWER_DEADLINE_MS } from './platform/temporal/updates';
import { DomainError } from './domain/errors';
import { problemResponse } from './platform/problem';
import { createRouter } from './platform/http/router';
import { spaceRoutes } from './features/spaces/http';
import { staffRoutes } from './features/certification/staff-http';
import { createPages, notFoundDocument, PAGE_MISS } from './features/pages';
import { pageCallerOf } from './platform/http/auth';

function isTemporalUnavailable(error: unknown): boolean {
  // The answer deadline passed (an overloaded or unreachable server): the process itself goes on.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ServiceError|UNAVAILABLE|DEADLINE_EXCEEDED|Connection refused|transport/i.test(text) && !(error instanceof DomainError);
}

export function createApp(deps: AppDependencies) {
  const checks = deps.checks ?? {
    database: async () => {
      await deps.db.execute(sql`select 1`);
    },
    temporal: async () => {
      await deps.temporal.client.connection.workflowService.getSystemInfo({});
    },
  };
  const fullDeps: AppDependencies = { ...deps, checks };
  const verify = createTokenVerifier(deps.config.auth);
  const app = createRouter();

  app.use('*', requestId());
  const httpMetrics = createHttpMetrics();
  app.use('*', httpMetrics.middleware);
  app.use('*', async (c, next) => {
    const log = deps.logger.child({ requestId: c.get('requestId') });
    c.set('deps', fullDeps);
    c.set('log', log);
    c.set('answerBy', Date.now() + ANSWER_DEADLINE_MS);
    const started = performance.now();
    await next();
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round((performance.now() - started) * 10) / 10 }, 'request');
  });

  // A URL longer than any this API issues is refused before routing (the parser bounds it at MAX_HEADER_BYTES).
  app.use('*', async (c, next) => {
    if (c.req.url.length > MAX_URL_LENGTH) throw new DomainError('uri_too_long', `The request address exceeds ${MAX_URL_LENGTH} characters.`);
    await next();
  });

  // The caller's language: the profile's (R40), else — before a person is known, e.g. a 401 — the browser's (R41).
  const callerLanguage = (c: Context<AppEnv>): Language => c.get('person')?.language ?? languageFromAcceptLanguage(c.req.header('accept-language'));
  // Pages for people (src/pages): a browser's request (no bearer token) goes to the pages first, before the
  // token check; a path they do not serve falls through to the API. They call the API routes in-process.
  const pages = createPages(fullDeps, (request, env) => Promise.resolve(app.fetch(request, env)), { bodyLimit: requestBodyLimit });
  app.use('*', async (c, next) => {
    if (!wantsPage(c.req.raw, c.env)) return next();
    const response = await pages.fetch(c.req.raw, c.env);
    if (response.headers.has(PAGE_MISS)) return next();
    return response;
  });

  // Authentication first: a caller without a valid token gets 401 before its body is read, parsed or validated.
  // The caller's person is registered on first contact.
  for (const prefix of PROTECTED_PREFIXES) {
    app.use(prefix, authenticate(verify), withPerson);
  }
  // Operators: the codec server of the Temporal UI (CORS for its origin; an operator token, or the local dev UI)
  // and /metrics (Prometheus scrapes with an operator token; never public).
  app.use('/codec/*', codecCors(deps.config));
  app.use('/codec/*', operatorOnly(verify, { localUiOrigins: deps.config.codec.trustLocalUi ? deps.config.codec.corsOrigins : undefined }));
  app.use('/metrics', operatorOnly(verify));

  // Bodies are bounded before anything reads them: document uploads may be large, everything else is small.
  app.use('*', requestBodyLimit);
  app.use('*', jsonBodyGuard);

  app.onError(async (error, c) => {
    await ensurePersonForProblem(c, error);
    const language = callerLanguage(c);
    if (error instanceof DomainError) return problemResponse(c, error, language);
    if (error instanceof HTTPException) {
      const code = error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : 'validation_failed';
      return problemResponse(c, new DomainError(code, error.message || undefined), language);
    }
    if (error instanceof SyntaxError) {
      return problemResponse(c, new DomainError('validation_failed', 'The body is not valid JSON.', { errors: [{ path: '(body)', message: 'invalid JSON' }] }), language);
    }
    if (isDataException(error)) {
      // A value the database refuses (SQLSTATE class 22) is the caller's input, not our failure.
      return problemResponse(c, new DomainError('validation_failed', 'A value in the request cannot be stored.'), language);
    }
    if (isDatabaseUnavailable(error)) {
      c.get('log')?.warn({ err: error }, 'database unavailable');
      return problemResponse(c, new DomainError('service_unavailable', 'The database is unavailable; try again shortly.', { retryAfterSeconds: 5 }), language);
    }
    if (isTemporalUnavailable(error)) {
      c.get('log')?.warn({ err: error }, 'temporal unavailable');
      return problemResponse(c, new DomainError('service_unavailable', 'The process engine is unavailable; try again shortly.', { retryAfterSeconds: 5 }), language);
    }
    (c.get('log') ?? deps.logger).error({ err: error }, 'unexpected error');
    return problemResponse(c, new DomainError('internal_error', 'Something went wrong on our side.'), language);
  });
  app.notFound((c) => {
    // A documented path asked with a method it does not have: 405 with the methods it has.
    const allowed = methodsOf(app.routes, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      const response = problemResponse(c, new DomainError('method_not_allowed', `${c.req.path} allows ${allowed.join(', ')}, not ${c.req.method}.`), callerLanguage(c));
      response.headers.set('allow', allowed.join(', '));
      return response;
    }
    if (wantsPage(c.req.raw, c.env)) return c.html(notFoundDocument(callerLanguage(c), c.req.path), 404);
    return problemResponse(c, new DomainError('not_found', `No route ${c.req.method} ${c.req.path}.`), callerLanguage(c));
  });

  app.route('/', healthRoutes);
  app.route('/', docsRoutes);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Professional spaces API',
      version: '0.1.0',
      description: 'Company professional spaces: invitations, roles and permissions, certification and mandates. Errors are application/problem+json with a stable `code`.',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  app.route('/', codecRoutes(deps.config));
  app.route('/', metricsRoutes(deps.config, httpMetrics));
  app.route('/', meRoutes);
  app.route('/', spaceRoutes);
  app.route('/', eventRoutes);
  app.route('/', invitationRoutes);
  app.route('/', memberRoutes);
  app.route('/', catalogRoutes);
  app.route('/', certificationRoutes);
  app.route('/', procedureRoutes);
  app.route('/', staffRoutes);
  app.route('/', companyRoutes);
  app.route('/', mandateRoutes);
  app.route('/', mandatorRoutes);
  return app;
}

export type App = ReturnType<typeof createApp>;

/** A browser navigating, submitting a form or holding a page session; never with a bearer token or in-process. */
function wantsPage(request: Request, env: unknown): boolean {
  if (pageCallerOf(env) || request.headers.has('authorization')) return false;
  if ((request.headers.get('accept') ?? '').includes('text/html')) return true;
  // A page's own links (a PDF, a document) fetched with the session cookie.
  if (/(?:^|;\s*)(?:__Host-)?session=/.test(request.headers.get('cookie') ?? '')) return true;
  const type = request.headers.get('content-type') ?? '';
  return request.method === 'POST' && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'));
}

function isDataException(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const MAX_URL_LENGTH = 8 * 1024;
/** Everything under these needs a token. */
const PROTECTED_PREFIXES = ['/me/*', '/spaces/*', '/invitations/*', '/catalog/*', '/staff/*'];
const requestBodyLimit: MiddlewareHandler = (c, next) => (DOCUMENT_UPLOAD.test(c.req.path) ? documentBodyLimit : smallBodyLimit)(c, next);
const DOCUMENT_UPLOAD = /^\/spaces\/[^/]+\/certification-requests(\/[^/]+\/documents)?$/;
const SMALL_BODY_BYTES = 1024 * 1024;
const smallBodyLimit = bodyLimit({
  maxSize: SMALL_BODY_BYTES,
  onError: () => {
    throw new DomainError('payload_too_large', `The body exceeds ${SMALL_BODY_BYTES} bytes.`);
  },
});

const routePatterns = new WeakMap<object, { method: string; pattern: RegExp }[]>();

/** The methods the app's routes answer for this path (middleware entries excluded). */
function methodsOf(routes: { method: string; path: string }[], path: string): string[] {
  let patterns = routePatterns.get(routes);
  if (!patterns) {
    patterns = routes
      .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
      .map((route) => ({ method: route.method, pattern: new RegExp(`^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`) }));
    routePatterns.set(routes, patterns);
  }
  return [...new Set(patterns.filter((route) => route.pattern.test(path)).map((route) => route.method))];
}
