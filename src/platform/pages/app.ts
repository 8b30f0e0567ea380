// The pages' machinery, shared by every feature's pages: the stylesheet, the reader (session, language, the
// Requester), bounded bodies, CSRF on every POST, and error pages in the reader's language. It knows no feature's
// rules: the composition root (src/app.ts) adds the features' pages to it.
import { Hono, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { getCookie } from 'hono/cookie';
import { languageFromAcceptLanguage, isLanguage, type Language } from '../../domain/language';
import type { MessageKey } from '../i18n';
import { asDomainError, problemDocument } from '../problem';
import { ANSWER_DEADLINE_MS, newRequester, type AppDependencies, type Requester } from '../requester';
import { render, toLogin, frame, type PageContext, type PageEnv } from './kit';
import { layout, STYLESHEET, tr } from './layout';
import { csrfMatches, readSession } from './session';

/** The pages app answers this header on a path it does not serve, so the API gets its turn. */
export const PAGE_MISS = 'x-page-miss';
/** Paths whose every page a browser asks for is the pages' to answer (the API there needs a bearer token). */
/** What the API serves to anyone, browsers included (the reference, the document, health, operators' endpoints). */
const API_PATHS = /^\/(?:health|openapi\.json|docs|codec|metrics)(?:\/|$)/;

export interface PagesOptions {
  /** The reader's name and language as their profile holds them (registering the person on first contact). */
  reader(requester: Requester): Promise<{ name: string; language: Language }>;
  /** Bodies bounded like the API's, before the CSRF check reads them. */
  bodyLimit?: MiddlewareHandler;
}

export function createPagesApp(deps: AppDependencies, options: PagesOptions) {
  const production = deps.config.nodeEnv === 'production';
  const pages = new Hono<PageEnv>();

  pages.get('/assets/pages.css', (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  // The reader: the session, then the language (profile, else the switch's cookie, else Accept-Language, else fr).
  pages.use('*', async (c, next) => {
    const session = await readSession(c, deps.db, production);
    c.set('session', session);
    const chosen = getCookie(c, 'lang');
    c.set('lang', isLanguage(chosen) ? chosen : languageFromAcceptLanguage(c.req.header('accept-language')));
    if (session?.caller) {
      const requester = newRequester(deps, session.caller, { acceptLanguage: c.req.header('accept-language'), answerBy: Date.now() + ANSWER_DEADLINE_MS });
      c.set('requester', requester);
      const reader = await options.reader(requester);
      c.set('readerName', reader.name);
      c.set('lang', reader.language);
    }
    await next();
  });

  if (options.bodyLimit) pages.use('*', options.bodyLimit as unknown as MiddlewareHandler<PageEnv>);

  // CSRF: every POST carries the session's token in a hidden field (SameSite=Lax cookies are the second line).
  pages.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await c.req.parseBody({ all: true });
    if (!csrfMatches(c.get('session'), form.csrf)) return messagePage(c, 'page.error.title', 'page.csrf', 403);
    await next();
  });

  pages.onError((error, c) => {
    const lang = c.get('lang') ?? 'fr';
    const refusal = asDomainError(error);
    if (refusal?.status === 404) return notFoundPage(c);
    if (refusal?.status === 401) return toLogin(c);
    if (refusal) {
      const { title, detail } = problemDocument(refusal, lang);
      return render(c, title, html`<h1>${title}</h1><p>${detail}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`, {}, refusal.status);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'page failed');
    return c.html(layout(frame(c, tr(lang, 'page.error.title')), html`<h1>${tr(lang, 'page.error.title')}</h1><p>${tr(lang, 'page.error.body')}</p>`), 500);
  });
  // A browser gets the 404 page in its reader's language for any path it asks (never the API's 401 asking for a
  // token); the API's public paths (its reference, /openapi.json, /health) have their turn.
  pages.notFound((c) => (API_PATHS.test(c.req.path) ? c.body(null, 404, { [PAGE_MISS]: '1' }) : notFoundPage(c)));

  return pages;
}

export type PagesApp = ReturnType<typeof createPagesApp>;

/** A page that only says something (a refusal without a form, the CSRF failure…), with the way home. */
export function messagePage(c: PageContext, titleKey: MessageKey, bodyKey: MessageKey, status: number) {
  const lang = c.get('lang');
  return render(c, tr(lang, titleKey), html`<h1>${tr(lang, titleKey)}</h1><p>${tr(lang, bodyKey)}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`, {}, status);
}

const notFoundBody = (lang: Language) => html`<h1>${tr(lang, 'page.notFound.title')}</h1><p>${tr(lang, 'page.notFound.body')}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`;

/** The 404 page, in the reader's language. */
export function notFoundPage(c: PageContext) {
  return render(c, tr(c.get('lang') ?? 'fr', 'page.notFound.title'), notFoundBody(c.get('lang') ?? 'fr'), {}, 404);
}

/** What a browser gets for a path nobody serves (outside the pages' session: language from the browser). */
export function notFoundDocument(lang: Language, path: string) {
  return layout({ lang, title: tr(lang, 'page.notFound.title'), path }, notFoundBody(lang));
}
