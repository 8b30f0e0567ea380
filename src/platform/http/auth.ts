// Bearer JWT (HS256 with AUTH_SECRET, or a JWKS), the caller's person record, and access to a space.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { and, eq, sql, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { executeRows, type Database } from '../db/client';
import { certificates, memberships, persons } from '../db/schema';
import { findPersonIdByCertificate } from '../../features/people/store';
import { rowFromJson } from '../db/sql';
import { type PersonRow } from '../requester';
import { CERTIFICATE_SSN_PATTERN, type Permissions, type PermissionName } from '../../domain/access';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../domain/language';
import { rightNotHeld, type Grant } from '../../domain/access';
import type { Caller } from '../requester';
import type { AppEnv } from './env';
import { DomainError, forbidden, notFound } from '../../domain/errors';
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
  return { certificateSsn: ssn, name: str(claims.name) ?? ssn, email: str(claims.email), portalPersonId: str(claims.pid), staff: str(claims.staff) };
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

/**
 * The GET lists of a space whose one statement reads the caller's person, their membership and the page
 * (`readAsMember`: `readPageAsMember`, `readJsonPageAsMember`, `readTablePageAsMember`). The middleware leaves the
 * person to them: its own lookup would be a second round trip for a person that statement reads anyway. Only such
 * routes belong here — a route listed here finds no person on the context until it has read one that way.
 */
const PAGE_ROUTES = [/^\/spaces\/[0-9a-f-]{36}\/(members|invitations|events|certification-requests|procedures|mandators)$/i];

const isPageRoute = (c: Context<AppEnv>) => c.req.method === 'GET' && PAGE_ROUTES.some((route) => route.test(c.req.path));

/** Middleware: the caller's person, registering it on first contact. */
export const withPerson = createMiddleware<AppEnv>(async (c, next) => {
  if (isPageRoute(c)) return next();
  const person = await ensurePerson(c.get('deps').db, c.get('caller')!, c.req.header('accept-language'));
  c.set('person', person);
  await next();
});

/**
 * For a refusal (4xx) a page route gave before its statement read the caller's person — a 422 for its query, say:
 * the middleware's lookup and registration (R2), made late, so that the answer is in the profile's language (R40)
 * as it is on every other route. Nothing is read for any other error or route, nor when the person is known.
 */
export async function ensurePersonForProblem(c: Context<AppEnv>, error: unknown): Promise<void> {
  const caller = c.get('caller');
  const refusal = (error instanceof DomainError || error instanceof HTTPException) && error.status < 500;
  if (!refusal || !caller || c.get('person') || !isPageRoute(c)) return;
  try {
    c.set('person', await ensurePerson(c.get('deps').db, caller, c.req.header('accept-language')));
  } catch {
    // The database failing now: the answer stays in the browser's language, as before any person is known.
  }
}

export function currentPerson(c: Context<AppEnv>): PersonRow {
  const person = c.get('person');
  if (!person) throw new DomainError('unauthorized');
  return person;
}

/** The caller as the actor of a timeline event or a process step. */
export function currentActor(c: Context<AppEnv>): { personId: string; name: string } {
  const person = currentPerson(c);
  return { personId: person.id, name: person.name };
}

export function currentCaller(c: Context<AppEnv>): Caller {
  const caller = c.get('caller');
  if (!caller) throw new DomainError('unauthorized');
  return caller;
}

/** The authority of an administration staff caller (the `staff` claim); 403 for anyone else. */
export function staffAuthority(c: Context<AppEnv>): string {
  const authority = currentCaller(c).staff;
  if (!authority) throw forbidden('staff', 'This needs an administration staff token (the `staff` claim).');
  return authority;
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
  return admitted(membership, caller);
}

/** R16: with the `invited-only` certificate mode only the invited certificate gets in; a foreign space is 404. */
function admitted(membership: MembershipRow | undefined, caller: Caller): MembershipRow {
  if (!membership) throw notFound('The space');
  if (membership.certificateMode === 'invited-only' && membership.certificateSsn !== caller.certificateSsn) throw notFound('The space');
  return membership;
}

/** Rows as Postgres's row_to_json spells them. */
interface PersonJson {
  id: string;
  portal_person_id: string | null;
  name: string;
  email: string | null;
  language: PersonRow['language'];
  created_at: string;
}
interface MembershipJson {
  id: string;
  space_id: string;
  person_id: string;
  certificate_ssn: string;
  certificate_mode: MembershipRow['certificateMode'];
  role: MembershipRow['role'];
  permissions: MembershipRow['permissions'];
  invitation_id: string | null;
  created_at: string;
}

/**
 * A page of a space's list together with the caller's person and membership, in one SQL statement: the rights
 * are read from the database at every request (a removed member loses access at once, R19), only without three
 * round trips. `page` is a query whose rows are the page; it runs only for an admitted caller. A certificate
 * never seen before takes the ordinary path (registration, R2), then the same statement. `result` is what the
 * statement returns over `page`.
 */
async function readAsMember<Result>(c: Context<AppEnv>, spaceId: string, page: SQL, result: SQL, registered = false): Promise<{ membership: MembershipRow; result: Result }> {
  const { db } = c.get('deps');
  const caller = currentCaller(c);
  const [row] = await executeRows<{ person: PersonJson | null; membership: MembershipJson | null; result: Result }>(db, sql`
    with person as (
      select p.* from certificates c join persons p on p.id = c.person_id where c.ssn = ${caller.certificateSsn}
    ), membership as (
      select m.* from memberships m join person on m.person_id = person.id where m.space_id = ${spaceId}
    ), page as (
      select * from (${page}) rows
       where exists (select 1 from membership where certificate_mode <> 'invited-only' or certificate_ssn = ${caller.certificateSsn})
    )
    select (select row_to_json(person) from person) as person,
           (select row_to_json(membership) from membership) as membership,
           (${result}) as result`);
  if (!row?.person) {
    if (registered) throw notFound('The space');
    c.set('person', await ensurePerson(db, caller, c.req.header('accept-language')));
    return readAsMember<Result>(c, spaceId, page, result, true);
  }
  const p = row.person;
  c.set('person', { id: p.id, portalPersonId: p.portal_person_id, name: p.name, email: p.email, language: p.language, createdAt: new Date(p.created_at) });
  const m = row.membership;
  const membership = admitted(
    m
      ? { id: m.id, spaceId: m.space_id, personId: m.person_id, certificateSsn: m.certificate_ssn, certificateMode: m.certificate_mode, role: m.role, permissions: m.permissions, invitationId: m.invitation_id, createdAt: new Date(m.created_at) }
      : undefined,
    caller,
  );
  return { membership, result: row.result };
}

/**
 * `requireMembership` and one row of `query` (or null), read only for an admitted caller, in one round trip: for
 * routes that need the membership and a few facts about the space before they act.
 */
export async function requireMembershipWith<Row>(c: Context<AppEnv>, spaceId: string, query: SQL): Promise<{ membership: MembershipRow; row: Row | null }> {
  const { membership, result } = await readAsMember<Row | null>(c, spaceId, query, sql`select row_to_json(page) from page limit 1`);
  return { membership, row: result };
}

/** `readAsMember` with the page's rows as JSON objects, ordered by `order`. */
export async function readPageAsMember<Row>(c: Context<AppEnv>, spaceId: string, page: SQL, order: SQL): Promise<{ membership: MembershipRow; rows: Row[] }> {
  const { membership, result } = await readAsMember<Row[]>(c, spaceId, page, sql`select coalesce(json_agg(page order by ${order}), '[]'::json) from page`);
  return { membership, rows: result };
}

/**
 * `readAsMember` for the busiest lists: the database writes the whole answer, `{items, nextCursor}` as JSON text,
 * so that no row is parsed and serialised again here. `page` yields, at most `limit` + 1 rows in page order,
 * `item` (the item's JSON) and its sort key `at`, `id`; the cursor is the one `encodeCursor` writes.
 */
export async function readJsonPageAsMember(c: Context<AppEnv>, spaceId: string, page: SQL, limit: number): Promise<{ membership: MembershipRow; body: string }> {
  const { membership, result } = await readAsMember<string>(
    c,
    spaceId,
    page,
    sql`select '{"items":[' || coalesce(string_agg(item::text, ',' order by n) filter (where n <= ${limit}), '') || '],"nextCursor":'
               || case when count(*) > ${limit}
                       then to_json(max(floor(extract(epoch from at) * 1000)::bigint || '_' || id) filter (where n = ${limit}))::text
                       else 'null' end
               || '}'
          from (select item, at, id, row_number() over (order by at, id) as n from page) numbered`,
  );
  return { membership, body: result };
}

/**
 * `readPageAsMember` for a page that is a Drizzle query over one table: the rows come back typed like the
 * table's own select (JSON of the row mapped through each column's driver mapping).
 */
export async function readTablePageAsMember<T extends PgTable>(c: Context<AppEnv>, spaceId: string, table: T, query: { getSQL(): SQL }, order: SQL): Promise<{ membership: MembershipRow; rows: InferSelectModel<T>[] }> {
  const { membership, rows } = await readPageAsMember<Record<string, unknown>>(c, spaceId, query.getSQL(), order);
  return { membership, rows: rows.map((json) => rowFromJson(table, json)) };
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
      throw new DomainError('cannot_grant', `You do not hold "${right}" in this space, so you cannot grant it.`, { translatedDetail: { key: 'problem.cannot_grant.detail', params: { right } } });
    }
  }
}
