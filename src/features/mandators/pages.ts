// "Certifications" → a mandate (seed 6.7.1, R28, R32, R34, R38): for a mandate given, "Revoke", per delegate "Revoke
// access", "New delegate codes" and "End date"; for a mandate received, the mandator's data ("View data") and
// "Move" to another space of the company. Every control calls the use-case the API calls; destructive ones ask first.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { findSection } from '../../domain/sections';
import type { Language } from '../../domain/language';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, confirmPage, formString, idParam, inSpace, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { notFoundPage } from '../../platform/pages/app';
import { csrfField, labelled, selectField, textField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace, listMySpaces } from '../spaces/use-cases';
import { MandateEndDateSchema, type MandateView } from '../mandates/schemas';
import { changeDelegateCodes, changeEndDate, listMandates, revokeDelegate, revokeMandate } from '../mandates/use-cases';
import { consultMandator, moveMandator } from './use-cases';

const NOTICES = { saved: 'page.mandate.saved', revoked: 'page.mandate.revokedNotice', moved: 'page.mandate.moved' } satisfies Record<string, MessageKey>;
const sectionName = (lang: Language, code: string) => findSection(code)?.names[lang] ?? code;
const when = (lang: Language, value: string | null) => (value ? formatDateTime(lang, value) : '—');

async function mandateOf(requester: Requester, spaceId: string, mandateId: string): Promise<{ mandate: MandateView; given: boolean } | undefined> {
  const { given, received } = await listMandates(requester, spaceId);
  const mine = given.find((mandate) => mandate.id === mandateId);
  if (mine) return { mandate: mine, given: true };
  const theirs = received.find((mandate) => mandate.id === mandateId);
  return theirs && { mandate: theirs, given: false };
}

async function mandatePage(c: PageContext, requester: Requester, spaceId: string, mandateId: string, problem?: Problem) {
  const lang = c.get('lang');
  const [space, found] = await Promise.all([getSpace(requester, spaceId), mandateOf(requester, spaceId, mandateId)]);
  if (!found) return notFoundPage(c);
  const { mandate, given } = found;
  const csrf = c.get('session')?.csrfToken;
  const administrator = space.myRole === 'administrator';
  const active = mandate.status === 'active' || mandate.status === 'dispatched' || mandate.status === 'requested';
  const base = `/spaces/${space.id}/mandates/${mandate.id}`;
  const title = tr(lang, 'page.mandate.title', { sectionName: sectionName(lang, mandate.section) });
  const labels = { endDate: tr(lang, 'page.mandates.endDate'), delegateCodes: tr(lang, 'page.mandate.newCodesCount'), toSpaceId: tr(lang, 'page.mandate.moveTo') };
  const otherSpaces = given || !administrator ? [] : (await listMySpaces(requester, { limit: 200 })).items.filter((other) => other.id !== space.id && other.company.registrationNumber === space.company.registrationNumber && other.myRole === 'administrator');
  return render(
    c,
    title,
    html`${spaceHeader(lang, space, 'certifications')}<h1>${title}</h1>
    <div class="card">
      <p>${labelled(lang, tr(lang, 'page.status'))}${tr(lang, `page.mandateStatus.${mandate.status}` as MessageKey)}</p>
      <p>${labelled(lang, tr(lang, given ? 'page.mandates.delegates' : 'page.mandates.mandator'))}${given ? mandate.delegates.map((delegate) => delegate.companyName).join(', ') || '—' : mandate.mandator.companyName}</p>
      <p>${labelled(lang, tr(lang, 'page.mandates.activationDeadline'))}${when(lang, mandate.activationDeadline)}</p>
      <p>${labelled(lang, tr(lang, 'page.mandates.endDate'))}${when(lang, mandate.endDate)}</p>
    </div>
    ${given && administrator && active
      ? html`<section aria-labelledby="delegates"><h2 id="delegates">${tr(lang, 'page.mandates.delegates')}</h2>
        ${mandate.delegates.length === 0 ? html`<p>—</p>` : html`<ul>${mandate.delegates.map((delegate) => html`<li>${delegate.companyName} — ${tr(lang, `page.delegationStatus.${delegate.status}` as MessageKey)}${delegate.status === 'active' ? html` <a href="${base}/delegates/${delegate.spaceId}/revoke">${tr(lang, 'page.mandate.revokeAccess')}</a>` : ''}</li>`)}</ul>`}
        </section>
        <form method="post" action="${base}/delegate-codes" class="card" novalidate>${csrfField(csrf)}
          <h2>${tr(lang, 'page.mandate.newCodes')}</h2>
          ${textField({ lang, name: 'delegateCodes', label: labels.delegateCodes, type: 'number', value: formString(c.req.query(), 'delegateCodes') || '1', required: true, problem, attributes: 'min="0" max="20"' })}
          <button type="submit">${tr(lang, 'page.mandate.newCodes')}</button>
        </form>
        <form method="post" action="${base}/end-date" class="card" novalidate>${csrfField(csrf)}
          <h2>${tr(lang, 'page.mandates.endDate')}</h2>
          ${textField({ lang, name: 'endDate', label: labels.endDate, type: 'date', value: mandate.endDate ? mandate.endDate.slice(0, 10) : '', problem, hint: tr(lang, 'page.mandate.endDateHint') })}
          <button type="submit">${tr(lang, 'page.users.save')}</button>
        </form>
        <p><a class="button danger" href="${base}/revoke">${tr(lang, 'page.mandate.revoke')}</a></p>`
      : ''}
    ${!given
      ? html`<p><a href="/spaces/${space.id}/mandators/${mandate.mandator.spaceId}">${tr(lang, 'page.mandate.viewData')}</a></p>
        ${otherSpaces.length > 0
          ? html`<form method="post" action="/spaces/${space.id}/mandators/${mandate.mandator.spaceId}/move" class="card" novalidate>${csrfField(csrf)}
            <h2>${tr(lang, 'page.mandate.move')}</h2>
            ${selectField({ lang, name: 'toSpaceId', label: labels.toSpaceId, value: '', required: true, problem, choices: otherSpaces.map((other) => ({ value: other.id, label: other.name })) })}
            <button type="submit">${tr(lang, 'page.mandate.move')}</button></form>`
          : ''}`
      : ''}`,
    { problem, fieldLabels: labels, notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

/** R28: what the delegate may read of its mandator — who it is and, where the scope grants it, its procedures. */
async function mandatorPage(c: PageContext, requester: Requester, spaceId: string, mandatorSpaceId: string) {
  const lang = c.get('lang');
  const [space, data] = await Promise.all([getSpace(requester, spaceId), consultMandator(requester, spaceId, mandatorSpaceId, { limit: 50 })]);
  const title = tr(lang, 'page.mandator.title', { companyName: data.company.name });
  return render(
    c,
    title,
    html`${spaceHeader(lang, space, 'certifications')}<h1>${title}</h1>
    <div class="card"><p>${labelled(lang, tr(lang, 'page.mandator.registrationNumber'))}${data.company.registrationNumber}</p>
      <p>${data.company.address.line1}, ${data.company.address.postalCode} ${data.company.address.city}</p></div>
    <h2>${tr(lang, 'page.procedures.title')}</h2>
    ${data.procedures.items.length === 0
      ? html`<p>—</p>`
      : html`<ul>${data.procedures.items.map((procedure) => html`<li>${tr(lang, `procedure.type.${procedure.type}` as MessageKey)} — ${tr(lang, `procedure.status.${procedure.status}` as MessageKey)}, ${formatDateTime(lang, procedure.createdAt)}</li>`)}</ul>`}`,
  );
}

export function mandateManagementPages(pages: Hono<PageEnv>): void {
  pages.get('/spaces/:spaceId/mandates/:mandateId', inSpace((c, requester, spaceId) => mandatePage(c, requester, spaceId, idParam(c, 'mandateId'))));
  pages.get('/spaces/:spaceId/mandators/:mandatorSpaceId', inSpace((c, requester, spaceId) => mandatorPage(c, requester, spaceId, idParam(c, 'mandatorSpaceId'))));

  const back = (spaceId: string, mandateId: string, notice: keyof typeof NOTICES) => `/spaces/${spaceId}/mandates/${mandateId}?notice=${notice}`;
  pages.get(
    '/spaces/:spaceId/mandates/:mandateId/revoke',
    inSpace(async (c, requester, spaceId) => {
      const found = await mandateOf(requester, spaceId, idParam(c, 'mandateId'));
      if (!found) return notFoundPage(c);
      const lang = c.get('lang');
      const base = `/spaces/${spaceId}/mandates/${found.mandate.id}`;
      return confirmPage(c, { question: tr(lang, 'page.confirm.revokeMandate', { sectionName: sectionName(lang, found.mandate.section) }), action: `${base}/revoke`, back: base, danger: true });
    }),
  );
  pages.post(
    '/spaces/:spaceId/mandates/:mandateId/revoke',
    inSpace((c, requester, spaceId) => {
      const mandateId = idParam(c, 'mandateId');
      return act(c, () => revokeMandate(requester, spaceId, mandateId), (problem) => mandatePage(c, requester, spaceId, mandateId, problem), () => c.redirect(back(spaceId, mandateId, 'revoked'), 303));
    }),
  );
  pages.get(
    '/spaces/:spaceId/mandates/:mandateId/delegates/:delegateSpaceId/revoke',
    inSpace(async (c, requester, spaceId) => {
      const found = await mandateOf(requester, spaceId, idParam(c, 'mandateId'));
      const delegate = found?.mandate.delegates.find((each) => each.spaceId === c.req.param('delegateSpaceId'));
      if (!found || !delegate) return notFoundPage(c);
      const base = `/spaces/${spaceId}/mandates/${found.mandate.id}`;
      return confirmPage(c, { question: tr(c.get('lang'), 'page.confirm.revokeAccess', { companyName: delegate.companyName }), action: `${base}/delegates/${delegate.spaceId}/revoke`, back: base, danger: true });
    }),
  );
  pages.post(
    '/spaces/:spaceId/mandates/:mandateId/delegates/:delegateSpaceId/revoke',
    inSpace((c, requester, spaceId) => {
      const mandateId = idParam(c, 'mandateId');
      const delegateSpaceId = idParam(c, 'delegateSpaceId');
      return act(c, () => revokeDelegate(requester, spaceId, mandateId, delegateSpaceId), (problem) => mandatePage(c, requester, spaceId, mandateId, problem), () => c.redirect(back(spaceId, mandateId, 'saved'), 303));
    }),
  );
  pages.post(
    '/spaces/:spaceId/mandates/:mandateId/delegate-codes',
    inSpace(async (c, requester, spaceId) => {
      const mandateId = idParam(c, 'mandateId');
      const count = Number(formString(await c.req.parseBody(), 'delegateCodes'));
      return act(c, () => changeDelegateCodes(requester, spaceId, mandateId, count), (problem) => mandatePage(c, requester, spaceId, mandateId, problem), () => c.redirect(back(spaceId, mandateId, 'saved'), 303));
    }),
  );
  pages.post(
    '/spaces/:spaceId/mandates/:mandateId/end-date',
    inSpace(async (c, requester, spaceId) => {
      const mandateId = idParam(c, 'mandateId');
      const typed = formString(await c.req.parseBody(), 'endDate').trim();
      return act(
        c,
        () => changeEndDate(requester, spaceId, mandateId, parseForm(MandateEndDateSchema, { endDate: typed === '' ? null : typed }).endDate),
        (problem) => mandatePage(c, requester, spaceId, mandateId, problem),
        () => c.redirect(back(spaceId, mandateId, 'saved'), 303),
      );
    }),
  );
  pages.post(
    '/spaces/:spaceId/mandators/:mandatorSpaceId/move',
    inSpace(async (c, requester, spaceId) => {
      const mandatorSpaceId = idParam(c, 'mandatorSpaceId');
      const toSpaceId = formString(await c.req.parseBody(), 'toSpaceId');
      return act(
        c,
        () => moveMandator(requester, spaceId, mandatorSpaceId, toSpaceId),
        (problem) => render(c, tr(c.get('lang'), 'page.mandate.move'), html`<h1>${tr(c.get('lang'), 'page.mandate.move')}</h1>`, { problem }, problem.status),
        (moved) => c.redirect(`/spaces/${moved.toSpaceId}/mandates/${moved.mandateIds[0] ?? ''}?notice=moved`, 303),
      );
    }),
  );
}
