// The reader's own pages (R2, R40, R41): logging in (the login portal over OpenID Connect, or the development login
// outside production), logging out, the language switch, and the profile with the certificate number to hand over.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { setCookie } from 'hono/cookie';
import { CERTIFICATE_SSN_PATTERN } from '../../domain/access';
import { isLanguage, LANGUAGES } from '../../domain/language';
import type { MessageKey } from '../../platform/i18n';
import { notFoundPage } from '../../platform/pages/app';
import { formString, loggedIn, noticeOf, parseForm, render, safeReturnTo, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { csrfField, selectField, textField, tr, type Problem } from '../../platform/pages/layout';
import { createOidcLogin } from '../../platform/pages/oidc';
import { endSession, setLoginState, startSession } from '../../platform/pages/session';
import type { AppDependencies, Caller } from '../../platform/requester';
import { isEmailAddress, isSingleLine } from '../../platform/schemas';
import { ProfileChangeSchema } from './schemas';
import { changeMe, me } from './use-cases';

const YEAR_SECONDS = 365 * 24 * 3600;

export function peoplePages(pages: Hono<PageEnv>, deps: AppDependencies): void {
  const production = deps.config.nodeEnv === 'production';
  const { db } = deps;
  const oidc = deps.config.oidc ? createOidcLogin(deps.config.oidc, deps.config.publicUrl) : undefined;
  const rememberLanguage = (c: PageContext, language: string) => setCookie(c, 'lang', language, { httpOnly: true, sameSite: 'Lax', secure: production, path: '/', maxAge: YEAR_SECONDS });

  /** Forms need a session for their CSRF token, even before login. */
  async function ensureSession(c: PageContext) {
    let session = c.get('session');
    if (!session) {
      session = await startSession(c, db, production, { caller: null });
      c.set('session', session);
    }
    return session;
  }

  /** A login rotates the session: the anonymous one (and whatever it held) is gone. */
  async function logIn(c: PageContext, caller: Caller) {
    await endSession(c, db, production, c.get('session'));
    c.set('session', await startSession(c, db, production, { caller }));
  }

  function devLoginPage(c: PageContext, returnTo: string, problem?: Problem, values: Record<string, string> = {}) {
    const lang = c.get('lang');
    const labels = { sub: tr(lang, 'page.login.certificateNumber'), name: tr(lang, 'page.login.name'), email: tr(lang, 'page.login.email'), staff: tr(lang, 'page.login.staff') };
    return render(
      c,
      tr(lang, 'page.login.title'),
      html`<h1>${tr(lang, 'page.login.title')}</h1>
      <p class="muted">${tr(lang, 'page.login.devNotice')}</p>
      <form method="post" action="/login" class="card" novalidate>
        ${csrfField(c.get('session')?.csrfToken)}<input type="hidden" name="returnTo" value="${returnTo}">
        ${textField({ lang, name: 'sub', label: labels.sub, value: values.sub, required: true, hint: tr(lang, 'page.login.certificateHint'), problem, attributes: 'inputmode="numeric" autocomplete="username"' })}
        ${textField({ lang, name: 'name', label: labels.name, value: values.name, required: true, problem, attributes: 'autocomplete="name"' })}
        ${textField({ lang, name: 'email', label: labels.email, value: values.email, type: 'email', problem, attributes: 'autocomplete="email"' })}
        ${textField({ lang, name: 'staff', label: labels.staff, value: values.staff, hint: tr(lang, 'page.login.staffHint'), problem })}
        <button type="submit">${tr(lang, 'page.login')}</button>
      </form>`,
      { problem, fieldLabels: labels },
      problem ? 422 : 200,
    );
  }

  pages.get('/login', async (c) => {
    const lang = c.get('lang');
    const returnTo = safeReturnTo(c.req.query('returnTo'));
    if (oidc) {
      const session = await ensureSession(c);
      const { url, state } = await oidc.start(returnTo);
      await setLoginState(db, session, state);
      return c.redirect(url, 303);
    }
    if (production) return render(c, tr(lang, 'page.login.title'), html`<h1>${tr(lang, 'page.login.title')}</h1><p>${tr(lang, 'page.login.production')}</p>`, {}, 404);
    await ensureSession(c);
    return devLoginPage(c, returnTo);
  });

  pages.post('/login', async (c) => {
    const lang = c.get('lang');
    if (production || oidc) return notFoundPage(c);
    const form = await c.req.parseBody();
    const values = { sub: formString(form, 'sub').trim(), name: formString(form, 'name').trim(), email: formString(form, 'email').trim(), staff: formString(form, 'staff').trim() };
    const errors: Problem['errors'] = [];
    if (!CERTIFICATE_SSN_PATTERN.test(values.sub)) errors.push({ path: 'sub', message: tr(lang, 'page.login.certificateHint') });
    if (!values.name) errors.push({ path: 'name', message: tr(lang, 'page.required') });
    else if (!isSingleLine(values.name)) errors.push({ path: 'name', message: tr(lang, 'page.login.nameInvalid') });
    if (values.email && !isEmailAddress(values.email)) errors.push({ path: 'email', message: tr(lang, 'page.login.emailInvalid') });
    const returnTo = safeReturnTo(form.returnTo);
    if (errors.length > 0) {
      return devLoginPage(c, returnTo, { status: 422, code: 'validation_failed', title: tr(lang, 'problem.validation_failed.title' as MessageKey), errors }, values);
    }
    await logIn(c, { certificateSsn: values.sub, name: values.name, email: values.email || null, portalPersonId: null, staff: values.staff || null });
    return c.redirect(returnTo, 303);
  });

  pages.get('/login/callback', async (c) => {
    const lang = c.get('lang');
    const session = c.get('session');
    if (!oidc || !session?.login) return notFoundPage(c);
    let caller: Caller;
    try {
      caller = await oidc.finish(new URL(c.req.url).search, session.login);
    } catch (error) {
      deps.logger.warn({ err: error }, 'OpenID Connect login failed');
      await setLoginState(db, session, null);
      return render(c, tr(lang, 'page.login.title'), html`<h1>${tr(lang, 'page.login.title')}</h1><p role="alert">${tr(lang, 'page.login.failed')}</p><p><a href="/login">${tr(lang, 'page.login')}</a></p>`, {}, 401);
    }
    const returnTo = safeReturnTo(session.login.returnTo);
    await logIn(c, caller);
    return c.redirect(returnTo, 303);
  });

  pages.post('/logout', async (c) => {
    await endSession(c, db, production, c.get('session'));
    return c.redirect('/login', 303);
  });

  pages.post('/language', async (c) => {
    const form = await c.req.parseBody();
    const language = formString(form, 'language');
    if (isLanguage(language)) {
      const requester = c.get('requester');
      if (requester) await changeMe(requester, { language });
      rememberLanguage(c, language);
    }
    return c.redirect(safeReturnTo(form.returnTo), 303);
  });

  pages.get(
    '/profile',
    loggedIn(async (c, requester) => {
      const lang = c.get('lang');
      const profile = await me(requester);
      return render(
        c,
        tr(lang, 'page.profile.title'),
        html`<h1>${tr(lang, 'page.profile.title')}</h1>
        <div class="card">
          <p>${profile.name}${profile.email ? html` — ${profile.email}` : ''}</p>
          <p id="certificate-label"><strong>${tr(lang, 'page.profile.certificateNumber')}</strong></p>
          <p class="mono" aria-labelledby="certificate-label" id="certificate-number">${profile.certificateSsn}</p>
          <p class="hint">${tr(lang, 'page.profile.certificateHint')}</p>
        </div>
        <form method="post" action="/profile" class="card">
          ${csrfField(c.get('session')?.csrfToken)}
          ${selectField({ lang, name: 'language', label: tr(lang, 'page.language'), value: profile.language, choices: LANGUAGES.map((code) => ({ value: code, label: tr(lang, `page.language.${code}` as MessageKey) })) })}
          <button type="submit">${tr(lang, 'page.profile.save')}</button>
        </form>`,
        { notice: noticeOf(c, { saved: 'page.saved' }) },
      );
    }),
  );

  pages.post(
    '/profile',
    loggedIn(async (c, requester) => {
      // The API's own schema: anything but one of the three languages is its 422.
      const { language } = parseForm(ProfileChangeSchema, { language: formString(await c.req.parseBody(), 'language') });
      const changed = await changeMe(requester, { language });
      rememberLanguage(c, changed.language);
      return c.redirect('/profile?notice=saved', 303);
    }),
  );
}
