// The portal's home (R5): my spaces, the invitations waiting for my answer (each with Accept and Decline), and
// "Create a space".
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Language } from '../../domain/language';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, formValues, loggedIn, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, csrfField, textField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { claimFieldLabels, claimsSection } from '../claims/pages';
import { ClaimRequestSchema } from '../claims/schemas';
import { requestClaim } from '../claims/use-cases';
import { myInvitations } from '../invitations/use-cases';
import { CreateSpaceSchema } from '../spaces/schemas';
import { createSpace, listMySpaces } from '../spaces/use-cases';

const spaceLabels = (lang: Language) => ({
  name: tr(lang, 'page.space.name'),
  'company.name': tr(lang, 'page.space.companyName'),
  'company.registrationNumber': tr(lang, 'page.space.registrationNumber'),
  'company.address.line1': tr(lang, 'page.space.line1'),
  'company.address.postalCode': tr(lang, 'page.space.postalCode'),
  'company.address.city': tr(lang, 'page.space.city'),
  'company.address.country': tr(lang, 'page.space.country'),
});

async function homePage(c: PageContext, requester: Requester, problem?: Problem, values: Record<string, string> = {}) {
  const lang = c.get('lang');
  const [spaces, invitations, claims] = await Promise.all([listMySpaces(requester, { limit: 200 }), myInvitations(requester, { limit: 200 }), claimsSection(c, requester, problem, values)]);
  const csrf = c.get('session')?.csrfToken;
  const labels = spaceLabels(lang);
  const field = (name: keyof typeof labels, value = values[name], required = true) => textField({ lang, name, label: labels[name], value, required, problem });
  return render(
    c,
    tr(lang, 'page.home.title'),
    html`<h1>${tr(lang, 'page.home.title')}</h1>
    <section aria-labelledby="invitations"><h2 id="invitations">${tr(lang, 'page.home.invitations')}</h2>
      ${invitations.items.length === 0
        ? html`<p>${tr(lang, 'page.home.noInvitations')}</p>`
        : html`<ul>${invitations.items.map(
            (invitation) => html`<li><a href="/invitations/${invitation.id}">${invitation.spaceName} — ${invitation.companyName}</a> (${tr(lang, `role.${invitation.role}` as MessageKey)}, ${formatDateTime(lang, invitation.expiresAt)})
              ${actionButton(`/invitations/${invitation.id}/accept`, csrf, tr(lang, 'page.invitation.accept'))}${actionButton(`/invitations/${invitation.id}/decline`, csrf, tr(lang, 'page.invitation.decline'), { danger: true })}</li>`,
          )}</ul>`}
    </section>
    <section aria-labelledby="spaces"><h2 id="spaces">${tr(lang, 'page.home.spaces')}</h2>
      ${spaces.items.length === 0 ? html`<p>${tr(lang, 'page.home.noSpaces')}</p>` : html`<ul>${spaces.items.map((space) => html`<li><a href="/spaces/${space.id}">${space.name}</a> — ${space.company.name}</li>`)}</ul>`}
    </section>
    <section aria-labelledby="create"><h2 id="create">${tr(lang, 'page.home.createSpace')}</h2>
      <form method="post" action="/spaces" novalidate>
        ${csrfField(csrf)}
        ${field('name')}${field('company.registrationNumber')}
        <p class="hint">${tr(lang, 'page.home.registeredHint')}</p>
        ${field('company.name', undefined, false)}${field('company.address.line1', undefined, false)}
        ${field('company.address.postalCode', undefined, false)}${field('company.address.city', undefined, false)}${field('company.address.country', values['company.address.country'] ?? 'LU', false)}
        <button type="submit">${tr(lang, 'page.home.createSpace')}</button>
      </form>
    </section>
    ${claims}`,
    { problem, fieldLabels: { ...labels, ...claimFieldLabels(lang) }, notice: noticeOf(c, { declined: 'page.invitation.declined' }) },
    problem?.status ?? 200,
  );
}

export function homePages(pages: Hono<PageEnv>): void {
  pages.get(
    '/',
    loggedIn((c, requester) => homePage(c, requester)),
  );

  pages.post(
    '/spaces',
    loggedIn(async (c, requester) => {
      const form = formValues(await c.req.parseBody()) as Record<string, string>;
      // A registered company needs no name nor address (the register gives them): blank ones are left out.
      const text = (name: string) => (form[name]?.trim() ? form[name] : undefined);
      const address = { line1: text('company.address.line1'), postalCode: text('company.address.postalCode'), city: text('company.address.city'), country: text('company.address.country') };
      const addressTyped = address.line1 !== undefined || address.postalCode !== undefined || address.city !== undefined;
      const body = {
        name: form.name,
        company: { name: text('company.name'), registrationNumber: form['company.registrationNumber'], ...(addressTyped ? { address } : {}) },
      };
      return act(
        c,
        () => createSpace(requester, parseForm(CreateSpaceSchema, body)),
        (problem) => homePage(c, requester, problem, form),
        (value) => c.redirect(`/spaces/${value.id}`, 303),
      );
    }),
  );

  // "Become administrator of a company" (R48): the claim's page follows, where its code is confirmed.
  pages.post(
    '/administrator-claims',
    loggedIn(async (c, requester) => {
      const form = formValues(await c.req.parseBody()) as Record<string, string>;
      return act(
        c,
        () => requestClaim(requester, parseForm(ClaimRequestSchema, { registrationNumber: form.registrationNumber })),
        // A refusal without a field (an open claim) is shown at the form's one field too.
        (problem) => homePage(c, requester, { ...problem, errors: problem.errors ?? [{ path: 'registrationNumber', message: problem.detail ?? problem.title }] }, form),
        (claim) => c.redirect(`/administrator-claims/${claim.id}`, 303),
      );
    }),
  );
}
