// What every page handler needs: the reader (session, language, the Requester the use-cases take), the one login
// guard, the answers (a page, a redirect, an error page) and a use-case's refusal as the page shows it. Pages call
// the features' use-cases directly, so the rules, permissions and problem codes are the API's.
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { DomainError, notFound } from '../../domain/errors';
import type { Language } from '../../domain/language';
import { asDomainError, problemDocument } from '../problem';
import type { Requester } from '../requester';
import { parseInput } from '../schemas';
import type { MessageKey } from '../i18n';
import { csrfField, layout, tr, type Html, type PageFrame, type Problem } from './layout';
import { html, raw } from 'hono/html';
import type { PageSession } from './session';

export interface PageEnv {
  Variables: {
    session?: PageSession;
    lang: Language;
    /** The logged-in reader as the use-cases see them; absent before login. */
    requester?: Requester;
    /** The reader's name as their profile holds it. */
    readerName?: string;
  };
}

export type PageContext = Context<PageEnv>;

/** The page frame of the current reader. */
export function frame(c: PageContext, title: string, extra: Partial<PageFrame> = {}): PageFrame {
  const session = c.get('session');
  const caller = session?.caller;
  const url = new URL(c.req.url);
  return {
    lang: c.get('lang'),
    title,
    user: caller ? { name: c.get('readerName') ?? caller.name, staff: caller.staff } : undefined,
    csrf: session?.csrfToken,
    path: c.req.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname,
    ...extra,
  };
}

export function render(c: PageContext, title: string, body: Html, extra: Partial<PageFrame> = {}, status = 200) {
  return c.html(layout(frame(c, title, extra), body), status as 200);
}

/** Where a page sends a reader without a session: the login, and back here after it. */
export const toLogin = (c: PageContext) => c.redirect(`/login?returnTo=${encodeURIComponent(c.req.path)}`, 303);

/** The one login guard: the handler runs for a logged-in reader, with their Requester; anyone else logs in first. */
export function loggedIn<R extends Response | Promise<Response>>(handler: (c: PageContext, requester: Requester) => R) {
  return (c: PageContext): Response | R => {
    const requester = c.get('requester');
    return requester ? handler(c, requester) : toLogin(c);
  };
}

/** `loggedIn` for the pages of one space: the handler gets the space's id from the path too (else the 404 page). */
export function inSpace<R extends Response | Promise<Response>>(handler: (c: PageContext, requester: Requester, spaceId: string) => R) {
  return loggedIn((c, requester) => handler(c, requester, idParam(c, 'spaceId')));
}

/** A use-case's refusal (or a dependency away) as the page shows it, in the reader's language; else undefined. */
export function problemOf(error: unknown, lang: Language): Problem | undefined {
  const refusal = asDomainError(error);
  return refusal ? problemDocument(refusal, lang) : undefined;
}

/**
 * Runs a form's action: its result, or its refusal as the problem the form shows beside its fields. Anything that
 * is not a refusal (a bug) goes on to the error page.
 */
export async function attempt<T>(c: PageContext, action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; problem: Problem }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    const problem = problemOf(error, c.get('lang'));
    if (!problem) throw error;
    return { ok: false, problem };
  }
}

/**
 * A form's action, the one way every page acts: on success `done` (a redirect, usually), on a refusal `refused`
 * with the problem (the form again, with what was typed and the errors beside the fields).
 */
export async function act<T>(c: PageContext, action: () => Promise<T>, refused: (problem: Problem) => Response | Promise<Response>, done: (value: T) => Response | Promise<Response>): Promise<Response> {
  const result = await attempt(c, action);
  return result.ok ? done(result.value) : refused(result.problem);
}

/** A form's fields checked with the API's own schema for that request. */
export const parseForm = parseInput as <T extends z.ZodTypeAny>(schema: T, value: unknown) => z.infer<T>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path's id: a page for something that cannot exist is the 404 page, not a database error. */
export function idParam(c: PageContext, name: string): string {
  const value = c.req.param(name) ?? '';
  if (!UUID.test(value)) throw notFound();
  return value;
}

const THIS_ORIGIN = 'http://this-site.invalid';
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Where a login, the OIDC callback or the language switch returns to: a path of this site only, as the WHATWG URL
 * parser (the browser's) reads it — it drops tabs and newlines and turns `\` into `/`, so a text check alone lets
 * `/\t/evil.example` through. Anything else returns home; a control character is a bad request (400).
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '/';
  if (CONTROL_CHARACTER.test(value)) throw new DomainError('bad_request', 'The return address contains control characters.');
  if (!value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, THIS_ORIGIN);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//host` parses to the path `//host`, which a browser would read as another host.
  return url.origin === THIS_ORIGIN && !/^\/[/\\]/.test(path) ? path : '/';
}

export const formString = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/** A form's text fields; a field sent several times (checkboxes) as the list of its values. */
export function formValues(form: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return out;
}

/** The values of a field that may be sent several times (checkboxes). */
export const formList = (form: Record<string, string | string[]>, name: string): string[] => ([] as string[]).concat(form[name] ?? []);

/** A one-time notice after a redirect (`?notice=<name>`), from the showing page's own list of notices. */
export function noticeOf(c: PageContext, notices: Record<string, MessageKey>): string | undefined {
  const key = c.req.query('notice');
  return key && Object.prototype.hasOwnProperty.call(notices, key) ? tr(c.get('lang'), notices[key]!) : undefined;
}

/**
 * A destructive or binding step asks first, on a page of its own (no script needed): the question, "Confirm" (the
 * POST to `action`) and "Cancel" back to where the reader came from. The link that led here is a plain GET.
 */
export function confirmPage(c: PageContext, options: { question: string; action: string; back: string; danger?: boolean }) {
  const lang = c.get('lang');
  const title = tr(lang, 'page.confirm.title');
  return render(
    c,
    title,
    html`<h1>${title}</h1>
    <form method="post" action="${options.action}" class="card">
      ${csrfField(c.get('session')?.csrfToken)}
      <p>${options.question}</p>
      <button type="submit"${options.danger ? raw(' class="danger"') : ''}>${tr(lang, 'page.confirm.confirm')}</button>
      <a href="${options.back}">${tr(lang, 'page.confirm.cancel')}</a>
    </form>`,
  );
}
