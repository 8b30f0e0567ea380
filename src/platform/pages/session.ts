// Browser sessions of the pages: a random cookie value whose SHA-256 keys a row of page_sessions, so logging out
// ends the session on the server. Every session (even before login) carries the CSRF token its forms must echo.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { pageSessions } from '../db/schema';
import type { Caller } from '../requester';

export type PageSession = typeof pageSessions.$inferSelect;
export type LoginState = NonNullable<PageSession['login']>;

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const ANONYMOUS_TTL_MS = 60 * 60 * 1000;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
const randomToken = () => randomBytes(32).toString('base64url');

/** `__Host-` pins the cookie to this host and path and requires Secure: production (https) only. */
export function cookieName(production: boolean): string {
  return production ? '__Host-session' : 'session';
}

export async function readSession(c: Context, db: Database, production: boolean): Promise<PageSession | undefined> {
  const value = getCookie(c, cookieName(production));
  if (!value) return undefined;
  const [row] = await db
    .select()
    .from(pageSessions)
    .where(and(eq(pageSessions.idHash, hash(value)), gt(pageSessions.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** A new session (a login rotates the id, so a session planted before login is worth nothing after). */
export async function startSession(
  c: Context,
  db: Database,
  production: boolean,
  content: { caller: Caller | null; login?: LoginState | null },
): Promise<PageSession> {
  const value = randomToken();
  const ttl = content.caller ? SESSION_TTL_MS : ANONYMOUS_TTL_MS;
  const [row] = await db
    .insert(pageSessions)
    .values({ idHash: hash(value), caller: content.caller, login: content.login ?? null, csrfToken: randomToken(), expiresAt: new Date(Date.now() + ttl) })
    .returning();
  setCookie(c, cookieName(production), value, { httpOnly: true, sameSite: 'Lax', secure: production, path: '/', maxAge: Math.floor(ttl / 1000) });
  // Expired sessions are swept now and then, on the way.
  if (Math.random() < 0.05) await db.delete(pageSessions).where(lt(pageSessions.expiresAt, new Date()));
  return row!;
}

export async function endSession(c: Context, db: Database, production: boolean, session: PageSession | undefined): Promise<void> {
  if (session) await db.delete(pageSessions).where(eq(pageSessions.idHash, session.idHash));
  deleteCookie(c, cookieName(production), { path: '/', secure: production });
}

export async function setLoginState(db: Database, session: PageSession, login: LoginState | null): Promise<void> {
  await db.update(pageSessions).set({ login }).where(eq(pageSessions.idHash, session.idHash));
}

export function csrfMatches(session: PageSession | undefined, sent: unknown): boolean {
  if (!session || typeof sent !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
