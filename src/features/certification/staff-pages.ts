// The staff console (R21): the requests of my authority by status; a request's page with its documents
// (downloadable), "Approve", "Reject", "Request information" and a "Reason".
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { ACTIVITY_FIELDS, CERTIFICATION_STATUSES, type Names } from '../../domain/certification';
import type { Language } from '../../domain/language';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, formString, idParam, loggedIn, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { csrfField, textArea, labelled, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { attachmentResponse } from './documents';
import { DecisionSchema } from './schemas';
import { decideCertificationRequest, staffDocument, staffRequest, staffRequests } from './use-cases';

const date = (lang: Language, value: string | null | undefined) => (value ? formatDateTime(lang, value) : '—');
const nameIn = (lang: Language, names: Names | undefined, fallback: string) => names?.[lang] ?? fallback;

function staffOnly(c: PageContext, requester: Requester): Response | undefined {
  if (requester.caller.staff) return undefined;
  const lang = c.get('lang');
  return render(c, tr(lang, 'page.staff.title'), html`<h1>${tr(lang, 'page.staff.title')}</h1><p>${tr(lang, 'page.staff.notStaff')}</p>`, {}, 403) as Response;
}

async function staffRequestPage(c: PageContext, requester: Requester, requestId: string, problem?: Problem) {
  const lang = c.get('lang');
  const request = await staffRequest(requester, requestId);
  const fields = ACTIVITY_FIELDS;
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
      <p>${labelled(lang, tr(lang, 'page.certifications.activityField'))}${nameIn(lang, field?.names, request.activityField)}</p>
      <p>${labelled(lang, tr(lang, 'page.status'))}<strong>${tr(lang, `page.certificationStatus.${request.status}` as MessageKey)}</strong></p>
      <p>${tr(lang, 'page.staff.submittedAt', { at: date(lang, request.createdAt) })}</p>
      ${request.note ? html`<p>${labelled(lang, tr(lang, 'page.staff.note'))}${request.note}</p>` : ''}
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
    { problem, fieldLabels: labels, notice: noticeOf(c, { decided: 'page.staff.decided' }) },
    problem?.status ?? 200,
  );
}

export function staffPages(pages: Hono<PageEnv>): void {
  pages.get(
    '/staff',
    loggedIn(async (c, requester) => {
    const refused = staffOnly(c, requester);
    if (refused) return refused;
    const lang = c.get('lang');
    const asked = c.req.query('status');
    const status = CERTIFICATION_STATUSES.find((item) => item === asked) ?? 'submitted';
    const requests = await staffRequests(requester, { limit: 200, status });
    const fields = ACTIVITY_FIELDS;
    const fieldName = (code: string) => nameIn(lang, fields.find((field) => field.code === code)?.names, code);
    return render(
      c,
      tr(lang, 'page.staff.title'),
      html`<h1>${tr(lang, 'page.staff.title')}</h1>
      <p>${tr(lang, 'page.staff.authority', { authority: requester.caller.staff! })}</p>
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
    }),
  );

  pages.get(
    '/staff/requests/:requestId',
    loggedIn((c, requester) => staffOnly(c, requester) ?? staffRequestPage(c, requester, idParam(c, 'requestId'))),
  );

  pages.get(
    '/staff/requests/:requestId/documents/:documentId',
    loggedIn(async (c, requester) => attachmentResponse(await staffDocument(requester, idParam(c, 'requestId'), idParam(c, 'documentId')))),
  );

  pages.post(
    '/staff/requests/:requestId/decision',
    loggedIn(async (c, requester) => {
    const refused = staffOnly(c, requester);
    if (refused) return refused;
    const requestId = idParam(c, 'requestId');
    const form = await c.req.parseBody();
    const reason = formString(form, 'reason').trim();
    return act(
      c,
      () => decideCertificationRequest(requester, requestId, parseForm(DecisionSchema, { decision: formString(form, 'decision'), ...(reason ? { reason } : {}) })),
      (problem) => staffRequestPage(c, requester, requestId, problem),
      () => c.redirect(`/staff/requests/${requestId}?notice=decided`, 303),
    );
    }),
  );
}
