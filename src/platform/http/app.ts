// The HTTP machinery every route shares, in the order a request passes it: request id, metrics and logging, the
// URL length, the pages for a browser, the token on protected paths (401 before the body is read), the body's size
// and shape, then the route; errors become problem+json in the caller's language. It knows no feature's rules:
// the composition root (src/app.ts) mounts the features' routes on it.
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { bodyLimit } from 'hono/body-limit';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { DomainError } from '../../domain/errors';
import { ACTIVATION_FAILURE_LIMIT } from '../../domain/mandates';
import { languageFromAcceptLanguage, type Language } from '../../domain/language';
import { asDomainError, problemResponse } from '../problem';
import { ANSWER_DEADLINE_MS, staffAuthority, type AppDependencies, type Requester } from '../requester';
import { jsonBodyGuard } from './body';
import { docsRoutes } from './docs';
import type { AppEnv } from './env';
import { healthRoutes } from './health';
import { securityHeaders } from './security-headers';
import { createHttpMetrics, metricsRoutes } from './metrics';
import { codecCors, codecRoutes, operatorOnly } from './operators';
import { createRouter } from './router';
import { authenticate, createTokenVerifier, requesterOf } from './tokens';

export interface HttpAppOptions {
  /**
   * The requester's profile language, read late (and the person registered, R2) for a refusal given before a use-case
   * read the person — a 422 of the schema, say — so that every answer is in the profile's language (R40).
   */
  personLanguage(requester: Requester): Promise<Language>;
  /** The pages for people: their answer to a browser's request, or undefined when they serve no such path. */
  pages?(request: Request): Promise<Response | undefined>;
  /** What a browser gets for a path nobody serves: the HTML 404 page. */
  notFoundPage?(request: Request): Promise<Response> | Response;
  /** Bodies larger than the usual 1 MiB, on these paths only (document uploads). */
  largeBodies?: { path: RegExp; limit: MiddlewareHandler };
}

export function createHttpApp(deps: AppDependencies, options: HttpAppOptions) {
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

  // First, so that the request's span is the parent of everything it does (and its context reaches Temporal).
  if (deps.httpTracing) app.use('*', deps.httpTracing);
  app.use('*', requestId());
  app.use('*', securityHeaders(deps.config.nodeEnv === 'production', deps.config.oidc?.issuer));
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

  // A browser's request (no bearer token) goes to the pages first; a path they do not serve falls through to the API.
  if (options.pages) {
    const pages = options.pages;
    app.use('*', async (c, next) => {
      if (!wantsPage(c.req.raw)) return next();
      return (await pages(c.req.raw)) ?? next();
    });
  }

  // Authentication first: a caller without a valid token gets 401 before its body is read, parsed or validated.
  for (const prefix of PROTECTED_PREFIXES) app.use(prefix, authenticate(verify));
  // The staff console's routes: a caller without the staff claim gets 403 before its body is validated.
  app.use('/staff/*', async (c, next) => {
    staffAuthority(requesterOf(c));
    await next();
  });
  // Operators: the codec server of the Temporal UI (CORS for its origin; an operator token, or the local dev UI)
  // and /metrics (Prometheus scrapes with an operator token; never public).
  app.use('/codec/*', codecCors(deps.config));
  app.use('/codec/*', operatorOnly(verify, { localUiOrigins: deps.config.codec.trustLocalUi ? deps.config.codec.corsOrigins : undefined }));
  app.use('/metrics', operatorOnly(verify));

  // Bodies are bounded before anything reads them: document uploads may be large, everything else is small.
  app.use('*', bodyLimitFor(options.largeBodies));
  app.use('*', jsonBodyGuard);

  /** The caller's language: the profile's (R40), else — before a person is known, e.g. a 401 — the browser's (R41). */
  async function callerLanguage(c: Context<AppEnv>, problem?: DomainError): Promise<Language> {
    const browser = () => languageFromAcceptLanguage(c.req.header('accept-language'));
    if (!c.get('caller')) return browser();
    const requester = requesterOf(c);
    if (requester.person) return requester.person.language;
    if (!problem || problem.status >= 500) return browser();
    try {
      return await options.personLanguage(requester);
    } catch {
      // The database failing now: the answer stays in the browser's language, as before any person is known.
      return browser();
    }
  }

  app.onError(async (error, c) => {
    const problem = asDomainError(error);
    if (problem) {
      if (problem.status === 503) c.get('log')?.warn({ err: error }, problem.note ?? 'unavailable');
      return problemResponse(c, problem, await callerLanguage(c, problem));
    }
    (c.get('log') ?? deps.logger).error({ err: error }, 'unexpected error');
    return problemResponse(c, new DomainError('internal_error', 'Something went wrong on our side.'), await callerLanguage(c));
  });
  app.notFound(async (c) => {
    // A documented path asked with a method it does not have: 405 with the methods it has.
    const allowed = methodsOf(app.routes, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      const response = problemResponse(c, new DomainError('method_not_allowed', `${c.req.path} allows ${allowed.join(', ')}, not ${c.req.method}.`), await callerLanguage(c));
      response.headers.set('allow', allowed.join(', '));
      return response;
    }
    if (options.notFoundPage && wantsPage(c.req.raw)) return options.notFoundPage(c.req.raw);
    return problemResponse(c, new DomainError('not_found', `No route ${c.req.method} ${c.req.path}.`), await callerLanguage(c));
  });

  app.route('/', healthRoutes);
  app.route('/', docsRoutes);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Professional spaces API',
      version: '0.1.0',
      description: [
        'Company professional spaces: invitations, roles and permissions, certification and mandates. Errors are application/problem+json with a stable `code`.',
        'Text: no NUL character and no unpaired UTF-16 surrogate anywhere (422); names, addresses and file names are one line without control characters (422). An `email` is one address, never a list.',
        `Limits (429 with Retry-After): wrong activation codes ${ACTIVATION_FAILURE_LIMIT} an hour per space and per certificate; access requests (letters to a registered address) ACCESS_REQUEST_LIMIT per company and section in 24 h (${deps.config.limits.accessRequestsPerDay} here); mails MAIL_RECIPIENT_LIMIT an hour per space and recipient (${deps.config.limits.mailsPerRecipientHour} here) — an edit that would exceed it is refused and changes nothing.`,
        'Overload: 503 with Retry-After before a process starts, never after; retry with the same Idempotency-Key. Staff routes answer 403 to a caller without the staff claim before validating the body.',
      ].join('\n\n'),
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.route('/', codecRoutes(deps.config));
  app.route('/', metricsRoutes(deps.config, httpMetrics));
  return app;
}

export type HttpApp = ReturnType<typeof createHttpApp>;

/** A browser navigating, submitting a form or holding a page session; never with a bearer token. */
export function wantsPage(request: Request): boolean {
  if (request.headers.has('authorization')) return false;
  // The pages' stylesheet, for any reader (the 404 page of a browser without a session is styled too).
  if (new URL(request.url).pathname.startsWith('/assets/')) return true;
  if ((request.headers.get('accept') ?? '').includes('text/html')) return true;
  // A page's own links (a PDF, a document) fetched with the session cookie.
  if (/(?:^|;\s*)(?:__Host-)?session=/.test(request.headers.get('cookie') ?? '')) return true;
  const type = request.headers.get('content-type') ?? '';
  return request.method === 'POST' && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'));
}

const MAX_URL_LENGTH = 8 * 1024;
/** Everything under these needs a token. */
const PROTECTED_PREFIXES = ['/me/*', '/spaces/*', '/invitations/*', '/catalog/*', '/staff/*', '/administrator-claims/*'];
const SMALL_BODY_BYTES = 1024 * 1024;
const smallBodyLimit = bodyLimit({
  maxSize: SMALL_BODY_BYTES,
  onError: () => {
    throw new DomainError('payload_too_large', `The body exceeds ${SMALL_BODY_BYTES} bytes.`);
  },
});

/** Bodies of at most 1 MiB, except on the paths that carry documents: the API's limit, and the pages' too. */
export function bodyLimitFor(large: HttpAppOptions['largeBodies']): MiddlewareHandler {
  return (c, next) => (large && large.path.test(c.req.path) ? large.limit : smallBodyLimit)(c, next);
}

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
