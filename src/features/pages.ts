// The pages for people (API.md "Pages for people"): server-rendered HTML on the API's own server, in the
// reader's language, usable without JavaScript. Handlers read and act only through the JSON routes (kit.ts).
import { Hono, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { getCookie, setCookie } from 'hono/cookie';
import { languageFromAcceptLanguage } from '../domain/language';
import { DomainError } from '../domain/errors';
import type { AppDependencies, Caller } from '../platform/requester';
import { formatDateTime, type MessageKey } from '../platform/i18n';
import { CERTIFICATE_SSN_PATTERN, PERMISSION_NAMES, ROLES, CERTIFICATE_MODES } from '../domain/access';
import { CERTIFICATION_STATUSES } from '../domain/certification';
import { isLanguage, LANGUAGES, type Language } from '../domain/language';
import { layout, tr, STYLESHEET, textField, selectField, checkbox, radios, actionButton, csrfField, textArea, type Html, type Problem } from '../platform/pages/layout';
import { createApiClient, frame, render, safeReturnTo, formString, PageProblem, type ApiFetch, type PageContext, type PageEnv } from '../platform/pages/kit';
import { createOidcLogin } from '../platform/pages/oidc';
import { csrfMatches, endSession, readSession, setLoginState, startSession } from '../platform/pages/session';

/** The pages app answers this header on a path it does not serve, so the API gets its turn. */
export const PAGE_MISS = 'x-page-miss';

type Names = { fr: string; de: string; en: string };
interface Space { id: string; name: string; company: { name: string; registrationNumber: string }; procedureLanguage: Language | null; certifications: { activityField?: string; section?: string; via: string; certifiedAt: string }[]; myRole: string; myPermissions: Record<string, boolean> }
interface MyInvitation { id: string; spaceId: string; spaceName: string; companyName: string; role: string; expiresAt: string; invitedBy: { name: string } }
interface Member { id: string; status: 'active' | 'pending'; name: string; email: string | null; certificateSsn: string; role: string; invitationId: string | null; expiresAt: string | null }
interface Invitation { id: string; certificateSsn: string; firstName: string; lastName: string; email: string; role: string; permissions: Record<string, boolean>; certificateMode: string; status: string }
interface ActivityField { code: string; names: Names; authority: string; requiredDocuments: { code: string; names: Names }[] }
interface CertificationRequest { id: string; activityField: string; status: string; reason: string | null; informationRequest: string | null; documents: { id: string; name: string; contentType: string; size: number }[]; createdAt: string; space?: { name: string; companyName: string; companyRegistrationNumber: string } }
interface Party { spaceId: string; companyName: string; registrationNumber: string }
interface Mandate { id: string; section: string; scope: { procedures: boolean; dataConsultation: boolean }; status: string; activationDeadline: string; endDate: string | null; mandator: Party; delegates: (Party & { status: string })[] }
interface Section { code: string; names: Names }
interface Mandator extends Party { mandateId: string; section: string }
interface Procedure { id: string; type: string; status: string; language: Language; onBehalfOf: string | null; filedBy?: { spaceId: string; companyName: string } | null; createdAt: string }
interface ProcedureType { code: string; section: string }
type Page<T> = { items: T[]; nextCursor: string | null };

const date = (lang: Language, value: string | null | undefined) => (value ? formatDateTime(lang, value) : '—');
const nameIn = (lang: Language, names: Names | undefined, fallback: string) => names?.[lang] ?? fallback;

export function createPages(deps: AppDependencies, apiFetch: ApiFetch, options: { bodyLimit?: MiddlewareHandler } = {}) {
  const production = deps.config.nodeEnv === 'production';
  const { db } = deps;
  const api = createApiClient(apiFetch);
  const oidc = deps.config.oidc ? createOidcLogin(deps.config.oidc, deps.config.publicUrl) : undefined;
  const pages = new Hono<PageEnv>();

  pages.get('/assets/pages.css', (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  // The reader: the session, then the language (profile, else the switch's cookie, else Accept-Language, else fr).
  pages.use('*', async (c, next) => {
    const session = await readSession(c, db, production);
    c.set('session', session);
    const chosen = getCookie(c, 'lang');
    c.set('lang', isLanguage(chosen) ? chosen : languageFromAcceptLanguage(c.req.header('accept-language')));
    if (session?.caller) {
      const me = await api.call<NonNullable<PageEnv['Variables']['me']>>(c, 'GET', '/me');
      if (me.ok) {
        c.set('me', me.data);
        c.set('lang', me.data.language);
      }
    }
    await next();
  });

  // Bodies are bounded like the API's, before the CSRF check reads them.
  if (options.bodyLimit) pages.use('*', options.bodyLimit as unknown as MiddlewareHandler<PageEnv>);

  // CSRF: every POST carries the session's token in a hidden field (SameSite=Lax cookies are the second line).
  pages.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await c.req.parseBody({ all: true });
    if (!csrfMatches(c.get('session'), form.csrf)) {
      const lang = c.get('lang');
      return render(c, tr(lang, 'page.error.title'), html`<h1>${tr(lang, 'page.error.title')}</h1><p>${tr(lang, 'page.csrf')}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`, {}, 403);
    }
    await next();
  });

  pages.onError((error, c) => {
    const lang = c.get('lang') ?? 'fr';
    if (error instanceof PageProblem) return problemPage(c, error.problem);
    if (error instanceof DomainError) return problemPage(c, { status: error.status, code: error.code, title: tr(lang, `problem.${error.code}.title` as MessageKey) });
    deps.logger.error({ err: error, path: c.req.path }, 'page failed');
    return c.html(layout({ ...frame(c, tr(lang, 'page.error.title')) }, html`<h1>${tr(lang, 'page.error.title')}</h1><p>${tr(lang, 'page.error.body')}</p>`), 500);
  });
  pages.notFound((c) => c.body(null, 404, { [PAGE_MISS]: '1' }));

  function problemPage(c: PageContext, problem: Problem) {
    const lang = c.get('lang');
    if (problem.status === 404) return notFoundPage(c);
    if (problem.status === 401) return c.redirect(`/login?returnTo=${encodeURIComponent(c.req.path)}`, 303);
    return render(c, problem.title, html`<h1>${problem.title}</h1><p>${problem.detail ?? ''}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`, {}, problem.status);
  }

  /** A session with a caller, or the way to the login. */
  function loggedIn(c: PageContext): Caller | Response {
    const caller = c.get('session')?.caller;
    if (caller) return caller;
    return c.redirect(`/login?returnTo=${encodeURIComponent(c.req.path)}`, 303);
  }

  /** Forms need a session for their CSRF token, even before login. */
  async function ensureSession(c: PageContext) {
    let session = c.get('session');
    if (!session) {
      session = await startSession(c, db, production, { caller: null });
      c.set('session', session);
    }
    return session;
  }

  // ---- Login, logout, language ----------------------------------------------------------------------------

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

  pages.post('/login', async (c) => {
    const lang = c.get('lang');
    if (production || oidc) return notFoundPage(c);
    const form = await c.req.parseBody();
    const values = { sub: formString(form, 'sub').trim(), name: formString(form, 'name').trim(), email: formString(form, 'email').trim(), staff: formString(form, 'staff').trim() };
    const errors: Problem['errors'] = [];
    if (!CERTIFICATE_SSN_PATTERN.test(values.sub)) errors.push({ path: 'sub', message: tr(lang, 'page.login.certificateHint') });
    if (!values.name) errors.push({ path: 'name', message: tr(lang, 'page.required') });
    const returnTo = safeReturnTo(form.returnTo);
    if (errors.length > 0) {
      return devLoginPage(c, returnTo, { status: 422, code: 'validation_failed', title: tr(lang, 'problem.validation_failed.title' as MessageKey), errors }, values);
    }
    await logIn(c, { certificateSsn: values.sub, name: values.name, email: values.email || null, portalPersonId: null, staff: values.staff || null });
    return c.redirect(returnTo, 303);
  });

  /** A login rotates the session: the anonymous one (and whatever it held) is gone. */
  async function logIn(c: PageContext, caller: Caller) {
    await endSession(c, db, production, c.get('session'));
    const session = await startSession(c, db, production, { caller });
    c.set('session', session);
  }

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
      if (c.get('session')?.caller) await api.call(c, 'PATCH', '/me', { language });
      setCookie(c, 'lang', language, { httpOnly: true, sameSite: 'Lax', secure: production, path: '/', maxAge: 365 * 24 * 3600 });
    }
    return c.redirect(safeReturnTo(form.returnTo), 303);
  });

  // ---- Home: my spaces and the invitations waiting for me (R5) ---------------------------------------------

  async function homePage(c: PageContext, problem?: Problem, values: Record<string, string> = {}) {
    const lang = c.get('lang');
    const [spaces, invitations] = await Promise.all([api.read<Page<Space>>(c, '/spaces?limit=200'), api.read<Page<MyInvitation>>(c, '/me/invitations?limit=200')]);
    const csrf = c.get('session')?.csrfToken;
    const labels = spaceLabels(lang);
    const notice = noticeOf(c);
    return render(
      c,
      tr(lang, 'page.home.title'),
      html`<h1>${tr(lang, 'page.home.title')}</h1>
      <section aria-labelledby="invitations"><h2 id="invitations">${tr(lang, 'page.home.invitations')}</h2>
        ${invitations.items.length === 0
          ? html`<p>${tr(lang, 'page.home.noInvitations')}</p>`
          : html`<ul>${invitations.items.map(
              (invitation) => html`<li><a href="/invitations/${invitation.id}">${invitation.spaceName} — ${invitation.companyName}</a> (${tr(lang, `role.${invitation.role}` as MessageKey)}, ${date(lang, invitation.expiresAt)})
                ${actionButton(`/invitations/${invitation.id}/accept`, csrf, tr(lang, 'page.invitation.accept'))}${actionButton(`/invitations/${invitation.id}/decline`, csrf, tr(lang, 'page.invitation.decline'), { danger: true })}</li>`,
            )}</ul>`}
      </section>
      <section aria-labelledby="spaces"><h2 id="spaces">${tr(lang, 'page.home.spaces')}</h2>
        ${spaces.items.length === 0 ? html`<p>${tr(lang, 'page.home.noSpaces')}</p>` : html`<ul>${spaces.items.map((space) => html`<li><a href="/spaces/${space.id}">${space.name}</a> — ${space.company.name}</li>`)}</ul>`}
      </section>
      <section aria-labelledby="create"><h2 id="create">${tr(lang, 'page.home.createSpace')}</h2>
        <form method="post" action="/spaces" novalidate>
          ${csrfField(csrf)}
          ${textField({ lang, name: 'name', label: labels.name, value: values.name, required: true, problem })}
          ${textField({ lang, name: 'company.name', label: labels['company.name'], value: values['company.name'], required: true, problem })}
          ${textField({ lang, name: 'company.registrationNumber', label: labels['company.registrationNumber'], value: values['company.registrationNumber'], required: true, problem })}
          ${textField({ lang, name: 'company.address.line1', label: labels['company.address.line1'], value: values['company.address.line1'], required: true, problem })}
          ${textField({ lang, name: 'company.address.postalCode', label: labels['company.address.postalCode'], value: values['company.address.postalCode'], required: true, problem })}
          ${textField({ lang, name: 'company.address.city', label: labels['company.address.city'], value: values['company.address.city'], required: true, problem })}
          ${textField({ lang, name: 'company.address.country', label: labels['company.address.country'], value: values['company.address.country'] ?? 'LU', required: true, problem })}
          <button type="submit">${tr(lang, 'page.home.createSpace')}</button>
        </form>
      </section>`,
      { problem, fieldLabels: labels, notice },
      problem?.status ?? 200,
    );
  }

  const spaceLabels = (lang: Language) => ({
    name: tr(lang, 'page.space.name'),
    'company.name': tr(lang, 'page.space.companyName'),
    'company.registrationNumber': tr(lang, 'page.space.registrationNumber'),
    'company.address.line1': tr(lang, 'page.space.line1'),
    'company.address.postalCode': tr(lang, 'page.space.postalCode'),
    'company.address.city': tr(lang, 'page.space.city'),
    'company.address.country': tr(lang, 'page.space.country'),
  });

  pages.get('/', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return homePage(c);
  });

  pages.post('/spaces', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const form = stringsOf(await c.req.parseBody());
    const body = {
      name: form.name,
      company: { name: form['company.name'], registrationNumber: form['company.registrationNumber'], address: { line1: form['company.address.line1'], postalCode: form['company.address.postalCode'], city: form['company.address.city'], country: form['company.address.country'] } },
    };
    const result = await api.call<Space>(c, 'POST', '/spaces', body);
    if (!result.ok) return homePage(c, result.problem, form);
    return c.redirect(`/spaces/${result.data.id}`, 303);
  });

  // ---- An invitation: the page the invitation mail links to ------------------------------------------------

  async function invitationPage(c: PageContext, invitationId: string, problem?: Problem) {
    const lang = c.get('lang');
    const invitations = await api.read<Page<MyInvitation>>(c, '/me/invitations?limit=200');
    const invitation = invitations.items.find((item) => item.id === invitationId);
    const csrf = c.get('session')?.csrfToken;
    if (!invitation) {
      return render(c, tr(lang, 'page.notFound.title'), html`<h1>${tr(lang, 'page.notFound.title')}</h1><p>${tr(lang, 'page.invitation.gone')}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`, { problem }, problem?.status ?? 404);
    }
    const title = tr(lang, 'page.invitation.title', { spaceName: invitation.spaceName });
    return render(
      c,
      title,
      html`<h1>${title}</h1>
      <div class="card">
        <p>${tr(lang, 'page.invitation.summary', { spaceName: invitation.spaceName, companyName: invitation.companyName, role: tr(lang, `role.${invitation.role}` as MessageKey) })}</p>
        <p id="invited-by">${tr(lang, 'page.invitation.invitedBy', { name: invitation.invitedBy.name })}</p>
        <p>${tr(lang, 'page.invitation.expires', { expiresAt: date(lang, invitation.expiresAt) })}</p>
        ${actionButton(`/invitations/${invitation.id}/accept`, csrf, tr(lang, 'page.invitation.accept'))}
        ${actionButton(`/invitations/${invitation.id}/decline`, csrf, tr(lang, 'page.invitation.decline'), { danger: true })}
      </div>`,
      { problem },
      problem?.status ?? 200,
    );
  }

  pages.get('/invitations/:invitationId', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return invitationPage(c, c.req.param('invitationId'));
  });

  pages.post('/invitations/:invitationId/accept', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const result = await api.call<{ spaceId: string }>(c, 'POST', `/invitations/${encodeURIComponent(c.req.param('invitationId'))}/accept`, {});
    if (!result.ok) return invitationPage(c, c.req.param('invitationId'), result.problem);
    return c.redirect(`/spaces/${result.data.spaceId}`, 303);
  });

  pages.post('/invitations/:invitationId/decline', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const result = await api.call(c, 'POST', `/invitations/${encodeURIComponent(c.req.param('invitationId'))}/decline`, {});
    if (!result.ok) return invitationPage(c, c.req.param('invitationId'), result.problem);
    return c.redirect('/?notice=declined', 303);
  });

  // ---- A space and its management pages ---------------------------------------------------------------------

  type SpaceTab = 'overview' | 'users' | 'certifications' | 'codes' | 'procedures';

  function spaceHeader(lang: Language, space: Space, current: SpaceTab): Html {
    const tab = (name: SpaceTab, href: string, label: string) => html`<li><a href="${href}"${current === name ? html` aria-current="page"` : ''}>${label}</a></li>`;
    return html`<p class="muted"><a href="/spaces/${space.id}">${tr(lang, 'page.space.title', { spaceName: space.name })}</a> · ${space.company.name}</p>
      <nav aria-label="${tr(lang, 'page.space.management', { spaceName: space.name })}"><ul class="tabs">
        ${tab('users', `/spaces/${space.id}/users`, tr(lang, 'page.users.title'))}
        ${tab('certifications', `/spaces/${space.id}/certifications`, tr(lang, 'page.certifications.title'))}
        ${tab('codes', `/spaces/${space.id}/activation-codes`, tr(lang, 'page.codes.title'))}
        ${tab('procedures', `/spaces/${space.id}/procedures`, tr(lang, 'page.procedures.title'))}
      </ul></nav>`;
  }

  const readSpace = (c: PageContext, spaceId: string) => api.read<Space>(c, `/spaces/${encodeURIComponent(spaceId)}`);

  pages.get('/spaces/:spaceId', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const lang = c.get('lang');
    const space = await readSpace(c, c.req.param('spaceId'));
    const title = tr(lang, 'page.space.title', { spaceName: space.name });
    return render(
      c,
      title,
      html`<a class="button management" href="/spaces/${space.id}/users">${tr(lang, 'page.space.management', { spaceName: space.name })}</a>
      <h1>${title}</h1>
      <div class="card">
        <p>${tr(lang, 'page.space.company', { companyName: space.company.name, registrationNumber: space.company.registrationNumber })}</p>
        <p>${tr(lang, 'page.role')}: ${tr(lang, `role.${space.myRole}` as MessageKey)}</p>
        <p>${tr(lang, 'page.space.procedureLanguage')}: ${space.procedureLanguage ? tr(lang, `page.language.${space.procedureLanguage}` as MessageKey) : tr(lang, 'page.space.notSet')}</p>
      </div>
      <h2>${tr(lang, 'page.space.sections')}</h2>
      <ul>
        <li><a href="/spaces/${space.id}/certifications">${tr(lang, 'page.certifications.title')}</a></li>
        <li><a href="/spaces/${space.id}/activation-codes">${tr(lang, 'page.codes.title')}</a></li>
        <li><a href="/spaces/${space.id}/procedures">${tr(lang, 'page.procedures.title')}</a></li>
      </ul>`,
      { notice: noticeOf(c) },
    );
  });

  // Users (R3, R7–R19)

  pages.get('/spaces/:spaceId/users', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return usersPage(c, c.req.param('spaceId'));
  });

  async function usersPage(c: PageContext, spaceId: string, problem?: Problem) {
    const lang = c.get('lang');
    const [space, members] = await Promise.all([readSpace(c, spaceId), api.read<Page<Member>>(c, `/spaces/${encodeURIComponent(spaceId)}/members?limit=200`)]);
    const csrf = c.get('session')?.csrfToken;
    const deleteLabel = tr(lang, 'page.users.delete');
    return render(
      c,
      `${tr(lang, 'page.users.title')} · ${space.name}`,
      html`${spaceHeader(lang, space, 'users')}
      <h1>${tr(lang, 'page.users.title')}</h1>
      <p><a class="button" href="/spaces/${space.id}/users/new">${tr(lang, 'page.users.addUser')}</a></p>
      <table><caption class="visually-hidden">${tr(lang, 'page.users.list')}</caption>
        <thead><tr><th scope="col">${tr(lang, 'page.users.name')}</th><th scope="col">${tr(lang, 'page.login.certificateNumber')}</th><th scope="col">${tr(lang, 'page.role')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
        <tbody>${members.items.map(
          (member) => html`<tr>
            <td>${member.name}<br><span class="muted">${member.email ?? ''}</span></td>
            <td class="mono">${member.certificateSsn}</td>
            <td>${tr(lang, `role.${member.role}` as MessageKey)}</td>
            <td>${tr(lang, `page.memberStatus.${member.status}` as MessageKey)}${member.expiresAt ? html`<br><span class="muted">${date(lang, member.expiresAt)}</span>` : ''}</td>
            <td>${member.status === 'pending' ? html`<a href="/spaces/${space.id}/invitations/${member.id}/edit">${tr(lang, 'page.users.edit')}</a> ` : ''}
              ${actionButton(`/spaces/${space.id}/users/${member.status === 'pending' ? 'invitations' : 'members'}/${member.id}/delete`, csrf, deleteLabel, { danger: true })}</td>
          </tr>`,
        )}</tbody>
      </table>`,
      { problem, notice: noticeOf(c) },
      problem?.status ?? 200,
    );
  }

  const invitationLabels = (lang: Language): Record<string, string> => ({
    certificateSsn: tr(lang, 'page.login.certificateNumber'),
    firstName: tr(lang, 'page.users.firstName'),
    lastName: tr(lang, 'page.users.lastName'),
    email: tr(lang, 'page.login.email'),
    role: tr(lang, 'page.role'),
    certificateMode: tr(lang, 'page.certificateMode'),
    ...Object.fromEntries(PERMISSION_NAMES.map((name) => [`permissions.${name}`, tr(lang, `page.permission.${name}` as MessageKey)])),
  });

  function invitationForm(c: PageContext, action: string, submit: string, values: Record<string, string | string[]>, problem: Problem | undefined, withCertificate: boolean): Html {
    const lang = c.get('lang');
    const labels = invitationLabels(lang);
    const checked = new Set(([] as string[]).concat(values.permissions ?? []));
    const one = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
    return html`<form method="post" action="${action}" class="card" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}
      ${withCertificate ? textField({ lang, name: 'certificateSsn', label: labels.certificateSsn!, value: one('certificateSsn'), required: true, hint: tr(lang, 'page.login.certificateHint'), problem, attributes: 'inputmode="numeric"' }) : ''}
      ${textField({ lang, name: 'firstName', label: labels.firstName!, value: one('firstName'), required: true, problem })}
      ${textField({ lang, name: 'lastName', label: labels.lastName!, value: one('lastName'), required: true, problem })}
      ${textField({ lang, name: 'email', label: labels.email!, value: one('email'), type: 'email', required: true, problem })}
      ${selectField({ lang, name: 'role', label: labels.role!, value: one('role') || 'manager', required: true, problem, choices: ROLES.map((role) => ({ value: role, label: tr(lang, `role.${role}` as MessageKey) })) })}
      <fieldset id="field-permissions"><legend>${tr(lang, 'page.permissions')}</legend>
        ${PERMISSION_NAMES.map((name) => checkbox({ name: 'permissions', value: name, label: labels[`permissions.${name}`]!, checked: checked.has(name), problem }))}
      </fieldset>
      ${selectField({ lang, name: 'certificateMode', label: labels.certificateMode!, value: one('certificateMode') || 'invited-only', required: true, problem, choices: CERTIFICATE_MODES.map((mode) => ({ value: mode, label: tr(lang, `page.certificateMode.${mode}` as MessageKey) })) })}
      <button type="submit">${submit}</button>
    </form>`;
  }

  /** Checked permissions are granted; an unchecked one is left to the role (R12–R14; the API refuses escalation). */
  function invitationBody(form: Record<string, string | string[]>, withCertificate: boolean) {
    const checked = new Set(([] as string[]).concat(form.permissions ?? []));
    const str = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
    const permissions = Object.fromEntries(PERMISSION_NAMES.filter((name) => checked.has(name)).map((name) => [name, true]));
    return {
      ...(withCertificate ? { certificateSsn: str('certificateSsn') } : {}),
      firstName: str('firstName'),
      lastName: str('lastName'),
      email: str('email'),
      role: str('role'),
      permissions,
      certificateMode: str('certificateMode'),
    };
  }

  async function addUserPage(c: PageContext, spaceId: string, values: Record<string, string | string[]> = {}, problem?: Problem) {
    const lang = c.get('lang');
    const space = await readSpace(c, spaceId);
    return render(
      c,
      `${tr(lang, 'page.users.addUser')} · ${space.name}`,
      html`${spaceHeader(lang, space, 'users')}<h1>${tr(lang, 'page.users.addUser')}</h1>
      ${invitationForm(c, `/spaces/${space.id}/users`, tr(lang, 'page.users.invite'), values, problem, true)}`,
      { problem, fieldLabels: invitationLabels(lang) },
      problem?.status ?? 200,
    );
  }

  pages.get('/spaces/:spaceId/users/new', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return addUserPage(c, c.req.param('spaceId'));
  });

  pages.post('/spaces/:spaceId/users', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const spaceId = c.req.param('spaceId');
    const form = formValues(await c.req.parseBody({ all: true }));
    const result = await api.call<Invitation>(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/invitations`, invitationBody(form, true));
    if (!result.ok) return addUserPage(c, spaceId, form, result.problem);
    return c.redirect(`/spaces/${spaceId}/users?notice=invited`, 303);
  });

  async function editInvitationPage(c: PageContext, spaceId: string, invitationId: string, values?: Record<string, string | string[]>, problem?: Problem) {
    const lang = c.get('lang');
    const [space, invitation] = await Promise.all([readSpace(c, spaceId), api.read<Invitation>(c, `/spaces/${encodeURIComponent(spaceId)}/invitations/${encodeURIComponent(invitationId)}`)]);
    const current = values ?? {
      firstName: invitation.firstName,
      lastName: invitation.lastName,
      email: invitation.email,
      role: invitation.role,
      certificateMode: invitation.certificateMode,
      permissions: PERMISSION_NAMES.filter((name) => invitation.permissions[name]),
    };
    const title = tr(lang, 'page.users.editTitle', { name: `${invitation.firstName} ${invitation.lastName}` });
    return render(
      c,
      title,
      html`${spaceHeader(lang, space, 'users')}<h1>${title}</h1>
      <p>${tr(lang, 'page.login.certificateNumber')}: <span class="mono">${invitation.certificateSsn}</span></p>
      ${invitationForm(c, `/spaces/${space.id}/invitations/${invitation.id}`, tr(lang, 'page.users.save'), current, problem, false)}`,
      { problem, fieldLabels: invitationLabels(lang) },
      problem?.status ?? 200,
    );
  }

  pages.get('/spaces/:spaceId/invitations/:invitationId/edit', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return editInvitationPage(c, c.req.param('spaceId'), c.req.param('invitationId'));
  });

  pages.post('/spaces/:spaceId/invitations/:invitationId', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { spaceId, invitationId } = c.req.param();
    const form = formValues(await c.req.parseBody({ all: true }));
    const result = await api.call(c, 'PATCH', `/spaces/${encodeURIComponent(spaceId)}/invitations/${encodeURIComponent(invitationId)}`, invitationBody(form, false));
    if (!result.ok) return editInvitationPage(c, spaceId, invitationId, form, result.problem);
    return c.redirect(`/spaces/${spaceId}/users?notice=saved`, 303);
  });

  pages.post('/spaces/:spaceId/users/:kind/:id/delete', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { spaceId, kind, id } = c.req.param();
    if (kind !== 'invitations' && kind !== 'members') return notFoundPage(c);
    const result = await api.call(c, 'DELETE', `/spaces/${encodeURIComponent(spaceId)}/${kind}/${encodeURIComponent(id)}`);
    if (!result.ok) return usersPage(c, spaceId, result.problem);
    return c.redirect(`/spaces/${spaceId}/users?notice=deleted`, 303);
  });

  // Certifications, mandates given and received, access requests (R20–R25, R31)

  async function certificationsPage(c: PageContext, spaceId: string, problem?: Problem, form: 'certification' | 'access' | undefined = undefined, chosenField?: string) {
    const lang = c.get('lang');
    const id = encodeURIComponent(spaceId);
    const [space, fields, requests, mandates, sections] = await Promise.all([
      readSpace(c, spaceId),
      api.read<ActivityField[]>(c, '/catalog/activity-fields'),
      api.read<Page<CertificationRequest>>(c, `/spaces/${id}/certification-requests?limit=200`),
      api.read<{ given: Mandate[]; received: Mandate[] }>(c, `/spaces/${id}/mandates`),
      api.read<Section[]>(c, '/catalog/sections'),
    ]);
    const csrf = c.get('session')?.csrfToken;
    const chosenCode = chosenField ?? c.req.query('activityField');
    const chosen = fields.find((field) => field.code === chosenCode) ?? fields[0];
    const fieldName = (code: string | undefined) => nameIn(lang, fields.find((field) => field.code === code)?.names, code ?? '');
    const sectionName = (code: string | undefined) => nameIn(lang, sections.find((section) => section.code === code)?.names, code ?? '');
    const mandateRows = (list: Mandate[], given: boolean) =>
      list.length === 0
        ? html`<p>${tr(lang, 'page.mandates.none')}</p>`
        : html`<table><thead><tr><th scope="col">${tr(lang, 'page.mandates.section')}</th><th scope="col">${given ? tr(lang, 'page.mandates.delegates') : tr(lang, 'page.mandates.mandator')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.mandates.activationDeadline')}</th><th scope="col">${tr(lang, 'page.mandates.endDate')}</th></tr></thead>
          <tbody>${list.map(
            (mandate) => html`<tr><td>${sectionName(mandate.section)}</td><td>${given ? mandate.delegates.map((delegate) => delegate.companyName).join(', ') || '—' : mandate.mandator.companyName}</td><td>${tr(lang, `page.mandateStatus.${mandate.status}` as MessageKey)}</td><td>${date(lang, mandate.activationDeadline)}</td><td>${date(lang, mandate.endDate)}</td></tr>`,
          )}</tbody></table>`;
    const certificationLabels: Record<string, string> = { activityField: tr(lang, 'page.certifications.activityField'), documents: tr(lang, 'page.certifications.documents'), note: tr(lang, 'page.certifications.note') };
    const accessLabels: Record<string, string> = { section: tr(lang, 'page.mandates.section'), scope: tr(lang, 'page.access.scope'), delegateCodes: tr(lang, 'page.access.delegateCodes'), endDate: tr(lang, 'page.access.endDate') };
    return render(
      c,
      `${tr(lang, 'page.certifications.title')} · ${space.name}`,
      html`${spaceHeader(lang, space, 'certifications')}
      <h1>${tr(lang, 'page.certifications.title')}</h1>
      <section aria-labelledby="certs"><h2 id="certs">${tr(lang, 'page.certifications.list')}</h2>
        ${space.certifications.length === 0
          ? html`<p>${tr(lang, 'page.certifications.none')}</p>`
          : html`<ul>${space.certifications.map((cert) => html`<li>${cert.activityField ? fieldName(cert.activityField) : sectionName(cert.section)} — ${tr(lang, cert.via === 'request' ? 'page.certifications.viaRequest' : 'page.certifications.viaCode')}, ${date(lang, cert.certifiedAt)}</li>`)}</ul>`}
      </section>
      <section aria-labelledby="requests"><h2 id="requests">${tr(lang, 'page.certifications.requests')}</h2>
        ${requests.items.length === 0
          ? html`<p>${tr(lang, 'page.certifications.noRequests')}</p>`
          : html`<ul>${requests.items.map(
              (request) => html`<li>${fieldName(request.activityField)} — <strong>${tr(lang, `page.certificationStatus.${request.status}` as MessageKey)}</strong>, ${date(lang, request.createdAt)}
                ${request.reason ? html`<br>${tr(lang, 'page.certifications.reason', { reason: request.reason })}` : ''}
                ${request.status === 'information_requested' && request.informationRequest
                  ? html`<br>${tr(lang, 'page.certifications.informationRequest', { message: request.informationRequest })}
                    <form method="post" action="/spaces/${space.id}/certification-requests/${request.id}/documents" enctype="multipart/form-data">${csrfField(csrf)}
                      <div class="field"><label for="supplement-${request.id}">${tr(lang, 'page.certifications.documents')}</label><input type="file" id="supplement-${request.id}" name="documents" multiple required></div>
                      <button type="submit">${tr(lang, 'page.certifications.answer')}</button></form>`
                  : ''}</li>`,
            )}</ul>`}
      </section>
      <section aria-labelledby="given"><h2 id="given">${tr(lang, 'page.mandates.given')}</h2>${mandateRows(mandates.given, true)}</section>
      <section aria-labelledby="received"><h2 id="received">${tr(lang, 'page.mandates.received')}</h2>${mandateRows(mandates.received, false)}</section>
      <section aria-labelledby="request-certification"><h2 id="request-certification">${tr(lang, 'page.certifications.requestCertification')}</h2>
        <form method="get" action="/spaces/${space.id}/certifications">
          ${selectField({ lang, name: 'activityField', label: certificationLabels.activityField!, value: chosen?.code, choices: fields.map((field) => ({ value: field.code, label: field.names[lang] })) })}
          <button type="submit" class="secondary">${tr(lang, 'page.choose')}</button>
        </form>
        ${chosen
          ? html`<form method="post" action="/spaces/${space.id}/certification-requests" enctype="multipart/form-data" novalidate>
          ${csrfField(csrf)}<input type="hidden" name="activityField" value="${chosen.code}">
          <p><strong>${chosen.names[lang]}</strong></p>
          <fieldset id="field-documents"><legend>${certificationLabels.documents}</legend>
            <p class="hint">${tr(lang, 'page.certifications.documentsHint', { documents: chosen.requiredDocuments.map((document) => document.names[lang]).join(', ') })}</p>
            ${chosen.requiredDocuments.map((document) => html`<div class="field"><label for="document-${document.code}">${document.names[lang]}</label><input type="file" id="document-${document.code}" name="document.${document.code}" accept="application/pdf,image/jpeg,image/png"></div>`)}
          </fieldset>
          ${textArea({ lang, name: 'note', label: certificationLabels.note!, problem: form === 'certification' ? problem : undefined })}
          <button type="submit">${tr(lang, 'page.certifications.submit')}</button>
        </form>`
          : ''}
      </section>
      <section aria-labelledby="access"><h2 id="access">${tr(lang, 'page.access.title')}</h2>
        <form method="post" action="/spaces/${space.id}/access-requests" novalidate>
          ${csrfField(csrf)}
          ${selectField({ lang, name: 'section', label: accessLabels.section!, value: undefined, required: true, problem: form === 'access' ? problem : undefined, choices: sections.map((section) => ({ value: section.code, label: section.names[lang] })) })}
          <fieldset id="field-scope"><legend>${accessLabels.scope}</legend>
            ${checkbox({ name: 'scope', value: 'procedures', label: tr(lang, 'page.access.procedures'), checked: true })}
            ${checkbox({ name: 'scope', value: 'dataConsultation', label: tr(lang, 'page.access.dataConsultation'), checked: false })}
          </fieldset>
          ${textField({ lang, name: 'delegateCodes', label: accessLabels.delegateCodes!, type: 'number', value: '1', required: true, problem: form === 'access' ? problem : undefined, attributes: 'min="0" max="20"' })}
          ${textField({ lang, name: 'endDate', label: accessLabels.endDate!, type: 'date', problem: form === 'access' ? problem : undefined })}
          <button type="submit">${tr(lang, 'page.access.request')}</button>
        </form>
      </section>`,
      { problem, fieldLabels: form === 'access' ? accessLabels : certificationLabels, notice: noticeOf(c) },
      problem?.status ?? 200,
    );
  }

  pages.get('/spaces/:spaceId/certifications', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return certificationsPage(c, c.req.param('spaceId'));
  });

  /** Uploaded files as the API's documents (base64); `document.<kind>` fields name the required document. */
  async function documentsOf(form: Record<string, unknown>) {
    const documents: { name: string; contentType: string; contentBase64: string; kind?: string }[] = [];
    for (const [name, value] of Object.entries(form)) {
      const files = ([] as unknown[]).concat(value).filter((item): item is File => item instanceof File && item.size > 0);
      const kind = name.startsWith('document.') ? name.slice('document.'.length) : undefined;
      for (const file of files) {
        documents.push({ name: file.name, contentType: file.type || 'application/octet-stream', contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'), ...(kind ? { kind } : {}) });
      }
    }
    return documents;
  }

  pages.post('/spaces/:spaceId/certification-requests', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const spaceId = c.req.param('spaceId');
    const form = await c.req.parseBody({ all: true });
    const note = formString(form, 'note').trim();
    const body = { activityField: formString(form, 'activityField'), documents: await documentsOf(form), ...(note ? { note } : {}) };
    const result = await api.call(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/certification-requests`, body);
    if (!result.ok) return certificationsPage(c, spaceId, result.problem, 'certification', body.activityField);
    return c.redirect(`/spaces/${spaceId}/certifications?notice=certificationSubmitted`, 303);
  });

  pages.post('/spaces/:spaceId/certification-requests/:requestId/documents', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { spaceId, requestId } = c.req.param();
    const form = await c.req.parseBody({ all: true });
    const result = await api.call(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/certification-requests/${encodeURIComponent(requestId)}/documents`, { documents: await documentsOf(form) });
    if (!result.ok) return certificationsPage(c, spaceId, result.problem, 'certification');
    return c.redirect(`/spaces/${spaceId}/certifications?notice=certificationSubmitted`, 303);
  });

  pages.post('/spaces/:spaceId/access-requests', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const spaceId = c.req.param('spaceId');
    const form = formValues(await c.req.parseBody({ all: true }));
    const scope = new Set(([] as string[]).concat(form.scope ?? []));
    const endDate = typeof form.endDate === 'string' ? form.endDate.trim() : '';
    const codes = Number(typeof form.delegateCodes === 'string' ? form.delegateCodes : '');
    const body = { section: form.section, scope: { procedures: scope.has('procedures'), dataConsultation: scope.has('dataConsultation') }, delegateCodes: Number.isInteger(codes) ? codes : -1, ...(endDate ? { endDate } : {}) };
    const result = await api.call(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/access-requests`, body);
    if (!result.ok) return certificationsPage(c, spaceId, result.problem, 'access');
    return c.redirect(`/spaces/${spaceId}/certifications?notice=accessRequested`, 303);
  });

  // Registration of activation codes (R29, R30, R36, R37)

  async function codesPage(c: PageContext, spaceId: string, problem?: Problem, notice?: string) {
    const lang = c.get('lang');
    const space = await readSpace(c, spaceId);
    const labels = { code: tr(lang, 'page.codes.code') };
    return render(
      c,
      `${tr(lang, 'page.codes.title')} · ${space.name}`,
      html`${spaceHeader(lang, space, 'codes')}
      <h1>${tr(lang, 'page.codes.title')}</h1>
      <form method="post" action="/spaces/${space.id}/activation-codes" class="card" novalidate>
        ${csrfField(c.get('session')?.csrfToken)}
        <p>${tr(lang, 'page.codes.intro')}</p>
        ${textField({ lang, name: 'code', label: labels.code, required: true, problem, hint: 'XXXX-XXXX-XXXX', attributes: 'autocomplete="off" autocapitalize="characters" spellcheck="false"' })}
        <button type="submit">${tr(lang, 'page.codes.register')}</button>
      </form>`,
      { problem, fieldLabels: labels, notice },
      problem?.status ?? 200,
    );
  }

  pages.get('/spaces/:spaceId/activation-codes', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return codesPage(c, c.req.param('spaceId'));
  });

  pages.post('/spaces/:spaceId/activation-codes', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const lang = c.get('lang');
    const spaceId = c.req.param('spaceId');
    const form = await c.req.parseBody();
    const result = await api.call<{ kind: 'holder' | 'delegate'; section: string; mandator: { companyName: string } }>(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/activation-codes`, { code: formString(form, 'code').trim() });
    // The code is the form's only field: a refusal (invalid, expired, used…) is shown next to it too.
    if (!result.ok) return codesPage(c, spaceId, { ...result.problem, errors: result.problem.errors ?? [{ path: 'code', message: result.problem.detail ?? result.problem.title }] });
    const sections = await api.read<Section[]>(c, '/catalog/sections');
    const section = nameIn(lang, sections.find((item) => item.code === result.data.section)?.names, result.data.section);
    const notice = result.data.kind === 'holder' ? tr(lang, 'page.codes.registeredHolder', { section }) : tr(lang, 'page.codes.registeredDelegate', { section, companyName: result.data.mandator.companyName });
    return codesPage(c, spaceId, undefined, notice);
  });

  // Procedures: for my company or for a mandator (R35), sign, the PDF (R42)

  async function proceduresPage(c: PageContext, spaceId: string, problem?: Problem) {
    const lang = c.get('lang');
    const id = encodeURIComponent(spaceId);
    const [space, procedures, mandators, types] = await Promise.all([
      readSpace(c, spaceId),
      api.read<Page<Procedure>>(c, `/spaces/${id}/procedures?limit=200`),
      api.read<Page<Mandator>>(c, `/spaces/${id}/mandators?limit=200`),
      api.read<ProcedureType[]>(c, '/catalog/procedures'),
    ]);
    const csrf = c.get('session')?.csrfToken;
    const typeName = (code: string) => tr(lang, `procedure.type.${code}` as MessageKey);
    const companyOf = (spaceIdOf: string | null) => mandators.items.find((mandator) => mandator.spaceId === spaceIdOf)?.companyName ?? spaceIdOf ?? '';
    const labels: Record<string, string> = { type: tr(lang, 'page.procedures.type'), onBehalfOf: tr(lang, 'page.procedures.mandator') };
    const uniqueMandators = [...new Map(mandators.items.map((mandator) => [mandator.spaceId, mandator])).values()];
    const signLabel = tr(lang, 'page.procedures.sign');
    return render(
      c,
      `${tr(lang, 'page.procedures.title')} · ${space.name}`,
      html`${spaceHeader(lang, space, 'procedures')}
      <h1>${tr(lang, 'page.procedures.title')}</h1>
      ${procedures.items.length === 0
        ? html`<p>${tr(lang, 'page.procedures.none')}</p>`
        : html`<table><thead><tr><th scope="col">${tr(lang, 'page.procedures.type')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.procedures.language')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
          <tbody>${procedures.items.map(
            (procedure) => html`<tr><td>${typeName(procedure.type)}${procedure.onBehalfOf && procedure.onBehalfOf !== space.id ? html`<br><span class="muted">${tr(lang, 'page.procedures.onBehalfOf', { companyName: companyOf(procedure.onBehalfOf) })}</span>` : ''}${procedure.filedBy ? html`<br><span class="muted">${tr(lang, 'page.procedures.filedBy', { companyName: procedure.filedBy.companyName })}</span>` : ''}<br><span class="muted">${date(lang, procedure.createdAt)}</span></td>
              <td>${tr(lang, `procedure.status.${procedure.status}` as MessageKey)}</td>
              <td>${tr(lang, `page.language.${procedure.language}` as MessageKey)}</td>
              <td><a href="/spaces/${space.id}/procedures/${procedure.id}/pdf">${tr(lang, 'page.procedures.pdf')}</a>
                ${procedure.status === 'draft' && !procedure.filedBy ? actionButton(`/spaces/${space.id}/procedures/${procedure.id}/sign`, csrf, signLabel) : ''}</td></tr>`,
          )}</tbody></table>`}
      <section aria-labelledby="new-procedure"><h2 id="new-procedure">${tr(lang, 'page.procedures.new')}</h2>
        <form method="post" action="/spaces/${space.id}/procedures" novalidate>
          ${csrfField(csrf)}
          ${selectField({ lang, name: 'type', label: labels.type!, value: undefined, required: true, problem, choices: types.map((type) => ({ value: type.code, label: typeName(type.code) })) })}
          ${radios({ name: 'forWhom', legend: tr(lang, 'page.procedures.forWhom'), value: 'self', choices: [{ value: 'self', label: tr(lang, 'page.procedures.forMyCompany') }, { value: 'mandator', label: tr(lang, 'page.procedures.forMandator') }] })}
          ${uniqueMandators.length === 0
            ? html`<p class="muted">${tr(lang, 'page.procedures.noMandators')}</p>`
            : selectField({ lang, name: 'onBehalfOf', label: labels.onBehalfOf!, value: undefined, problem, choices: uniqueMandators.map((mandator) => ({ value: mandator.spaceId, label: `${mandator.companyName} (${mandator.registrationNumber})` })) })}
          <button type="submit">${tr(lang, 'page.procedures.create')}</button>
        </form>
      </section>`,
      { problem, fieldLabels: labels, notice: noticeOf(c) },
      problem?.status ?? 200,
    );
  }

  pages.get('/spaces/:spaceId/procedures', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    return proceduresPage(c, c.req.param('spaceId'));
  });

  pages.post('/spaces/:spaceId/procedures', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const spaceId = c.req.param('spaceId');
    const form = await c.req.parseBody();
    const forMandator = formString(form, 'forWhom') === 'mandator';
    const body = { type: formString(form, 'type'), data: {}, ...(forMandator ? { onBehalfOf: formString(form, 'onBehalfOf') } : {}) };
    const result = await api.call(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/procedures`, body);
    if (!result.ok) return proceduresPage(c, spaceId, result.problem);
    return c.redirect(`/spaces/${spaceId}/procedures?notice=procedureCreated`, 303);
  });

  pages.post('/spaces/:spaceId/procedures/:procedureId/sign', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { spaceId, procedureId } = c.req.param();
    const result = await api.call(c, 'POST', `/spaces/${encodeURIComponent(spaceId)}/procedures/${encodeURIComponent(procedureId)}/sign`, {});
    if (!result.ok) return proceduresPage(c, spaceId, result.problem);
    return c.redirect(`/spaces/${spaceId}/procedures?notice=procedureSigned`, 303);
  });

  pages.get('/spaces/:spaceId/procedures/:procedureId/pdf', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { spaceId, procedureId } = c.req.param();
    return api.passThrough(c, `/spaces/${encodeURIComponent(spaceId)}/procedures/${encodeURIComponent(procedureId)}/pdf`);
  });

  // ---- Profile (R2, R40) ------------------------------------------------------------------------------------

  pages.get('/profile', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const lang = c.get('lang');
    // The reader's profile, read once per request by the pages middleware.
    const me = c.get('me') ?? (await api.read<{ certificateSsn: string; name: string; email: string | null; language: Language }>(c, '/me'));
    return render(
      c,
      tr(lang, 'page.profile.title'),
      html`<h1>${tr(lang, 'page.profile.title')}</h1>
      <div class="card">
        <p>${me.name}${me.email ? html` — ${me.email}` : ''}</p>
        <p id="certificate-label"><strong>${tr(lang, 'page.profile.certificateNumber')}</strong></p>
        <p class="mono" aria-labelledby="certificate-label" id="certificate-number">${caller.certificateSsn}</p>
        <p class="hint">${tr(lang, 'page.profile.certificateHint')}</p>
      </div>
      <form method="post" action="/profile" class="card">
        ${csrfField(c.get('session')?.csrfToken)}
        ${selectField({ lang, name: 'language', label: tr(lang, 'page.language'), value: me.language, choices: LANGUAGES.map((code) => ({ value: code, label: tr(lang, `page.language.${code}` as MessageKey) })) })}
        <button type="submit">${tr(lang, 'page.profile.save')}</button>
      </form>`,
      { notice: noticeOf(c) },
    );
  });

  pages.post('/profile', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const form = await c.req.parseBody();
    const result = await api.call(c, 'PATCH', '/me', { language: formString(form, 'language') });
    if (!result.ok) throw new PageProblem(result.problem);
    setCookie(c, 'lang', formString(form, 'language'), { httpOnly: true, sameSite: 'Lax', secure: production, path: '/', maxAge: 365 * 24 * 3600 });
    return c.redirect('/profile?notice=saved', 303);
  });

  // ---- Staff console (R21) -----------------------------------------------------------------------------------

  function staffOnly(c: PageContext, caller: Caller): Response | undefined {
    if (caller.staff) return undefined;
    const lang = c.get('lang');
    return render(c, tr(lang, 'page.staff.title'), html`<h1>${tr(lang, 'page.staff.title')}</h1><p>${tr(lang, 'page.staff.notStaff')}</p>`, {}, 403) as Response;
  }

  pages.get('/staff', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const refused = staffOnly(c, caller);
    if (refused) return refused;
    const lang = c.get('lang');
    const asked = c.req.query('status');
    const status = (CERTIFICATION_STATUSES as readonly string[]).includes(asked ?? '') ? asked! : 'submitted';
    const [requests, fields] = await Promise.all([api.read<Page<CertificationRequest>>(c, `/staff/certification-requests?status=${status}&limit=200`), api.read<ActivityField[]>(c, '/catalog/activity-fields')]);
    const fieldName = (code: string) => nameIn(lang, fields.find((field) => field.code === code)?.names, code);
    return render(
      c,
      tr(lang, 'page.staff.title'),
      html`<h1>${tr(lang, 'page.staff.title')}</h1>
      <p>${tr(lang, 'page.staff.authority', { authority: caller.staff! })}</p>
      <nav aria-label="${tr(lang, 'page.staff.byStatus')}"><ul class="tabs">
        ${CERTIFICATION_STATUSES.map((item) => html`<li><a href="/staff?status=${item}"${item === status ? html` aria-current="page"` : ''}>${tr(lang, `page.certificationStatus.${item}` as MessageKey)}</a></li>`)}
      </ul></nav>
      <h2>${tr(lang, `page.certificationStatus.${status}` as MessageKey)}</h2>
      ${requests.items.length === 0
        ? html`<p>${tr(lang, 'page.staff.none')}</p>`
        : html`<table><thead><tr><th scope="col">${tr(lang, 'page.space.companyName')}</th><th scope="col">${tr(lang, 'page.certifications.activityField')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
          <tbody>${requests.items.map(
            (request) => html`<tr><td>${request.space?.companyName ?? ''}<br><span class="muted">${request.space?.companyRegistrationNumber ?? ''} · ${date(lang, request.createdAt)}</span></td><td>${fieldName(request.activityField)}</td><td>${tr(lang, `page.certificationStatus.${request.status}` as MessageKey)}</td>
              <td><a href="/staff/requests/${request.id}">${tr(lang, 'page.staff.open')}</a></td></tr>`,
          )}</tbody></table>`}`,
    );
  });

  async function staffRequestPage(c: PageContext, requestId: string, problem?: Problem) {
    const lang = c.get('lang');
    const [request, fields] = await Promise.all([api.read<CertificationRequest>(c, `/staff/certification-requests/${encodeURIComponent(requestId)}`), api.read<ActivityField[]>(c, '/catalog/activity-fields')]);
    const title = tr(lang, 'page.staff.requestTitle', { companyName: request.space?.companyName ?? '' });
    const field = fields.find((item) => item.code === request.activityField);
    const open = request.status === 'submitted';
    const labels = { reason: tr(lang, 'page.staff.reason') };
    return render(
      c,
      title,
      html`<p><a href="/staff">${tr(lang, 'page.staff.title')}</a></p>
      <h1>${title}</h1>
      <div class="card">
        <p>${request.space?.name ?? ''} · ${request.space?.companyRegistrationNumber ?? ''}</p>
        <p>${tr(lang, 'page.certifications.activityField')}: ${nameIn(lang, field?.names, request.activityField)}</p>
        <p>${tr(lang, 'page.status')}: <strong>${tr(lang, `page.certificationStatus.${request.status}` as MessageKey)}</strong></p>
        <p>${tr(lang, 'page.staff.submittedAt', { at: date(lang, request.createdAt) })}</p>
        ${request.reason ? html`<p>${tr(lang, 'page.certifications.reason', { reason: request.reason })}</p>` : ''}
        ${request.informationRequest ? html`<p>${tr(lang, 'page.certifications.informationRequest', { message: request.informationRequest })}</p>` : ''}
      </div>
      <h2>${tr(lang, 'page.certifications.documents')}</h2>
      <ul>${request.documents.map((document) => html`<li><a href="/staff/requests/${request.id}/documents/${document.id}" download>${document.name}</a> <span class="muted">(${document.contentType}, ${Math.ceil(document.size / 1024)} KB)</span></li>`)}</ul>
      ${open
        ? html`<h2>${tr(lang, 'page.staff.decision')}</h2>
        <form method="post" action="/staff/requests/${request.id}/decision" class="card" novalidate>
          ${csrfField(c.get('session')?.csrfToken)}
          ${textArea({ lang, name: 'reason', label: labels.reason, problem })}
          <button type="submit" name="decision" value="approve">${tr(lang, 'page.staff.approve')}</button>
          <button type="submit" name="decision" value="reject" class="danger">${tr(lang, 'page.staff.reject')}</button>
          <button type="submit" name="decision" value="request-information" class="secondary">${tr(lang, 'page.staff.requestInformation')}</button>
        </form>`
        : ''}`,
      { problem, fieldLabels: labels, notice: noticeOf(c) },
      problem?.status ?? 200,
    );
  }

  pages.get('/staff/requests/:requestId', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const refused = staffOnly(c, caller);
    if (refused) return refused;
    return staffRequestPage(c, c.req.param('requestId'));
  });

  pages.get('/staff/requests/:requestId/documents/:documentId', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const { requestId, documentId } = c.req.param();
    return api.passThrough(c, `/staff/certification-requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(documentId)}`);
  });

  pages.post('/staff/requests/:requestId/decision', async (c) => {
    const caller = loggedIn(c);
    if (caller instanceof Response) return caller;
    const refused = staffOnly(c, caller);
    if (refused) return refused;
    const requestId = c.req.param('requestId');
    const form = await c.req.parseBody();
    const reason = formString(form, 'reason').trim();
    const result = await api.call(c, 'POST', `/staff/certification-requests/${encodeURIComponent(requestId)}/decision`, { decision: formString(form, 'decision'), ...(reason ? { reason } : {}) });
    if (!result.ok) return staffRequestPage(c, requestId, result.problem);
    return c.redirect(`/staff/requests/${requestId}?notice=decided`, 303);
  });

  // ---- Helpers --------------------------------------------------------------------------------------------

  const NOTICES: Record<string, MessageKey> = {
    declined: 'page.invitation.declined',
    invited: 'page.users.invited',
    saved: 'page.saved',
    deleted: 'page.users.deleted',
    certificationSubmitted: 'page.certifications.submitted',
    accessRequested: 'page.access.requested',
    procedureCreated: 'page.procedures.created',
    procedureSigned: 'page.procedures.signed',
    decided: 'page.staff.decided',
  };
  function noticeOf(c: PageContext): string | undefined {
    const key = NOTICES[c.req.query('notice') ?? ''];
    if (!key) return undefined;
    return tr(c.get('lang'), key);
  }

  return pages;
}

const notFoundBody = (lang: Language) => html`<h1>${tr(lang, 'page.notFound.title')}</h1><p>${tr(lang, 'page.notFound.body')}</p><p><a href="/">${tr(lang, 'page.nav.home')}</a></p>`;

/** The 404 page, in the reader's language. */
export function notFoundPage(c: PageContext) {
  const lang = c.get('lang') ?? 'fr';
  return render(c, tr(lang, 'page.notFound.title'), notFoundBody(lang), {}, 404);
}

/** What a browser gets for a path nobody serves (outside the pages' session: language from the browser). */
export function notFoundDocument(lang: Language, path: string) {
  return layout({ lang, title: tr(lang, 'page.notFound.title'), path }, notFoundBody(lang));
}

function stringsOf(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function formValues(form: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return out;
}
