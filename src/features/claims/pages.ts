// Administrator recovery on the portal (R48): "Become administrator of a company" on the home page (the home page
// renders claimsSection), a claim's page with "Code" and "Confirm", and on a space's page its company's open claims
// with "Object" for administrators (openClaimsSection, given to the space page by the composition root).
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Language } from '../../domain/language';
import { formatDate, formatDeadline, type MessageKey } from '../../platform/i18n';
import { act, formString, idParam, inSpace, loggedIn, noticeOf, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, csrfField, textField, tr, type Html, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import type { ClaimView } from './schemas';
import { confirmClaim, getMyClaim, listMyClaims, listSpaceClaims, objectToClaim } from './use-cases';

const statusLabel = (lang: Language, claim: ClaimView) => tr(lang, `page.claims.status.${claim.status}` as MessageKey);
export const claimFieldLabels = (lang: Language) => ({ registrationNumber: tr(lang, 'page.claims.registrationNumber') });

/** The home page's "Become administrator of a company": the request form and my claims. */
export async function claimsSection(c: PageContext, requester: Requester, problem?: Problem, values: Record<string, string> = {}): Promise<Html> {
  const lang = c.get('lang');
  const mine = await listMyClaims(requester, { limit: 20 });
  return html`<section aria-labelledby="claims"><h2 id="claims">${tr(lang, 'page.claims.title')}</h2>
    <form method="post" action="/administrator-claims" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}
      <p class="hint">${tr(lang, 'page.claims.intro')}</p>
      ${textField({ lang, name: 'registrationNumber', label: claimFieldLabels(lang).registrationNumber, value: values.registrationNumber, required: true, problem })}
      <button type="submit">${tr(lang, 'page.claims.request')}</button>
    </form>
    ${mine.items.length === 0
      ? ''
      : html`<h3>${tr(lang, 'page.claims.mine')}</h3><ul>${mine.items.map((claim) => html`<li><a href="/administrator-claims/${claim.id}">${claim.companyName}</a> — ${statusLabel(lang, claim)}</li>`)}</ul>`}
  </section>`;
}

async function claimPage(c: PageContext, requester: Requester, claimId: string, problem?: Problem) {
  const lang = c.get('lang');
  const claim = await getMyClaim(requester, claimId);
  const title = tr(lang, 'page.claims.claimTitle', { companyName: claim.companyName });
  const labels = { code: tr(lang, 'page.claims.code') };
  const body =
    claim.status === 'letter_sent'
      ? html`<form method="post" action="/administrator-claims/${claim.id}/confirm" class="card" novalidate>
          ${csrfField(c.get('session')?.csrfToken)}
          <p>${tr(lang, 'page.claims.letterSent', { companyName: claim.companyName, deadline: formatDeadline(lang, claim.expiresAt) })}</p>
          ${textField({ lang, name: 'code', label: labels.code, required: true, problem, hint: 'XXXX-XXXX-XXXX', attributes: 'autocomplete="off" autocapitalize="characters" spellcheck="false"' })}
          <button type="submit">${tr(lang, 'page.claims.confirm')}</button>
        </form>`
      : claim.status === 'confirmed'
        ? html`<p>${tr(lang, 'page.claims.confirmed', { companyName: claim.companyName })}</p>
            <ul>${claim.spaceIds.map((spaceId) => html`<li><a href="/spaces/${spaceId}">/spaces/${spaceId}</a></li>`)}</ul>`
        : html`<p>${tr(lang, 'page.claims.ended', { status: statusLabel(lang, claim) })}</p>`;
  return render(c, title, html`<h1>${title}</h1><p class="muted">${claim.registrationNumber} · ${statusLabel(lang, claim)}</p>${body}`, { problem, fieldLabels: labels }, problem?.status ?? 200);
}

/** On a space's page, for its administrators: the open claims on the company, each with "Object". */
export async function openClaimsSection(c: PageContext, requester: Requester, space: { id: string; myRole: string }): Promise<Html> {
  if (space.myRole !== 'administrator') return html``;
  const lang = c.get('lang');
  const open = await listSpaceClaims(requester, space.id, { limit: 200 });
  if (open.items.length === 0) return html``;
  const csrf = c.get('session')?.csrfToken;
  return html`<section aria-labelledby="claims"><h2 id="claims">${tr(lang, 'page.claims.open')}</h2>
    <p>${tr(lang, 'page.claims.openIntro')}</p>
    <ul>${open.items.map(
      (claim) => html`<li>${tr(lang, 'page.claims.requestedBy', { claimantName: claim.claimant.name, requestedAt: formatDate(lang, claim.createdAt), deadline: formatDeadline(lang, claim.expiresAt) })}
        ${actionButton(`/spaces/${space.id}/administrator-claims/${claim.id}/object`, csrf, tr(lang, 'page.claims.object'), { danger: true, accessibleName: tr(lang, 'page.claims.objectName', { claimantName: claim.claimant.name }) })}</li>`,
    )}</ul>
  </section>`;
}

export function claimPages(pages: Hono<PageEnv>): void {
  pages.get(
    '/administrator-claims/:claimId',
    loggedIn(async (c, requester) => {
      const page = await claimPage(c, requester, idParam(c, 'claimId'));
      return page;
    }),
  );

  pages.post(
    '/administrator-claims/:claimId/confirm',
    loggedIn(async (c, requester) => {
      const claimId = idParam(c, 'claimId');
      const code = formString(await c.req.parseBody(), 'code').trim();
      return act(
        c,
        () => confirmClaim(requester, claimId, code),
        // The code is the form's only field: every refusal is shown next to it too.
        (problem) => claimPage(c, requester, claimId, { ...problem, errors: problem.errors ?? [{ path: 'code', message: problem.detail ?? problem.title }] }),
        () => c.redirect(`/administrator-claims/${claimId}`, 303),
      );
    }),
  );

  pages.post(
    '/spaces/:spaceId/administrator-claims/:claimId/object',
    inSpace(async (c, requester, spaceId) =>
      act(
        c,
        () => objectToClaim(requester, spaceId, idParam(c, 'claimId')),
        (problem) => render(c, problem.title, html`<h1>${problem.title}</h1><p><a href="/spaces/${spaceId}">${tr(c.get('lang'), 'page.claims.open')}</a></p>`, { problem }, problem.status),
        () => c.redirect(`/spaces/${spaceId}?notice=objected`, 303),
      ),
    ),
  );
}

/** The space page's notice after an objection. */
export const claimNotice = (c: PageContext) => noticeOf(c, { objected: 'page.claims.objected' });
