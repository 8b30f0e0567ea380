// Security headers (API.md "Trust rules"): every answer says nosniff, a Referrer-Policy and that it may not be
// framed; pages get a CSP without any script (they use none), the API reference its own (Swagger UI's files of this
// origin), JSON and problem answers the strictest. HSTS only in production, where the site is served over https.
import type { MiddlewareHandler } from 'hono';

/** A form may lead here and to the login portal (a form's redirects count: "Log out" → /login → the portal). */
const pagePolicy = (formTargets: string[]) =>
  `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action ${["'self'", ...formTargets].join(' ')}; base-uri 'none'; frame-ancestors 'none'`;
/** Swagger UI sets style attributes from its script; its scripts and styles are files of this origin. */
const DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(production: boolean, loginPortal?: string): MiddlewareHandler {
  const pages = pagePolicy(loginPortal ? [new URL(loginPortal).origin] : []);
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const isHtml = (headers.get('content-type') ?? '').startsWith('text/html');
    headers.set('content-security-policy', !isHtml ? API_POLICY : c.req.path.startsWith('/docs') ? DOCS_POLICY : pages);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('x-frame-options', 'DENY');
    headers.set('referrer-policy', isHtml ? 'same-origin' : 'no-referrer');
    if (production) headers.set('strict-transport-security', HSTS);
  };
}
