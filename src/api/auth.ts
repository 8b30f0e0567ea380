// Bearer JWT (HS256 with AUTH_SECRET, or a JWKS), the caller's person record, and access to a space.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { certificates, memberships, persons } from '../db/schema';
import { findPersonIdByCertificate, type PersonRow } from '../db/queries';
import { CERTIFICATE_SSN_PATTERN, DEFAULT_LANGUAGE, isLanguage, type Language, type Permissions, type PermissionName } from '../shared/domain';
import { rightNotHeld, type Grant } from '../shared/grants';
import type { AppEnv, Caller } from './context';
import { ProblemError, forbidden, notFound } from './problem';
import { isStorableText } from './text';

/**
 * The pages (src/pages) call these same routes in-process for a logged-in session. Its identity travels in the
 * request's environment under this symbol, which no HTTP request can set, and counts as a verified token.
 */
export const PAGE_CALLER = Symbol('page caller');

export function pageCallerOf(env: unknown): Caller | undefined {
  return (env as { [PAGE_CALLER]?: Caller } | undefined)?.[PAGE_CALLER];
}

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** Clocks of the login portal and of this server may differ by this much. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * A token is held to its lifetime: `exp` is required, `iat` and `nbf` may not lie in the future (beyond the clock
 * skew), and it may not live longer than `maxLifetimeMs` (exp − iat, or exp − now without iat). Signature, `exp` and
 * `nbf` are jose's checks; the rest is ours. Any failure is a 401 like a bad signature.
 */
export function checkTokenLifetime(payload: JWTPayload, maxLifetimeMs: number, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new Error('the token has no exp');
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowSeconds + TOKEN_CLOCK_SKEW_SECONDS)) throw new Error('the token is issued in the future');
  const from = typeof iat === 'number' ? iat : nowSeconds;
  if ((exp - from) * 1000 > maxLifetimeMs + TOKEN_CLOCK_SKEW_SECONDS * 1000) throw new Error('the token lives longer than allowed');
}

export function createTokenVerifier(auth: Config['auth']): TokenVerifier {
  const options = { requiredClaims: ['exp'], clockTolerance: TOKEN_CLOCK_SKEW_SECONDS };
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
  const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
  // A claim we could not store makes the whole token unusable (401), like a malformed one.
  for (const claim of [payload.sub, payload.name, payload.email, payload.pid, payload.staff]) {
    if (typeof claim === 'string' && !isStorableText(claim)) return undefined;
  }
  const ssn = str(payload.sub);
  if (!ssn || !CERTIFICATE_SSN_PATTERN.test(ssn)) return undefined;
  return { certificateSsn: ssn, name: str(payload.name) ?? ssn, email: str(payload.email), portalPersonId: str(payload.pid), staff: str(payload.staff), operator: payload.operator === true };
}

/** Rejects requests without a valid token (401) and puts the caller on the context. */
export function authenticate(verify: TokenVerifier) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const pageCaller = pageCallerOf(c.env);
    if (pageCaller) {
      c.set('caller', pageCaller);
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ProblemError('unauthorized', 'Send a bearer token: Authorization: Bearer <JWT>.');
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]!);
    } catch {
      throw new ProblemError('unauthorized', 'The token is invalid or expired.');
    }
    const caller = toCaller(payload);
    if (!caller) throw new ProblemError('unauthorized', 'The token subject must be a 20-digit certificate SSN.');
    c.set('caller', caller);
    await next();
  });
}

/** R41: the browser language when it is one of ours (q-values honoured), else French. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLanguage) ?? DEFAULT_LANGUAGE;
}

/**
 * The caller's person: registered on first contact (R2, R41). Certificates of one person are linked by the
 * login portal's `pid` claim (R16).
 */
export async function ensurePerson(db: Database, caller: Caller, acceptLanguage: string | undefined): Promise<PersonRow> {
  // The common case, one round trip: the certificate is known.
  const [known] = await db
    .select({ person: persons })
    .from(certificates)
    .innerJoin(persons, eq(persons.id, certificates.personId))
    .where(eq(certificates.ssn, caller.certificateSsn))
    .limit(1);
  if (known) return known.person;
  return db.transaction(async (tx) => {
    let personId: string | undefined;
    if (caller.portalPersonId) {
      const [linked] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.portalPersonId, caller.portalPersonId));
      personId = linked?.id;
    }
    if (!personId) {
      const [created] = await tx
        .insert(persons)
        .values({ id: randomUUID(), portalPersonId: caller.portalPersonId, name: caller.name, email: caller.email, language: languageFromAcceptLanguage(acceptLanguage) })
        .onConflictDoNothing()
        .returning({ id: persons.id });
      personId = created?.id;
      if (!personId && caller.portalPersonId) {
        const [linked] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.portalPersonId, caller.portalPersonId));
        personId = linked?.id;
      }
    }
    if (!personId) throw new Error('could not register the person');
    await tx.insert(certificates).values({ ssn: caller.certificateSsn, personId }).onConflictDoNothing();
    const ownerId = (await findPersonIdByCertificate(tx, caller.certificateSsn)) ?? personId;
    const [person] = await tx.select().from(persons).where(eq(persons.id, ownerId));
    return person!;
  });
}

/** Middleware: the caller's person, registering it on first contact. */
export const withPerson = createMiddleware<AppEnv>(async (c, next) => {
  const person = await ensurePerson(c.get('deps').db, c.get('caller')!, c.req.header('accept-language'));
  c.set('person', person);
  await next();
});

export function currentPerson(c: Context<AppEnv>): PersonRow {
  const person = c.get('person');
  if (!person) throw new ProblemError('unauthorized');
  return person;
}

/** The caller as the actor of a timeline event or a process step. */
export function currentActor(c: Context<AppEnv>): { personId: string; name: string } {
  const person = currentPerson(c);
  return { personId: person.id, name: person.name };
}

export function currentCaller(c: Context<AppEnv>): Caller {
  const caller = c.get('caller');
  if (!caller) throw new ProblemError('unauthorized');
  return caller;
}

export type MembershipRow = typeof memberships.$inferSelect;

/**
 * The caller's membership in a space, or 404 (never reveal that a foreign space exists). With the
 * `invited-only` certificate mode only the invited certificate gets in (R16).
 */
export async function requireMembership(c: Context<AppEnv>, spaceId: string): Promise<MembershipRow> {
  const person = currentPerson(c);
  const caller = currentCaller(c);
  const [membership] = await c
    .get('deps')
    .db.select()
    .from(memberships)
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.personId, person.id)))
    .limit(1);
  if (!membership) throw notFound('The space');
  if (membership.certificateMode === 'invited-only' && membership.certificateSsn !== caller.certificateSsn) throw notFound('The space');
  return membership;
}

export function requirePermission(membership: MembershipRow, permission: PermissionName): void {
  if (!membership.permissions[permission as keyof Permissions]) throw forbidden('permission', `This needs the ${permission} permission in this space.`, permission);
}

export function requireAdministrator(membership: MembershipRow, what: string): void {
  if (membership.role !== 'administrator') throw forbidden('administrator', `Only an administrator may ${what}.`);
}

/**
 * No escalation: the caller grants (or touches an invitation or member that holds) only what they hold themselves;
 * else 403 cannot_grant. Every grant given is one of `grants` (e.g. an invitation as it is and as it will be).
 */
export function requireMayGrant(membership: MembershipRow, ...grants: Grant[]): void {
  for (const grant of grants) {
    const right = rightNotHeld(membership, grant);
    if (right !== undefined) {
      throw new ProblemError('cannot_grant', `You do not hold "${right}" in this space, so you cannot grant it.`, { translatedDetail: { key: 'problem.cannot_grant.detail', params: { right } } });
    }
  }
}
