// The invitee's and the inviter's pages (R4, R5, R7–R9, R12, R15–R17): the page the invitation mail links to with
// Accept and Decline, "Add user" and the edit of a pending invitation.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { CERTIFICATE_MODES, PERMISSION_NAMES, ROLES } from '../../domain/access';
import type { Language } from '../../domain/language';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, confirmPage, noticeOf, inSpace, formList, formValues, idParam, loggedIn, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, checkbox, csrfField, selectField, textField, labelled, tr, type Html, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { CreateInvitationSchema, EditInvitationSchema } from './schemas';
import { acceptInvitation, declineInvitation, editInvitation, getInvitation, invite, myInvitation } from './use-cases';

type FormValues = Record<string, string | string[]>;

async function invitationPage(c: PageContext, requester: Requester, invitationId: string, problem?: Problem) {
  const lang = c.get('lang');
  const invitation = await myInvitation(requester, invitationId);
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
      <p>${tr(lang, 'page.invitation.expires', { expiresAt: formatDateTime(lang, invitation.expiresAt) })}</p>
      ${actionButton(`/invitations/${invitation.id}/accept`, csrf, tr(lang, 'page.invitation.accept'))}
      <a class="button secondary" href="/invitations/${invitation.id}/decline">${tr(lang, 'page.invitation.decline')}</a>
    </div>`,
    { problem },
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

function invitationForm(c: PageContext, action: string, submit: string, values: FormValues, problem: Problem | undefined, withCertificate: boolean): Html {
  const lang = c.get('lang');
  const labels = invitationLabels(lang);
  const checked = new Set(formList(values, 'permissions'));
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

/** Checked permissions are granted; an unchecked one is left to the role (R12–R14; the rules refuse escalation). */
function invitationBody(form: FormValues, withCertificate: boolean) {
  const checked = new Set(formList(form, 'permissions'));
  const str = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  return {
    ...(withCertificate ? { certificateSsn: str('certificateSsn') } : {}),
    firstName: str('firstName'),
    lastName: str('lastName'),
    email: str('email'),
    role: str('role'),
    permissions: Object.fromEntries(PERMISSION_NAMES.filter((name) => checked.has(name)).map((name) => [name, true])),
    certificateMode: str('certificateMode'),
  };
}

async function addUserPage(c: PageContext, requester: Requester, spaceId: string, values: FormValues = {}, problem?: Problem) {
  const lang = c.get('lang');
  const space = await getSpace(requester, spaceId);
  return render(
    c,
    `${tr(lang, 'page.users.addUser')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'users')}<h1>${tr(lang, 'page.users.addUser')}</h1>
    ${invitationForm(c, `/spaces/${space.id}/users`, tr(lang, 'page.users.invite'), values, problem, true)}`,
    { problem, fieldLabels: invitationLabels(lang) },
    problem?.status ?? 200,
  );
}

async function editInvitationPage(c: PageContext, requester: Requester, spaceId: string, invitationId: string, values?: FormValues, problem?: Problem) {
  const lang = c.get('lang');
  const [space, invitation] = await Promise.all([getSpace(requester, spaceId), getInvitation(requester, spaceId, invitationId)]);
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
    <p>${labelled(lang, tr(lang, 'page.login.certificateNumber'))}<span class="mono">${invitation.certificateSsn}</span></p>
    ${invitationForm(c, `/spaces/${space.id}/invitations/${invitation.id}`, tr(lang, 'page.users.save'), current, problem, false)}`,
    { problem, fieldLabels: invitationLabels(lang) },
    problem?.status ?? 200,
  );
}

/** The space's page after an accept: the new member is told they are in. */
export const joinedNotice = (c: PageContext) => noticeOf(c, { joined: 'page.invitation.joined' });

export function invitationPages(pages: Hono<PageEnv>): void {
  pages.get(
    '/invitations/:invitationId',
    loggedIn((c, requester) => invitationPage(c, requester, idParam(c, 'invitationId'))),
  );

  pages.post(
    '/invitations/:invitationId/accept',
    loggedIn(async (c, requester) => {
      const invitationId = idParam(c, 'invitationId');
      return act(
        c,
        () => acceptInvitation(requester, invitationId),
        (problem) => invitationPage(c, requester, invitationId, problem),
        (value) => c.redirect(`/spaces/${value.spaceId}?notice=joined`, 303),
      );
    }),
  );

  pages.get(
    '/invitations/:invitationId/decline',
    loggedIn(async (c, requester) => {
      const invitation = await myInvitation(requester, idParam(c, 'invitationId'));
      if (!invitation) return invitationPage(c, requester, idParam(c, 'invitationId'));
      return confirmPage(c, { question: tr(c.get('lang'), 'page.confirm.decline', { spaceName: invitation.spaceName }), action: `/invitations/${invitation.id}/decline`, back: `/invitations/${invitation.id}`, danger: true });
    }),
  );

  pages.post(
    '/invitations/:invitationId/decline',
    loggedIn(async (c, requester) => {
      const invitationId = idParam(c, 'invitationId');
      return act(
        c,
        () => declineInvitation(requester, invitationId),
        (problem) => invitationPage(c, requester, invitationId, problem),
        () => c.redirect('/?notice=declined', 303),
      );
    }),
  );

  pages.get(
    '/spaces/:spaceId/users/new',
    inSpace(addUserPage),
  );

  pages.post(
    '/spaces/:spaceId/users',
    inSpace(async (c, requester, spaceId) => {
      const form = formValues(await c.req.parseBody({ all: true }));
      return act(
        c,
        () => invite(requester, spaceId, parseForm(CreateInvitationSchema, invitationBody(form, true))),
        (problem) => addUserPage(c, requester, spaceId, form, problem),
        () => c.redirect(`/spaces/${spaceId}/users?notice=invited`, 303),
      );
    }),
  );

  pages.get(
    '/spaces/:spaceId/invitations/:invitationId/edit',
    loggedIn((c, requester) => editInvitationPage(c, requester, idParam(c, 'spaceId'), idParam(c, 'invitationId'))),
  );

  pages.post(
    '/spaces/:spaceId/invitations/:invitationId',
    inSpace(async (c, requester, spaceId) => {
      const invitationId = idParam(c, 'invitationId');
      const form = formValues(await c.req.parseBody({ all: true }));
      return act(
        c,
        () => editInvitation(requester, spaceId, invitationId, parseForm(EditInvitationSchema, invitationBody(form, false))),
        (problem) => editInvitationPage(c, requester, spaceId, invitationId, form, problem),
        () => c.redirect(`/spaces/${spaceId}/users?notice=saved`, 303),
      );
    }),
  );
}
