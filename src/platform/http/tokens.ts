// Bearer JWT (HS256 with AUTH_SECRET, or a JWKS): who calls, as the API sees it. The use-cases receive the caller
// in a Requester (src/platform/requester.ts); what the caller may do is theirs to decide.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { Config } from '../config';
import { CERTIFICATE_SSN_PATTERN } from '../../domain/access';
import { DomainError } from '../../domain/errors';
import { newRequester, type Caller, type Requester } from '../requester';
import type { AppEnv } from './env';
import { isStorableText } from './text';
import { isEmailAddress, isSingleLine } from '../schemas';

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** Clocks of the login portal and of this server may differ by this much. */
const TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * A token is held to its lifetime: `exp` is required, `iat` and `nbf` may not lie in the future (beyond the clock
 * skew), and it may not live longer than `maxLifetimeMs` (exp − iat, or exp − now without iat). Signature, `exp` and
 * `nbf` are jose's checks; the rest is ours. Any failure is a 401 like a bad signature.
 */
function checkTokenLifetime(payload: JWTPayload, maxLifetimeMs: number, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new Error('the token has no exp');
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + TOKEN_CLOCK_SKEW_SECONDS)) throw new Error('the token is issued in the future');
  const from = typeof iat === 'number' ? iat : nowSeconds;
  if ((exp - from) * 1000 > maxLifetimeMs + TOKEN_CLOCK_SKEW_SECONDS * 1000) throw new Error('the token lives longer than allowed');
}

export function createTokenVerifier(auth: Config['auth']): TokenVerifier {
  // A token the login portal issued for another client (another audience) or another issuer is refused.
  const options = {
    requiredClaims: ['exp'],
    clockTolerance: TOKEN_CLOCK_SKEW_SECONDS,
    ...(auth.audience ? { audience: auth.audience } : {}),
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
  };
  const verified = (payload: JWTPayload) => {
    checkTokenLifetime(payload, auth.maxTokenLifetimeMs);
    return payload;
  };
  if (auth.jwksUrl) {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
    return async (token) => verified((await jwtVerify(token, keys, options)).payload);
  }
  const secret = new TextEncoder().encode(auth.secret);
  return async (token) => verified((await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload);
}

function toCaller(payload: JWTPayload): Caller | undefined {
  const caller = callerFromClaims(payload);
  return caller && { ...caller, operator: payload.operator === true };
}

/**
 * The person a token's or an ID token's claims name: `sub` the 20-digit certificate SSN, `name`, `email`, `pid`,
 * `staff`. Undefined when the subject is no certificate SSN or a claim could not be stored.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller | undefined {
  const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
  // A claim we could not store makes the whole token unusable (401), like a malformed one.
  for (const claim of [claims.sub, claims.name, claims.email, claims.pid, claims.staff]) {
    if (typeof claim === 'string' && !isStorableText(claim)) return undefined;
  }
  const ssn = str(claims.sub);
  if (!ssn || !CERTIFICATE_SSN_PATTERN.test(ssn)) return undefined;
  // Notifications go to `email`: one address or none, never a list; a name is one line (it reaches mail headers).
  const email = str(claims.email);
  if (email !== null && !isEmailAddress(email)) return undefined;
  for (const claim of [claims.name, claims.staff, claims.pid]) {
    if (typeof claim === 'string' && !isSingleLine(claim)) return undefined;
  }
  return { certificateSsn: ssn, name: str(claims.name) ?? ssn, email, portalPersonId: str(claims.pid), staff: str(claims.staff) };
}

/** Rejects requests without a valid token (401) and puts the caller on the context. */
export function authenticate(verify: TokenVerifier) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'Send a bearer token: Authorization: Bearer <JWT>.');
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]!);
    } catch {
      throw new DomainError('unauthorized', 'The token is invalid or expired.');
    }
    const caller = toCaller(payload);
    if (!caller) throw new DomainError('unauthorized', 'The token subject must be a 20-digit certificate SSN.');
    c.set('caller', caller);
    await next();
  });
}

/** The use-cases' view of this request (made once): its caller, language, deadline and Idempotency-Key. */
export function requesterOf(c: Context<AppEnv>): Requester {
  const known = c.get('requester');
  if (known) return known;
  const caller = c.get('caller');
  if (!caller) throw new DomainError('unauthorized');
  const requester = newRequester(c.get('deps'), caller, {
    acceptLanguage: c.req.header('accept-language'),
    answerBy: c.get('answerBy'),
    log: c.get('log'),
    idempotencyKey: c.req.header('idempotency-key'),
  });
  c.set('requester', requester);
  return requester;
}
