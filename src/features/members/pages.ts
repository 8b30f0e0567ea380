// "Users" of a space's management (R3, R11, R18, R19): the members and pending invitees, "Add user", and per row
// "Edit" (pending invitees) and "Delete".
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { CERTIFICATE_MODES, escalationRefusal, PERMISSION_NAMES, permissionsForRole, ROLES, type PermissionName, type Role } from '../../domain/access';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, confirmPage, formList, formValues, inSpace, idParam, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { notFoundPage } from '../../platform/pages/app';
import { checkbox, csrfField, selectField, labelled, tr, type Problem } from '../../platform/pages/layout';
import { csvResponse } from '../../platform/pages/csv';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { cancelInvitation, getInvitation } from '../invitations/use-cases';
import { MemberChangeSchema, type MemberView } from './schemas';
import { changeMember, getMember, listMembers, removeMember } from './use-cases';

const NOTICES = { invited: 'page.users.invited', saved: 'page.saved', deleted: 'page.users.deleted' } satisfies Record<string, MessageKey>;

async function usersPage(c: PageContext, requester: Requester, spaceId: string, problem?: Problem) {
  const lang = c.get('lang');
  const [space, page] = await Promise.all([getSpace(requester, spaceId), listMembers(requester, spaceId, { limit: 200 })]);
  const members = (JSON.parse(page) as { items: MemberView[] }).items;
  const deleteLabel = tr(lang, 'page.users.delete');
  // Only the controls the reader may use (the use-cases' own rules: the permission, then no escalation).
  const me = { role: space.myRole, permissions: space.myPermissions };
  const within = (member: MemberView) => escalationRefusal(me, member) === undefined;
  const mayEdit = (member: MemberView) => (member.status === 'pending' ? me.permissions.inviteUsers : me.role === 'administrator') && within(member);
  const mayDelete = (member: MemberView) => (member.status === 'pending' ? me.permissions.inviteUsers : me.permissions.deleteUsers) && within(member);
  return render(
    c,
    `${tr(lang, 'page.users.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'users')}
    <h1>${tr(lang, 'page.users.title')}</h1>
    ${me.permissions.inviteUsers ? html`<p><a class="button" href="/spaces/${space.id}/users/new">${tr(lang, 'page.users.addUser')}</a></p>` : ''}
    <p><a href="/spaces/${space.id}/members.csv" download>${tr(lang, 'page.export')}</a></p>
    <table class="stack"><caption class="visually-hidden">${tr(lang, 'page.users.list')}</caption>
      <thead><tr><th scope="col">${tr(lang, 'page.users.name')}</th><th scope="col">${tr(lang, 'page.login.certificateNumber')}</th><th scope="col">${tr(lang, 'page.role')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
      <tbody>${members.map(
        (member) => html`<tr>
          <td data-label="${tr(lang, 'page.users.name')}">${member.name}<br><span class="muted">${member.email ?? ''}</span></td>
          <td class="mono" data-label="${tr(lang, 'page.login.certificateNumber')}">${member.certificateSsn}</td>
          <td data-label="${tr(lang, 'page.role')}">${tr(lang, `role.${member.role}` as MessageKey)}</td>
          <td data-label="${tr(lang, 'page.status')}">${tr(lang, `page.memberStatus.${member.status}` as MessageKey)}${member.expiresAt ? html`<br><span class="muted">${formatDateTime(lang, member.expiresAt)}</span>` : ''}</td>
          <td>${mayEdit(member) ? html`<a href="/spaces/${space.id}/${member.status === 'pending' ? 'invitations' : 'members'}/${member.id}/edit">${tr(lang, 'page.users.edit')}</a> ` : ''}
            ${mayDelete(member) ? html`<a href="/spaces/${space.id}/users/${member.status === 'pending' ? 'invitations' : 'members'}/${member.id}/delete">${deleteLabel}</a>` : ''}</td>
        </tr>`,
      )}</tbody>
    </table>`,
    { problem, notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

type FormValues = Record<string, string | string[]>;
const invitationName = async (requester: Requester, spaceId: string, invitationId: string) => {
  const invitation = await getInvitation(requester, spaceId, invitationId);
  return `${invitation.firstName} ${invitation.lastName}`;
};
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** R12, R16: an active member's role, permissions and certificate mode, for an administrator. */
async function editMemberPage(c: PageContext, requester: Requester, spaceId: string, memberId: string, values?: FormValues, problem?: Problem) {
  const lang = c.get('lang');
  const [space, member] = await Promise.all([getSpace(requester, spaceId), getMember(requester, spaceId, memberId)]);
  const role = (typeof values?.role === 'string' ? values.role : member.role) as string;
  const certificateMode = (typeof values?.certificateMode === 'string' ? values.certificateMode : member.certificateMode) as string;
  const checked = new Set(values ? formList(values, 'permissions') : PERMISSION_NAMES.filter((name) => member.permissions[name]));
  const labels: Record<string, string> = {
    role: tr(lang, 'page.role'),
    certificateMode: tr(lang, 'page.certificateMode'),
    ...Object.fromEntries(PERMISSION_NAMES.map((name) => [`permissions.${name}`, tr(lang, `page.permission.${name}` as MessageKey)])),
  };
  const title = tr(lang, 'page.users.editMemberTitle', { name: member.name });
  return render(
    c,
    title,
    html`${spaceHeader(lang, space, 'users')}<h1>${title}</h1>
    <p>${labelled(lang, tr(lang, 'page.login.certificateNumber'))}<span class="mono">${member.certificateSsn}</span></p>
    <form method="post" action="/spaces/${space.id}/members/${member.id}" class="card" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}
      ${selectField({ lang, name: 'role', label: labels.role!, value: role, required: true, problem, choices: ROLES.map((each) => ({ value: each, label: tr(lang, `role.${each}` as MessageKey) })) })}
      <fieldset id="field-permissions"><legend>${tr(lang, 'page.permissions')}</legend>
        ${PERMISSION_NAMES.map((name) => checkbox({ name: 'permissions', value: name, label: labels[`permissions.${name}`]!, checked: checked.has(name), problem }))}
      </fieldset>
      ${selectField({ lang, name: 'certificateMode', label: labels.certificateMode!, value: certificateMode, required: true, problem, choices: CERTIFICATE_MODES.map((mode) => ({ value: mode, label: tr(lang, `page.certificateMode.${mode}` as MessageKey) })) })}
      <button type="submit">${tr(lang, 'page.users.save')}</button>
    </form>`,
    { problem, fieldLabels: labels },
    problem?.status ?? 200,
  );
}

/**
 * Checked permissions are granted; an unchecked one is withdrawn where the role lets it go, else left to the role
 * (a manager always signs, an administrator holds all: R12–R14).
 */
function memberChange(form: FormValues) {
  const checked = new Set(formList(form, 'permissions'));
  const role = typeof form.role === 'string' ? form.role : '';
  const withdrawable = (name: PermissionName) => isRole(role) && permissionsForRole(role, { [name]: false }).ok;
  const permissions = Object.fromEntries(PERMISSION_NAMES.flatMap((name) => (checked.has(name) ? [[name, true]] : withdrawable(name) ? [[name, false]] : [])));
  return { role, permissions, certificateMode: typeof form.certificateMode === 'string' ? form.certificateMode : '' };
}

export function memberPages(pages: Hono<PageEnv>): void {
  pages.get(
    '/spaces/:spaceId/members/:memberId/edit',
    inSpace((c, requester, spaceId) => editMemberPage(c, requester, spaceId, idParam(c, 'memberId'))),
  );

  pages.post(
    '/spaces/:spaceId/members/:memberId',
    inSpace(async (c, requester, spaceId) => {
      const memberId = idParam(c, 'memberId');
      const form = formValues(await c.req.parseBody({ all: true }));
      return act(
        c,
        () => changeMember(requester, spaceId, memberId, parseForm(MemberChangeSchema, memberChange(form))),
        (problem) => editMemberPage(c, requester, spaceId, memberId, form, problem),
        () => c.redirect(`/spaces/${spaceId}/users?notice=saved`, 303),
      );
    }),
  );

  pages.get(
    '/spaces/:spaceId/users',
    inSpace(usersPage),
  );

  pages.get(
    '/spaces/:spaceId/members.csv',
    inSpace(async (c, requester, spaceId) => {
      const lang = c.get('lang');
      const members: MemberView[] = [];
      // Every member, page by page (the API's largest page).
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = JSON.parse(await listMembers(requester, spaceId, { limit: 200, ...(cursor ? { cursor } : {}) })) as { items: MemberView[]; nextCursor: string | null };
        members.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      }
      const header = (['name', 'email', 'certificate', 'role', 'status', 'since'] as const).map((column) => tr(lang, `csv.member.${column}`));
      const rows = members.map((member) => [member.name, member.email, member.certificateSsn, tr(lang, `role.${member.role}` as MessageKey), tr(lang, `page.memberStatus.${member.status}` as MessageKey), member.since]);
      return csvResponse(c, 'members.csv', header, rows);
    }),
  );

  pages.get(
    '/spaces/:spaceId/users/:kind/:id/delete',
    inSpace(async (c, requester, spaceId) => {
      const id = idParam(c, 'id');
      const kind = c.req.param('kind');
      if (kind !== 'invitations' && kind !== 'members') return notFoundPage(c);
      const lang = c.get('lang');
      const question =
        kind === 'members'
          ? tr(lang, 'page.confirm.deleteMember', { name: (await getMember(requester, spaceId, id)).name })
          : tr(lang, 'page.confirm.deleteInvitation', { name: await invitationName(requester, spaceId, id) });
      return confirmPage(c, { question, action: `/spaces/${spaceId}/users/${kind}/${id}/delete`, back: `/spaces/${spaceId}/users`, danger: true });
    }),
  );

  pages.post(
    '/spaces/:spaceId/users/:kind/:id/delete',
    inSpace(async (c, requester, spaceId) => {
      const id = idParam(c, 'id');
      const kind = c.req.param('kind');
      if (kind !== 'invitations' && kind !== 'members') return notFoundPage(c);
      return act(
        c,
        () => (kind === 'invitations' ? cancelInvitation(requester, spaceId, id) : removeMember(requester, spaceId, id)),
        (problem) => usersPage(c, requester, spaceId, problem),
        () => c.redirect(`/spaces/${spaceId}/users?notice=deleted`, 303),
      );
    }),
  );
}
